import type { Request, RequestHandler, Response } from 'express';
import { API_ROUTES, type AuditEntry, type Job } from '@supfleet/protocol';
import { match } from 'path-to-regexp';
import { principalOf } from '../auth/principal';
import type { AuditTrail } from './audit-trail';

/** What a handler may say of its request, more precisely than the path does. */
export interface AuditNote {
  action?: string;
  target?: string | null;
  params?: Record<string, unknown>;
  /** Who it was about when nobody is logged in yet (a login attempt). */
  actor?: string;
  /** A machine's routine push (the node agent's events and heartbeats): recorded only when refused. */
  routine?: boolean;
  /** The job the call launched; with its end when the call waited for it. */
  jobId?: string;
  jobEnd?: { result: 'succeeded' | 'failed'; reason: string | null };
  /** Why the call was refused, as its answer says. */
  reason?: string;
}

export function noteAudit(res: Response, note: AuditNote): void {
  const locals = res.locals as { audit?: AuditNote };
  locals.audit = { ...locals.audit, ...note };
}

/** The job a call launched, and its end when the call waited for it (wait: true). */
export function noteJob(res: Response, job: Job): void {
  const ended =
    job.state === 'succeeded'
      ? { result: 'succeeded' as const, reason: null }
      : job.state === 'running'
        ? undefined
        : { result: 'failed' as const, reason: job.error ?? job.state };
  noteAudit(res, { jobId: job.id, ...(ended && { jobEnd: ended }) });
}

/** The interface a request came through: the page and supfleetctl say so in X-Supfleet-Client. */
export function clientInterface(req: Request, fallback: 'rest' | 'xmlrpc'): AuditEntry['interface'] {
  const client = req.get('x-supfleet-client');
  return client === 'page' || client === 'cli' ? client : fallback;
}

/** The state-changing routes of API_ROUTES, matched as the router matches them, with their audit names. */
const AUDITED = API_ROUTES.flatMap((route) =>
  route.audit
    ? [
        {
          method: route.method.toUpperCase(),
          match: match(route.path, { decode: safeDecode }),
          audit: route.audit,
        },
      ]
    : [],
);

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** The name API_ROUTES gives a call under /api/v1, whether a route or a guard answers it. */
function auditName(req: Request): Pick<AuditNote, 'action' | 'target'> | undefined {
  if (!req.path.startsWith('/api/v1/')) return undefined;
  const path = req.path.slice('/api/v1'.length);
  for (const route of AUDITED) {
    if (route.method !== req.method) continue;
    const found = route.match(path);
    if (!found) continue;
    const value = route.audit.target === undefined ? undefined : found.params[route.audit.target];
    return { action: route.audit.action, target: typeof value === 'string' ? value : null };
  }
  return undefined;
}

/**
 * Records every state-changing request (any method but GET, HEAD, OPTIONS) once it is answered:
 * who, from where, what, and how it ended (the job it started, or why it was refused). Mounted
 * before every route and guard, so that refusals and routes added later are recorded too. /RPC2
 * records its calls per method (xmlrpc/method-table.ts); here only the requests refused whole.
 */
export function auditRequests(trail: AuditTrail): RequestHandler {
  return (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') {
      next();
      return;
    }
    const xmlrpc = req.path === '/RPC2' || req.path.startsWith('/RPC2/');
    // Read now: inside a mounted router, req.path loses its prefix. API_ROUTES names the call,
    // also when a guard refuses it before its route; a handler's noteAudit says more.
    const fallback = xmlrpc ? 'xmlrpc' : `${req.method} ${req.path.slice(0, 200)}`;
    const named = xmlrpc ? undefined : auditName(req);
    if (named) noteAudit(res, named);
    const address = req.ip ?? req.socket.remoteAddress ?? null;
    const via = clientInterface(req, xmlrpc ? 'xmlrpc' : 'rest');
    res.on('finish', () => {
      if (xmlrpc && res.statusCode < 400) return;
      const note = (res.locals as { audit?: AuditNote }).audit ?? {};
      if (note.routine && res.statusCode < 400) return;
      const principal = principalOf(res);
      const status = res.statusCode;
      const ended = note.jobEnd;
      const jobId = note.jobId ?? null;
      trail.record({
        actor: principal?.name ?? note.actor ?? 'anonymous',
        role: principal?.role ?? null,
        address,
        interface: via,
        action: note.action ?? fallback,
        target: note.target ?? null,
        params: note.params ?? bodyParams(req.body),
        result:
          status >= 500
            ? 'failed'
            : status >= 400
              ? 'refused'
              : (ended?.result ?? (jobId ? 'accepted' : 'succeeded')),
        reason: status >= 400 ? (note.reason ?? `HTTP ${status}`) : (ended?.reason ?? null),
        jobId,
      });
    });
    next();
  };
}

function bodyParams(body: unknown): Record<string, unknown> {
  return body !== null && typeof body === 'object' && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : {};
}
