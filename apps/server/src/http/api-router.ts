import { Router, type Request, type Response } from 'express';
import {
  allActionBodySchema,
  applicationActionBodySchema,
  conflictResolveBodySchema,
  jobKindSchema,
  processActionBodySchema,
  type ActionResult,
  type Job,
} from '@supfleet/protocol';
import type { z } from 'zod';
import { DomainError } from '../errors';
import { requireRole } from '../auth/principal';
import type { FleetStore } from '../fleet-store';
import type { Orchestrator } from '../orchestrator/orchestrator';
import { ownEntry, splitNamespec, type Rules } from '@supfleet/core';
import type { InstanceMonitor } from '../monitors/instance-monitor';
import { logsRouter } from './logs-router';
import { resolveConflict } from '../supervision/resolve-conflict';
import type { AgentRegistry } from '../agent/agent-registry';
import { agentRouter } from '../agent/agent-router';
import type { StatsHistory } from '../stats/stats-history';

export interface ApiDeps {
  store: FleetStore;
  orchestrator: Orchestrator;
  rules: Rules;
  monitors: ReadonlyMap<string, InstanceMonitor>;
  agents: AgentRegistry;
  stats: StatsHistory;
}

/** REST under /api/v1: reads from the store, actions through the orchestrator. */
export function apiRouter({ store, orchestrator, rules, monitors, agents, stats }: ApiDeps): Router {
  const router = Router();
  const state = () => store.state;

  router.get('/instances', requireRole('viewer'), (_req, res) => {
    res.json(store.snapshot().instances);
  });
  router.get('/instances/:id', requireRole('viewer'), (req, res) => {
    res.json(found(ownEntry(state().instances, req.params.id), `unknown instance ${req.params.id}`));
  });

  router.get('/applications', requireRole('viewer'), (_req, res) => {
    res.json(Object.values(state().applications));
  });
  router.get('/applications/:name', requireRole('viewer'), (req, res) => {
    res.json(
      found(ownEntry(state().applications, req.params.name), `unknown application ${req.params.name}`),
    );
  });
  router.get('/applications/:name/processes', requireRole('viewer'), (req, res) => {
    const { name } = req.params;
    found(ownEntry(state().applications, name), `unknown application ${name}`);
    res.json(Object.values(state().processes).filter((p) => p.application === name));
  });

  router.get('/processes', requireRole('viewer'), (_req, res) => {
    res.json(Object.values(state().processes));
  });
  router.get('/processes/:namespec', requireRole('viewer'), (req, res) => {
    res.json(
      found(ownEntry(state().processes, req.params.namespec), `unknown process ${req.params.namespec}`),
    );
  });

  router.post('/applications/:name/:action', requireRole('operator'), async (req, res) => {
    const kind = action(req);
    const body = parseBody(applicationActionBodySchema, req.body);
    const job = await orchestrator.applicationAction(kind, req.params.name, body);
    sendJob(res, job);
  });
  router.post('/processes/:namespec/:action', requireRole('operator'), async (req, res) => {
    const kind = action(req);
    const body = parseBody(processActionBodySchema, req.body);
    const job = await orchestrator.processAction(kind, req.params.namespec, body);
    sendJob(res, job);
  });

  // Not under /applications: "start-all" would read as the name of an application there.
  router.post('/start-all', requireRole('operator'), async (req, res) => {
    sendJob(res, await orchestrator.allAction('start', parseBody(allActionBodySchema, req.body)));
  });
  router.post('/stop-all', requireRole('operator'), async (req, res) => {
    sendJob(res, await orchestrator.allAction('stop', parseBody(allActionBodySchema, req.body)));
  });

  router.use(logsRouter(store, monitors));
  router.use(agentRouter(agents, stats));

  router.get('/rules/applications/:name', requireRole('viewer'), (req, res) => {
    const { name } = req.params;
    res.json({ application: name, ...rules.explainApplication(name) });
  });
  router.get('/rules/processes/:namespec', requireRole('viewer'), (req, res) => {
    const { namespec } = req.params;
    if (!namespec.includes(':'))
      throw new DomainError('BAD_REQUEST', `"${namespec}" is not a namespec (group:name)`);
    const { application, name } = splitNamespec(namespec);
    res.json({ namespec, ...rules.explainProgram(application, name) });
  });
  router.get('/conflicts', requireRole('viewer'), (_req, res) => {
    res.json(Object.values(state().processes).filter((p) => p.conflict));
  });
  router.post('/conflicts/:namespec/resolve', requireRole('operator'), async (req, res) => {
    const { namespec } = req.params;
    found(ownEntry(state().processes, namespec), `unknown process ${namespec}`);
    const { keep, wait } = parseBody(conflictResolveBodySchema, req.body);
    sendJob(res, await resolveConflict(store, orchestrator, namespec, keep, { wait }));
  });

  router.get('/jobs', requireRole('viewer'), (_req, res) => {
    res.json(store.jobs());
  });
  router.get('/jobs/:id', requireRole('viewer'), (req, res) => {
    res.json(found(store.job(req.params.id), `unknown job ${req.params.id}`));
  });
  router.post('/jobs/:id/cancel', requireRole('operator'), (req, res) => {
    res.status(202).json({ job: orchestrator.cancel(req.params.id) } satisfies ActionResult);
  });

  router.use((req) => {
    throw new DomainError('NOT_FOUND', `no route ${req.method} ${req.baseUrl}${req.path}`);
  });
  return router;
}

function found<T>(value: T | undefined, message: string): T {
  if (value === undefined) throw new DomainError('NOT_FOUND', message);
  return value;
}

function action(req: Request): z.infer<typeof jobKindSchema> {
  const parsed = jobKindSchema.safeParse(req.params.action);
  if (!parsed.success)
    throw new DomainError(
      'NOT_FOUND',
      `unknown action ${String(req.params.action)}: use start, stop or restart`,
    );
  return parsed.data;
}

function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) {
    const message = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
    throw new DomainError('BAD_REQUEST', `invalid request body: ${message}`, parsed.error.issues);
  }
  return parsed.data;
}

function sendJob(res: Response, job: Job): void {
  res.status(job.state === 'running' ? 202 : 200).json({ job } satisfies ActionResult);
}
