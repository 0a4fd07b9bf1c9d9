import type { AuditFilter } from '../api/audit';
import { parseLocalDateTime } from './format-timestamp';

/** What the Audit page's filter form holds, as typed. */
export interface AuditFilterForm {
  actor: string;
  target: string;
  /** `datetime-local` values, local time. */
  since: string;
  until: string;
}

export const EMPTY_AUDIT_FORM: AuditFilterForm = { actor: '', target: '', since: '', until: '' };

/** How many entries the page asks for at most. */
export const AUDIT_PAGE_LIMIT = 500;

/** The request's filter from the form: blank fields are no filter; `until` includes its minute. */
export function auditFilterFrom(form: AuditFilterForm): AuditFilter {
  const filter: AuditFilter = { limit: AUDIT_PAGE_LIMIT };
  const actor = form.actor.trim();
  const target = form.target.trim();
  if (actor) filter.actor = actor;
  if (target) filter.target = target;
  const since = parseLocalDateTime(form.since);
  if (since !== undefined) filter.since = since;
  const until = parseLocalDateTime(form.until);
  // A minute-precision input means "up to the end of that minute".
  if (until !== undefined) filter.until = /T\d{2}:\d{2}$/.test(form.until) ? until + 59_999 : until;
  return filter;
}
