import { z } from 'zod';

/** viewer sees everything; operator also acts; admin also manages users, tokens, audit, reloads (SPEC section 9). */
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** True when a principal of role `have` may do what needs role `need`. */
export function roleAllows(have: Role, need: Role): boolean {
  return ROLES.indexOf(have) >= ROLES.indexOf(need);
}

/** The actor of the automatic actions (running failure strategies, conciliation, auto_start) in the audit log. */
export const SYSTEM_ACTOR = 'supfleet';
