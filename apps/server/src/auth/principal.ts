import type { NextFunction, Request, Response } from 'express';
import { roleAllows, type Role } from '@supfleet/protocol';
import { DomainError } from '../errors';

/** Who is behind a request, as the authentication middleware found it. */
export interface Principal {
  name: string;
  role: Role;
  /** How they proved it: a session cookie, a bearer token, HTTP basic, the config's api_username, or loopback with no user at all. */
  via: 'session' | 'token' | 'basic' | 'config' | 'local';
  /** Epoch ms when the session (cookie) or the token ends; absent: no end. */
  expiresAt?: number;
}

/** The principal the authentication middleware put on the response; absent: not authenticated. */
export function principalOf(res: Response): Principal | undefined {
  return (res.locals as { principal?: Principal }).principal;
}

export function setPrincipal(res: Response, principal: Principal): void {
  (res.locals as { principal?: Principal }).principal = principal;
}

/** A middleware generic in the route's parameters: `router.get('/x/:name', requireRole('viewer'), handler)` keeps `req.params.name` typed. */
export type RoleGuard = <P>(req: Request<P>, res: Response, next: NextFunction) => void;

/** Refuses (401 without a principal, 403 with too small a role) before the handler runs. */
export function requireRole(need: Role): RoleGuard {
  return (_req, res, next) => {
    const principal = principalOf(res);
    if (!principal) throw new DomainError('UNAUTHORIZED', 'authentication required');
    if (!roleAllows(principal.role, need)) {
      throw new DomainError(
        'FORBIDDEN',
        `${principal.name} is ${principal.role}; this needs the ${need} role`,
      );
    }
    next();
  };
}
