import type { RequestHandler } from 'express';
import { requestOrigin } from '../http/request-origin';
import type { Authenticator } from './authenticator';
import { setPrincipal } from './principal';

/**
 * Finds who is behind each request and puts it on the response (`principalOf`): a session
 * cookie, a bearer token, HTTP basic, or the local admin (loopback, no user at all). Wrong
 * credentials answer 401 (429 past the login limits); none leaves the request anonymous, for the
 * access gate and requireRole to refuse.
 */
export function authenticate(authenticator: Authenticator): RequestHandler {
  return async (req, res, next) => {
    const principal = await authenticator.identify(req.headers, requestOrigin(req));
    if (principal) setPrincipal(res, principal);
    next();
  };
}
