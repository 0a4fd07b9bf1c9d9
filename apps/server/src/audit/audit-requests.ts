import type { Request, RequestHandler, Response } from 'express';
import type { AuditEntry } from '@supfleet/protocol';
import { principalOf } from '../auth/principal';
import type { AuditTrail } from './audit-trail';

/** What a handler may say of its request, more precisely than the path does. */
export interface AuditNote {
  action?: string;
  target?: string | null;
  params?: Record<string, unknown>;
  /** Who it was about when nobody is logged in yet (a login attempt). */
  actor?: string;
}

export function noteAudit(res: Response, note: AuditNote): void {
  const locals = res.locals as { audit?: AuditNote };
  locals.audit = { ...locals.audit, ...note };
}

/** The interface a request came through: the page and supfleetctl say so in X-Supfleet-Client. */
export function clientInterface(req: Request, fallback: 'rest' | 'xmlrpc'): AuditEntry['interface'] {
  const client = req.get('x-supfleet-client');
  return client === 'page' || client === 'cli' ? client : fallback;
}

/** Actions read from REST paths (after /api/v1); a handler's noteAudit overrides them. */
const ACTIONS: [RegExp, (m: string[]) => { action: string; target: string | null }][] = [
  [/^\/applications\/([^/]+)\/([^/]+)$/, ([, n, v]) => ({ action: `application.${v}`, target: n! })],
  [/^\/processes\/([^/]+)\/logs$/, ([, n]) => ({ action: 'process.clear_logs', target: n! })],
  [/^\/processes\/([^/]+)\/([^/]+)$/, ([, n, v]) => ({ action: `process.${v}`, target: n! })],
  [/^\/(start|stop)-all$/, ([, v]) => ({ action: `all.${v}`, target: null })],
  [/^\/conflicts\/([^/]+)\/resolve$/, ([, n]) => ({ action: 'conflict.resolve', target: n! })],
  [/^\/jobs\/([^/]+)\/cancel$/, ([, id]) => ({ action: 'job.cancel', target: id! })],
];

function describe(req: Request): { action: string; target: string | null } {
  const path = req.path.startsWith('/api/v1/') ? req.path.slice('/api/v1'.length) : null;
  for (const [pattern, make] of path === null ? [] : ACTIONS) {
    const match = pattern.exec(path!);
    if (match) {
      try {
        return make(match.map((part) => decodeURIComponent(part)));
      } catch {
        break;
      }
    }
  }
  return { action: `${req.method} ${req.path.slice(0, 200)}`, target: null };
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
    // Read now: inside a mounted router, req.path loses its prefix.
    const described = xmlrpc ? { action: 'xmlrpc', target: null } : describe(req);
    const address = req.ip ?? req.socket.remoteAddress ?? null;
    const via = clientInterface(req, xmlrpc ? 'xmlrpc' : 'rest');
    const originalJson = res.json.bind(res);
    let jobId: string | null = null;
    let jobEnd: { result: 'succeeded' | 'failed'; reason: string | null } | null = null;
    let reason: string | null = null;
    res.json = (body: unknown) => {
      const answer = body as {
        job?: { id?: unknown; state?: unknown; error?: unknown };
        error?: { message?: unknown };
      } | null;
      if (typeof answer?.job?.id === 'string') {
        jobId = answer.job.id;
        // Answered once the job ended (wait: true): its end is known now.
        const { state, error } = answer.job;
        if (state === 'succeeded') jobEnd = { result: 'succeeded', reason: null };
        else if (state === 'failed' || state === 'cancelled') {
          jobEnd = { result: 'failed', reason: typeof error === 'string' ? error : String(state) };
        }
      }
      if (typeof answer?.error?.message === 'string') reason = answer.error.message;
      return originalJson(body);
    };
    res.on('finish', () => {
      if (xmlrpc && res.statusCode < 400) return;
      const note = (res.locals as { audit?: AuditNote }).audit ?? {};
      const principal = principalOf(res);
      const status = res.statusCode;
      const ended = jobEnd;
      trail.record({
        actor: principal?.name ?? note.actor ?? 'anonymous',
        role: principal?.role ?? null,
        address,
        interface: via,
        action: note.action ?? described.action,
        target: note.target !== undefined ? note.target : described.target,
        params: note.params ?? bodyParams(req.body),
        result:
          status >= 500
            ? 'failed'
            : status >= 400
              ? 'refused'
              : (ended?.result ?? (jobId ? 'accepted' : 'succeeded')),
        reason: status >= 400 ? (reason ?? `HTTP ${status}`) : (ended?.reason ?? null),
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
