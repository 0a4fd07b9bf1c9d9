import { Router, type RequestHandler, type Response } from 'express';
import {
  allActionBodySchema,
  applicationActionBodySchema,
  conflictResolveBodySchema,
  API_ROUTES,
  apiRouteKey,
  type ApiRouteKey,
  type ApiRouteParams,
  type JobKind,
  jobsQuerySchema,
  historyQuerySchema,
  planQuerySchema,
  programSwitchBodySchema,
  processActionBodySchema,
  type ActionResult,
  type ReloadResult,
  type ServiceAnswer,
  type Job,
} from '@supfleet/protocol';
import type { z } from 'zod';
import { DomainError } from '../errors';
import { noteAudit, noteJob } from '../audit/audit-requests';
import { principalOf, requireRole } from '../auth/principal';
import { parseInput } from './parse-input';
import type { FleetModel } from '../fleet-model';
import type { Orchestrator } from '../orchestrator/orchestrator';
import { ownEntry, splitNamespec, type Rules } from '@supfleet/core';
import type { InstanceMonitor } from '../monitors/instance-monitor';
import { logHandlers } from './log-handlers';
import { instanceHandlers } from './instance-handlers';
import type { Store } from '../store/store';
import { resolveConflict } from '../supervision/resolve-conflict';
import type { ProgramSwitch } from '../supervision/program-switch';
import type { AgentRegistry } from '../agent/agent-registry';
import { agentHandlers } from './agent-handlers';
import type { StatsHistory } from '../stats/stats-history';

export interface ApiDeps {
  store: FleetModel;
  /** What is kept across restarts (jobs history). */
  database: Store;
  orchestrator: Orchestrator;
  /** The rules in force (a reload replaces them). */
  rules: () => Rules;
  /** Re-reads the rules files and settings; refuses (422) with the errors when they are invalid. */
  reload: () => Promise<ReloadResult>;
  monitors: ReadonlyMap<string, InstanceMonitor>;
  programs: ProgramSwitch;
  agents: AgentRegistry;
  stats: StatsHistory;
}

/** One handler per route of the table; a route without a handler does not compile. */
export type ApiHandlers = { [K in ApiRouteKey]: RequestHandler<ApiRouteParams<K>> };

/**
 * REST under /api/v1, registered from API_ROUTES: the table gives each route its path, method
 * and role (requireRole), this file its handler. Reads from the store, actions through the
 * orchestrator.
 */
export function apiRouter(deps: ApiDeps): Router {
  const router = Router();
  const handlers = apiHandlers(deps);
  for (const route of API_ROUTES) {
    const key = apiRouteKey(route);
    router[route.method](route.path, requireRole(route.role), handlers[key] as RequestHandler);
  }
  router.use((req) => {
    throw new DomainError('NOT_FOUND', `no route ${req.method} ${req.baseUrl}${req.path}`);
  });
  return router;
}

