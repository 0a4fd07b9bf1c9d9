import { z } from 'zod';
import { applicationSchema, instanceSchema, processSchema } from './fleet';
import { jobSchema } from './jobs';
import { applicationRulesSchema, programRulesSchema } from './rules';
import {
  actionResultSchema,
  allActionBodySchema,
  applicationActionBodySchema,
  conflictResolveBodySchema,
  errorBodySchema,
  processActionBodySchema,
} from './api';
import {
  agentAnswerSchema,
  agentEventsBodySchema,
  agentHeartbeatBodySchema,
  statsHistoryQuerySchema,
} from './agent';
import { instanceStatsSchema, statsSampleSchema } from './stats';

/** Which rule of the rules files produced a resolved rule set. */
export const ruleOriginSchema = z
  .object({
    name: z.string().optional(),
    pattern: z.string().optional(),
    file: z.string(),
    line: z.number().int(),
  })
  .nullable();

export const applicationRulesAnswerSchema = z.object({
  application: z.string(),
  rules: applicationRulesSchema,
  matchedBy: ruleOriginSchema,
});

export const processRulesAnswerSchema = z.object({
  namespec: z.string(),
  rules: programRulesSchema,
  matchedBy: ruleOriginSchema,
  models: z.array(z.string()),
});

export const logTailSchema = z.object({
  namespec: z.string(),
  instance: z.string(),
  channel: z.enum(['stdout', 'stderr']),
  bytes: z.string(),
  offset: z.number().int(),
  overflow: z.boolean(),
});

export const logQuerySchema = z
  .object({
    offset: z.coerce.number().int().min(0).default(0),
    length: z.coerce.number().int().min(1).max(1_048_576).default(16_384),
    instance: z.string().optional(),
  })
  .strict();

export interface ApiRoute {
  method: 'get' | 'post' | 'patch' | 'delete';
  /** Express-style path under /api/v1, e.g. /applications/:name */
  path: string;
  summary: string;
  body?: z.ZodType;
  query?: z.ZodType;
  /** Status of success and the schema of its answer. */
  status: number;
  response: z.ZodType;
  /** Error statuses the route may answer, each with the error body. */
  errors: number[];
}

const action = (what: string) => `${what}; {wait: true} answers when the job ended (200), else at once (202)`;

/**
 * The REST API in one table: the server's router, the OpenAPI document and the contract test
 * all read it, so the document cannot drift from the routes.
 */
