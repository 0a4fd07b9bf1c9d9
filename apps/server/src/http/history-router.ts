import { Router, type RequestHandler } from 'express';
import type { ActionResult } from '@supfleet/protocol';
import { principalOf } from '../auth/principal';
import type { HistoryRecorder } from '../history/history-recorder';

/** The REST actions that launch a job: `<what>` of `<target>`. */
const ACTIONS: { pattern: RegExp; describe: (match: RegExpExecArray) => string }[] = [
  { pattern: /^\/applications\/([^/]+)\/(start|stop|restart)$/, describe: (m) => `${m[2]} of ${m[1]}` },
  { pattern: /^\/processes\/([^/]+)\/(start|stop|restart)$/, describe: (m) => `${m[2]} of ${m[1]}` },
  { pattern: /^\/(start|stop)-all$/, describe: (m) => `${m[1]} of all applications` },
  { pattern: /^\/conflicts\/([^/]+)\/resolve$/, describe: (m) => `resolution of the conflict on ${m[1]}` },
  { pattern: /^\/jobs\/([^/]+)\/cancel$/, describe: (m) => `cancel of ${m[1]}` },
];

/**
 * The record of who asked for each job through REST: the answer's job id and the request's
 * principal make an `action` entry, and name the actor of the job's end (GET /history is a route
 * of the table, in api-router).
 */
export function historyRouter(recorder: HistoryRecorder): Router {
  const router = Router();
  router.use(recordActions(recorder));
  return router;
}

function recordActions(recorder: HistoryRecorder): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'POST') return next();
    const path = decodeURIComponent(req.path);
    const action = ACTIONS.map(({ pattern, describe }) => {
      const match = pattern.exec(path);
      return match ? describe(match) : null;
    }).find((found) => found !== null);
    if (!action) return next();
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      const job = (body as Partial<ActionResult> | undefined)?.job;
      const principal = principalOf(res);
      if (job && principal && res.statusCode < 400) {
        recorder.noteActor(job.id, principal.name);
        const application = job.target.type === 'all' ? null : job.target.name.split(':')[0]!;
        recorder.record({
          kind: 'action',
          application,
          instance: null,
          process: job.target.type === 'process' ? job.target.name : null,
          actor: principal.name,
          message: `${action} by ${principal.role} ${principal.name} (${job.id})`,
          data: { job: job.id, role: principal.role, via: principal.via, interface: 'rest' },
        });
      }
      return json(body);
    };
    next();
  };
}