function apiHandlers({
  store,
  database,
  orchestrator,
  rules,
  reload,
  monitors,
  programs,
  agents,
  stats,
}: ApiDeps): ApiHandlers {
  const state = () => store.state;
  const applicationAction =
    (kind: JobKind): RequestHandler<{ name: string }> =>
    async (req, res) => {
      const body = parseBody(applicationActionBodySchema, req.body);
      sendJob(
        res,
        await orchestrator.applicationAction(kind, req.params.name, { ...body, actor: actor(res) }),
      );
    };
  const processAction =
    (kind: JobKind): RequestHandler<{ namespec: string }> =>
    async (req, res) => {
      const body = parseBody(processActionBodySchema, req.body);
      sendJob(
        res,
        await orchestrator.processAction(kind, req.params.namespec, { ...body, actor: actor(res) }),
      );
    };
  // Not under /applications: "start-all" would read as the name of an application there.
  const allAction =
    (kind: JobKind): RequestHandler =>
    async (req, res) => {
      const body = parseBody(allActionBodySchema, req.body);
      sendJob(res, await orchestrator.allAction(kind, { ...body, actor: actor(res) }));
    };
  return {
    'get /instances': (_req, res) => {
      res.json(store.snapshot().instances);
    },
    'get /instances/:id': (req, res) => {
      res.json(found(ownEntry(state().instances, req.params.id), `unknown instance ${req.params.id}`));
    },
    ...instanceHandlers(store, monitors),
    'get /applications': (_req, res) => {
      res.json(Object.values(state().applications));
    },
    'get /applications/:name': (req, res) => {
      res.json(
        found(ownEntry(state().applications, req.params.name), `unknown application ${req.params.name}`),
      );
    },
    'get /applications/:name/processes': (req, res) => {
      const { name } = req.params;
      found(ownEntry(state().applications, name), `unknown application ${name}`);
      res.json(Object.values(state().processes).filter((p) => p.application === name));
    },
    'post /applications/:name/start': applicationAction('start'),
    'post /applications/:name/stop': applicationAction('stop'),
    'post /applications/:name/restart': applicationAction('restart'),
    'post /start-all': allAction('start'),
    'post /stop-all': allAction('stop'),
    'get /processes': (_req, res) => {
      res.json(Object.values(state().processes));
    },
    'get /processes/:namespec': (req, res) => {
      res.json(
        found(ownEntry(state().processes, req.params.namespec), `unknown process ${req.params.namespec}`),
      );
    },
    'post /processes/:namespec/start': processAction('start'),
    'post /processes/:namespec/stop': processAction('stop'),
    'post /processes/:namespec/restart': processAction('restart'),
    ...logHandlers(store, monitors),
    ...agentHandlers(agents, stats),
    'get /rules/applications/:name': (req, res) => {
      const { name } = req.params;
      res.json({ application: name, ...rules().explainApplication(name) });
    },
    'get /rules/processes/:namespec': (req, res) => {
      const { namespec } = req.params;
      if (!namespec.includes(':'))
        throw new DomainError('BAD_REQUEST', `"${namespec}" is not a namespec (group:name)`);
      const { application, name } = splitNamespec(namespec);
      res.json({ namespec, ...rules().explainProgram(application, name) });
    },
    'post /rules/reload': async (_req, res) => {
      res.json(await reload());
    },
    'get /service': (_req, res) => {
      res.json({ ...store.service, database: database.engine } satisfies ServiceAnswer);
    },
    'get /conflicts': (_req, res) => {
      res.json(Object.values(state().processes).filter((p) => p.conflict));
    },
    'post /conflicts/:namespec/resolve': async (req, res) => {
      const { namespec } = req.params;
      found(ownEntry(state().processes, namespec), `unknown process ${namespec}`);
      const { keep, wait } = parseBody(conflictResolveBodySchema, req.body);
      sendJob(res, await resolveConflict(store, orchestrator, namespec, keep, { wait, actor: actor(res) }));
    },
    'get /jobs': async (req, res) => {
      res.json(await database.jobs.list(parseBody(jobsQuerySchema, req.query)));
    },
    'get /jobs/:id': async (req, res) => {
      const { id } = req.params;
      res.json(found(store.job(id) ?? (await database.jobs.get(id)), `unknown job ${id}`));
    },
    'post /jobs/:id/cancel': async (req, res) => {
      const job = await orchestrator.cancel(req.params.id);
      noteAudit(res, { jobId: job.id });
      res.status(202).json({ job } satisfies ActionResult);
    },
    'get /history': async (req, res) => {
      res.json(await database.history.list(parseInput(historyQuerySchema, req.query, 'history query')));
    },
    // Dry runs of starts, and enable / disable of a program on instances.
    'get /applications/:name/plan': (req, res) => {
      const query = parseInput(planQuerySchema, req.query, 'request query');
      res.json(orchestrator.preview({ type: 'application', name: req.params.name }, query));
    },
    'get /processes/:namespec/plan': (req, res) => {
      const query = parseInput(planQuerySchema, req.query, 'request query');
      res.json(orchestrator.preview({ type: 'process', name: req.params.namespec }, query));
    },
    'get /disabled': async (_req, res) => {
      res.json(await programs.list());
    },
    'post /processes/:namespec/disable': async (req, res) => {
      const { instance, wait } = parseBody(programSwitchBodySchema, req.body);
      const by = principalOf(res)?.name ?? 'unknown';
      const instances = instance === undefined ? undefined : [instance];
      const answer = await programs.disable(req.params.namespec, instances, by, { wait });
      if (answer.job) noteJob(res, answer.job);
      res.json(answer);
    },
    'post /processes/:namespec/enable': async (req, res) => {
      const { instance } = parseBody(programSwitchBodySchema, req.body);
      res.json(await programs.enable(req.params.namespec, instance === undefined ? undefined : [instance]));
    },
  };
}

/** Who calls, as the job keeps it. */
function actor(res: Response): string | undefined {
  return principalOf(res)?.name;
}

function found<T>(value: T | undefined, message: string): T {
  if (value === undefined) throw new DomainError('NOT_FOUND', message);
  return value;
}

function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  return parseInput(schema, body, 'request body');
}

function sendJob(res: Response, job: Job): void {
  noteJob(res, job);
  res.status(job.state === 'running' ? 202 : 200).json({ job } satisfies ActionResult);
}
