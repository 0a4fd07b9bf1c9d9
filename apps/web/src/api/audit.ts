import { auditPageSchema, type AuditEntry } from '@supfleet/protocol';
import { requestJson } from './request-json';

export interface AuditFilter {
  actor?: string;
  target?: string;
  /** Epoch ms. */
  since?: number;
  until?: number;
  limit?: number;
}

/** The query string of an audit request: only the filters that are set. */
export function auditQuery(filter: AuditFilter): string {
  const query = new URLSearchParams();
  if (filter.actor) query.set('actor', filter.actor);
  if (filter.target) query.set('target', filter.target);
  if (filter.since !== undefined) query.set('since', String(filter.since));
  if (filter.until !== undefined) query.set('until', String(filter.until));
  if (filter.limit !== undefined) query.set('limit', String(filter.limit));
  const text = query.toString();
  return text === '' ? '' : `?${text}`;
}

export async function fetchAudit(filter: AuditFilter, signal?: AbortSignal): Promise<AuditEntry[]> {
  const page = await requestJson(`/api/v1/audit${auditQuery(filter)}`, { schema: auditPageSchema, signal });
  return page.entries;
}