export const API_ROUTES: ApiRoute[] = [
  {
    method: 'get',
    path: '/instances',
    summary: 'Every configured instance',
    status: 200,
    response: z.array(instanceSchema),
    errors: [],
  },
  {
    method: 'get',
    path: '/instances/:id',
    summary: 'One instance',
    status: 200,
    response: instanceSchema,
    errors: [404],
  },
  {
    method: 'get',
    path: '/applications',
    summary: 'Every application, managed or not',
    status: 200,
    response: z.array(applicationSchema),
    errors: [],
  },
  {
    method: 'get',
    path: '/applications/:name',
    summary: 'One application: state, failures, LED',
    status: 200,
    response: applicationSchema,
    errors: [404],
  },
  {
    method: 'get',
    path: '/applications/:name/processes',
    summary: 'The processes of one application',
    status: 200,
    response: z.array(processSchema),
    errors: [404],
  },
  {
    method: 'post',
    path: '/applications/:name/start',
    summary: action('Start an application by its start sequence'),
    body: applicationActionBodySchema,
    status: 202,
    response: actionResultSchema,
    errors: [400, 404, 409, 422],
  },
  {
    method: 'post',
    path: '/applications/:name/stop',
    summary: action('Stop an application by its stop sequence'),
    body: applicationActionBodySchema,
    status: 202,
    response: actionResultSchema,
    errors: [400, 404, 409, 422],
  },
  {
    method: 'post',
    path: '/applications/:name/restart',
    summary: action('Stop, then start an application'),
    body: applicationActionBodySchema,
    status: 202,
    response: actionResultSchema,
    errors: [400, 404, 409, 422],
  },
  {
    method: 'post',
    path: '/start-all',
    summary: action('Start every managed application with start_sequence > 0, by ascending start_sequence'),
    body: allActionBodySchema,
    status: 202,
    response: actionResultSchema,
    errors: [400, 409],
  },
  {
    method: 'post',
    path: '/stop-all',
    summary: action('Stop every managed application, greatest stop_sequence first'),
    body: allActionBodySchema,
    status: 202,
    response: actionResultSchema,
    errors: [400, 409],
  },
  {
    method: 'get',
    path: '/processes',
    summary: 'Every process',
    status: 200,
    response: z.array(processSchema),
    errors: [],
  },
  {
    method: 'get',
    path: '/processes/:namespec',
    summary: 'One process (namespec group:name, URL-encoded)',
    status: 200,
    response: processSchema,
    errors: [404],
  },
  {
    method: 'post',
    path: '/processes/:namespec/start',
    summary: action('Start a process, with a strategy or on an explicit instance'),
    body: processActionBodySchema,
    status: 202,
    response: actionResultSchema,
    errors: [400, 404, 409, 422],
  },
  {
    method: 'post',
    path: '/processes/:namespec/stop',
    summary: action('Stop a process everywhere it runs'),
    body: processActionBodySchema,
    status: 202,
    response: actionResultSchema,
    errors: [400, 404, 409],
  },
  {
    method: 'post',
    path: '/processes/:namespec/restart',
    summary: action('Stop, then start a process'),
    body: processActionBodySchema,
    status: 202,
    response: actionResultSchema,
    errors: [400, 404, 409, 422],
  },
  {
    method: 'get',
    path: '/processes/:namespec/logs/:channel',
    summary: 'Tail of the stdout or stderr log of a process, from an offset',
    query: logQuerySchema,
    status: 200,
    response: logTailSchema,
    errors: [400, 404, 503],
  },
  {
    method: 'delete',
    path: '/processes/:namespec/logs',
    summary: 'Clear the logs of a process on the instance that runs it',
    status: 200,
    response: z.object({ cleared: z.boolean() }),
    errors: [404, 503],
  },
  {
    method: 'get',
    path: '/rules/applications/:name',
    summary: 'Resolved rules of an application and the rule that produced them',
    status: 200,
    response: applicationRulesAnswerSchema,
    errors: [],
  },
  {
    method: 'get',
    path: '/rules/processes/:namespec',
    summary: 'Resolved rules of a process, the rule and the model chain',
    status: 200,
    response: processRulesAnswerSchema,
    errors: [400],
  },
  {
    method: 'get',
    path: '/conflicts',
    summary: 'Processes of managed applications running on several instances',
    status: 200,
    response: z.array(processSchema),
    errors: [],
  },
  {
    method: 'post',
    path: '/conflicts/:namespec/resolve',
    summary: action('End a conflict by hand: stop the process everywhere but on {keep}'),
    body: conflictResolveBodySchema,
    status: 202,
    response: actionResultSchema,
    errors: [400, 404, 409],
  },
  {
    method: 'get',
    path: '/jobs',
    summary: 'Running and recent jobs',
    status: 200,
    response: z.array(jobSchema),
    errors: [],
  },
  {
    method: 'get',
    path: '/jobs/:id',
    summary: 'One job and its progress',
    status: 200,
    response: jobSchema,
    errors: [404],
  },
  {
    method: 'post',
    path: '/jobs/:id/cancel',
    summary: 'Cancel a running job: no further step starts',
    status: 202,
    response: actionResultSchema,
    errors: [404, 409],
  },
  {
    method: 'get',
    path: '/stats',
    summary: 'The latest statistics of each instance whose node agent sent some',
    status: 200,
    response: z.array(instanceStatsSchema),
    errors: [],
  },
  {
    method: 'get',
    path: '/stats/history',
    summary:
      'The recent samples (about 10 minutes, oldest first) of an instance: its node (cpu %, memory used) or one process (cpu %, rss)',
    query: statsHistoryQuerySchema,
    status: 200,
    response: z.array(statsSampleSchema),
    errors: [400, 404],
  },
  {
    method: 'post',
    path: '/agent/events',
    summary: "The node agent's push of supervisord events: hints, the server re-reads what changed",
    body: agentEventsBodySchema,
    status: 200,
    response: agentAnswerSchema,
    errors: [400, 404],
  },
  {
    method: 'post',
    path: '/agent/heartbeat',
    summary: "The node agent's heartbeat, with the statistics it sampled from /proc",
    body: agentHeartbeatBodySchema,
    status: 200,
    response: agentAnswerSchema,
    errors: [400, 404],
  },
];

export { errorBodySchema };
