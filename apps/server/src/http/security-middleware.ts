import type { RequestHandler } from 'express';
import helmet from 'helmet';
import { roleAllows } from '@supfleet/protocol';
import { principalOf } from '../auth/principal';
import { crossSiteReason, hostAllowed, requestHost, type HostList } from '../auth/request-guards';
import { DomainError } from '../errors';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface SecurityOptions {
  allowedHosts: HostList;
  /** trust_proxy is on: X-Forwarded-Host names the host the client addressed. */
  trustProxy: boolean;
  /** Served over HTTPS: HSTS on. */
  tls: boolean;
}

/**
 * A Host that is not one of the server's names is refused (421 Misdirected Request: the request
 * was meant for another server; it is what a DNS-rebinding page sends).
 */
export function hostCheck(options: SecurityOptions): RequestHandler {
  return (req, _res, next) => {
    const host = requestHost(req.headers, options.trustProxy);
    if (!hostAllowed(host, options.allowedHosts)) {
      throw new DomainError(
        'MISDIRECTED',
        `this server does not answer to the host ${JSON.stringify(host ?? '')} (allowed_hosts)`,
      );
    }
    next();
  };
}

/** A URL whose path cannot be decoded is a 400 here, before any route tries (and logs a stack). */
export const decodablePath: RequestHandler = (req, _res, next) => {
  try {
    decodeURIComponent(req.path);
  } catch {
    throw new DomainError('BAD_REQUEST', 'bad percent-encoding in the URL');
  }
  next();
};

/** CSP without inline script, no framing, no sniffing, no referrer; HSTS under HTTPS only. */
export function securityHeaders(options: Pick<SecurityOptions, 'tls'>): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // React sets style attributes; the API docs page has one <style>. No script is inline.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(options.tls ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: options.tls ? { maxAge: 15_552_000 } : false,
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
}

/** Nothing that changes state is accepted from another site: Sec-Fetch-Site, then Origin (403). */
export function sameOriginOnly(options: Pick<SecurityOptions, 'trustProxy'>): RequestHandler {
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method)) {
      next();
      return;
    }
    const reason = crossSiteReason(req.headers, requestHost(req.headers, options.trustProxy));
    if (reason) throw new DomainError('FORBIDDEN', reason);
    next();
  };
}

/**
 * A state-changing REST request carries JSON (415 otherwise, before anything is done): no HTML
 * form can send that cross-site. A DELETE may have no body (no form can send a DELETE).
 */
export const jsonBodiesOnly: RequestHandler = (req, _res, next) => {
  if (SAFE_METHODS.has(req.method)) {
    next();
    return;
  }
  const hasBody =
    req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if ((req.method !== 'DELETE' || hasBody) && !req.is('application/json')) {
    throw new DomainError(
      'UNSUPPORTED_MEDIA_TYPE',
      `${req.method} needs Content-Type: application/json (got ${req.get('content-type') ?? 'none'})`,
    );
  }
  next();
};

/** Reached without credentials: POST/GET/DELETE /session, the OpenAPI document and its page. */
const PUBLIC = new Set([
  'POST /api/v1/session',
  'GET /api/v1/session',
  'DELETE /api/v1/session',
  'GET /api/v1/openapi.json',
  'GET /api/docs',
]);

/**
 * Every route of the API, /RPC2 and /metrics needs someone (401), and every state-changing REST
 * request at least an operator (403), whatever its own requireRole says: a route added later
 * without one is still covered. The SPA's files, /healthz and /readyz are public.
 */
export const accessGate: RequestHandler = (req, res, next) => {
  const path = req.path;
  const rpc = path === '/RPC2' || path.startsWith('/RPC2/');
  const guarded = path.startsWith('/api/') || rpc || path === '/metrics';
  if (!guarded || PUBLIC.has(`${req.method === 'HEAD' ? 'GET' : req.method} ${path}`)) {
    next();
    return;
  }
  const principal = principalOf(res);
  if (!principal) throw new DomainError('UNAUTHORIZED', 'authentication required');
  // XML-RPC answers a role it lacks with a fault per method (xmlrpc/method-table.ts).
  if (!rpc && !SAFE_METHODS.has(req.method) && !roleAllows(principal.role, 'operator')) {
    throw new DomainError(
      'FORBIDDEN',
      `${principal.name} is ${principal.role}; this needs at least the operator role`,
    );
  }
  next();
};
