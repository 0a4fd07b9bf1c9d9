import { Router, type Request, type Response } from 'express';
import { loginBodySchema, type SessionInfo } from '@supfleet/protocol';
import { noteAudit } from '../audit/audit-requests';
import { SESSION_COOKIE, sessionIdOf, type Authenticator } from '../auth/authenticator';
import { principalOf, setPrincipal, type Principal } from '../auth/principal';
import { DomainError } from '../errors';
import { parseInput } from './parse-input';
import { requestOrigin } from './request-origin';

export function sessionInfo(principal: Principal): SessionInfo {
  return {
    username: principal.name,
    role: principal.role,
    via: principal.via,
    expiresAt: principal.via === 'session' ? (principal.expiresAt ?? null) : null,
  };
}

/** /api/v1/session: log in (a cookie), who am I, log out. */
export function sessionRouter(auth: Authenticator): Router {
  const router = Router();

  router.post('/session', async (req, res) => {
    const raw = (req.body ?? {}) as { username?: unknown };
    const attempted = typeof raw.username === 'string' ? raw.username.slice(0, 64) : undefined;
    noteAudit(res, { action: 'session.login', target: attempted ?? null, actor: attempted, params: {} });
    const { username, password } = parseInput(loginBodySchema, req.body);
    const { sessionId, principal } = await auth.login(username, password, requestOrigin(req));
    setPrincipal(res, principal);
    res.cookie(SESSION_COOKIE, sessionId, cookieOptions(req, auth.sessionTtlMs));
    res.json(sessionInfo(principal));
  });

  router.get('/session', (_req, res) => {
    const principal = principalOf(res);
    if (!principal) throw new DomainError('UNAUTHORIZED', 'not logged in');
    res.json(sessionInfo(principal));
  });

  router.delete('/session', async (req, res: Response) => {
    noteAudit(res, { action: 'session.logout', target: principalOf(res)?.name ?? null });
    const id = sessionIdOf(req.headers.cookie);
    if (id !== undefined) await auth.logout(id);
    const { httpOnly, sameSite, path, secure } = cookieOptions(req, 0);
    res.clearCookie(SESSION_COOKIE, { httpOnly, sameSite, path, secure });
    res.status(204).end();
  });

  return router;
}

/** HttpOnly, SameSite=Strict, Path=/, Secure under HTTPS (or behind a trusted proxy that says https). */
function cookieOptions(req: Request, ttlMs: number) {
  return { httpOnly: true, sameSite: 'strict' as const, path: '/', secure: req.secure, maxAge: ttlMs };
}
