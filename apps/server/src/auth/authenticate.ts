import type { RequestHandler } from 'express';
import { basicAuth, type Credentials } from '../http/basic-auth';
import { setPrincipal } from './principal';

/**
 * Finds who is behind each request and puts it on the response (`principalOf`). With the
 * config's api_username / api_password, HTTP basic with them is the one admin; with no credentials
 * at all, every (loopback) request acts as the local admin.
 */
export function authenticate(credentials: Credentials | null): RequestHandler {
  if (!credentials) {
    return (_req, res, next) => {
      setPrincipal(res, { name: 'local', role: 'admin', via: 'local' });
      next();
    };
  }
  const check = basicAuth(credentials);
  return (req, res, next) => {
    check(req, res, () => {
      setPrincipal(res, { name: credentials.username, role: 'admin', via: 'config' });
      next();
    });
  };
}
