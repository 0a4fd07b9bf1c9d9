import type { Role } from '@supfleet/protocol';
import { roleRefusal } from '../lib/role-refusal';
import { useSession } from './useSession';

export interface Permission {
  allowed: boolean;
  /** Why not ("viewer: needs the operator role"), null when allowed. */
  reason: string | null;
}

/** Whether the logged-in principal may do what needs the role `need`, and why not. */
export function useCan(need: Role): Permission {
  const reason = roleRefusal(useSession().data, need);
  return { allowed: reason === null, reason };
}
