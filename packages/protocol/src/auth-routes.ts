import { z } from 'zod';
import type { ApiRoute } from './api-routes';
import {
  auditPageSchema,
  auditQuerySchema,
  loginBodySchema,
  sessionInfoSchema,
  tokenCreateBodySchema,
  tokenCreatedSchema,
  tokenSchema,
  userCreateBodySchema,
  userSchema,
  userUpdateBodySchema,
} from './auth';

const empty = z.null().describe('no content');

/**
 * Sessions, users, tokens and the audit log (docs/security.md): in the OpenAPI document beside
 * API_ROUTES, tested by the security integration tests rather than the generic contract test.
 */
export const AUTH_ROUTES: ApiRoute[] = [
  {
    method: 'post',
    path: '/session',
    summary: 'Log in: sets the session cookie (HttpOnly, SameSite=Strict, Secure under HTTPS)',
    body: loginBodySchema,
    status: 200,
    response: sessionInfoSchema,
    errors: [400, 401, 429],
  },
  {
    method: 'get',
    path: '/session',
    summary: 'Who is logged in, with which role and how (session, token, basic, config, local)',
    status: 200,
    response: sessionInfoSchema,
    errors: [401],
  },
  {
    method: 'delete',
    path: '/session',
    summary: 'Log out: the session ends and its cookie is cleared',
    status: 204,
    response: empty,
    errors: [],
  },
  {
    method: 'get',
    path: '/users',
    summary: 'Every user (admin)',
    status: 200,
    response: z.array(userSchema),
    errors: [401, 403],
  },
  {
    method: 'post',
    path: '/users',
    summary: 'Add a user (admin); the password is stored as a salted scrypt hash',
    body: userCreateBodySchema,
    status: 201,
    response: userSchema,
    errors: [400, 401, 403, 409],
  },
  {
    method: 'patch',
    path: '/users/:name',
    summary: "Change a user's role or password (admin); a new password ends their sessions",
    body: userUpdateBodySchema,
    status: 200,
    response: userSchema,
    errors: [400, 401, 403, 404, 409],
  },
  {
    method: 'delete',
    path: '/users/:name',
    summary: 'Remove a user and end their sessions (admin); not the last admin',
    status: 204,
    response: empty,
    errors: [401, 403, 404, 409],
  },
  {
    method: 'get',
    path: '/tokens',
    summary: 'Every API token, without its secret (admin)',
    status: 200,
    response: z.array(tokenSchema),
    errors: [401, 403],
  },
  {
    method: 'post',
    path: '/tokens',
    summary: 'Create an API token (admin): the answer is the only time its secret is shown',
    body: tokenCreateBodySchema,
    status: 201,
    response: tokenCreatedSchema,
    errors: [400, 401, 403, 409],
  },
  {
    method: 'delete',
    path: '/tokens/:name',
    summary: 'Revoke an API token (admin)',
    status: 204,
    response: empty,
    errors: [401, 403, 404],
  },
  {
    method: 'get',
    path: '/audit',
    summary: 'The audit log, newest first, filtered by actor, target and time (admin)',
    query: auditQuerySchema,
    status: 200,
    response: auditPageSchema,
    errors: [400, 401, 403],
  },
];
