import { roleAllows, type Role, type SessionInfo } from '@supfleet/protocol';

/**
 * Why the logged-in principal may not do what needs `need`, as a control shows it
 * ("viewer: needs the operator role"); null when it may. Nobody logged in may do nothing.
 */
export function roleRefusal(session: SessionInfo | null | undefined, need: Role): string | null {
  if (!session) return `not logged in: needs the ${need} role`;
  return roleAllows(session.role, need) ? null : `${session.role}: needs the ${need} role`;
}
