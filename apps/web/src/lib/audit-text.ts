import type { AuditEntry } from '@supfleet/protocol';

/** An entry's result as a cell reads it: `refused: viewer: needs the operator role`, `succeeded · job 12`. */
export function auditResultText(entry: Pick<AuditEntry, 'result' | 'reason' | 'jobId'>): string {
  const parts: string[] = [entry.reason ? `${entry.result}: ${entry.reason}` : entry.result];
  if (entry.jobId !== null) parts.push(`job ${entry.jobId}`);
  return parts.join(' · ');
}

/** An entry's parameters, short (`force=true, keep=n2`); empty when there are none. */
export function auditParamsText(params: Record<string, unknown>): string {
  return Object.entries(params)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');
}

/** Where a request came from: `page from 127.0.0.1`, `system`. */
export function auditSourceText(entry: Pick<AuditEntry, 'interface' | 'address'>): string {
  return entry.address ? `${entry.interface} from ${entry.address}` : entry.interface;
}
