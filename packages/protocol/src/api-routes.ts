import { z } from 'zod';
import type { Role } from './auth';
import { applicationSchema, instanceSchema, processSchema } from './fleet';
import { jobSchema } from './jobs';
import { historyEntrySchema, historyQuerySchema } from './history';
import { applicationRulesSchema, programRulesSchema } from './rules';
import {
  reloadResultSchema,
  serviceAnswerSchema,
  actionResultSchema,
  allActionBodySchema,
  applicationActionBodySchema,
  conflictResolveBodySchema,
  errorBodySchema,
  processActionBodySchema,
  clearLogsQuerySchema,
  supervisordControlAnswerSchema,
  supervisordControlBodySchema,
} from './api';
import {
  disabledProgramsAnswerSchema,
  planQuerySchema,
  programSwitchAnswerSchema,
  programSwitchBodySchema,
  startPlanSchema,
} from './plan';
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

export type ApplicationRulesAnswer = z.infer<typeof applicationRulesAnswerSchema>;

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

/**
 * Query of the log route. Without `from`: supervisord's tail (tailProcessStdoutLog): the *last*
 * `length` bytes of the log, and `offset` = the log's size, to pass back as `offset` next time
 * (the answer then ends at the new size and may repeat bytes already read: keep the last
 * `answer.offset - previous offset` of them). With `from`: a real byte range, `length` bytes from
 * byte `from` (readProcessStdoutLog), answered with `next` (where the next range starts) and `size`.
 */
export const logQuerySchema = z
  .object({
    offset: z.coerce.number().int().min(0).default(0),
    from: z.coerce.number().int().min(0).optional(),
    length: z.coerce.number().int().min(1).max(1_048_576).default(16_384),
    instance: z.string().optional(),
  })
  .strict();

/** Answer of the log route with `from`: the bytes of [from, from + length) that exist. */
export const logRangeSchema = z.object({
  namespec: z.string(),
  instance: z.string(),
  channel: z.enum(['stdout', 'stderr']),
  bytes: z.string(),
  from: z.number().int(),
  /** from + the UTF-8 length of `bytes`: where the next range starts. */
  next: z.number().int(),
  /** Size of the log file now; smaller than `from`: the log was cleared or rotated. */
  size: z.number().int(),
});

export const jobsQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    /** A job id: only older jobs (the next page). */
    before: z.string().optional(),
  })
  .strict();

export interface ApiRoute {
  method: 'get' | 'post' | 'patch' | 'delete';
  /**
   * The least role that may call it (SPEC section 9); the router applies it. Every route of
   * API_ROUTES has one; absent only on routes that check by themselves (the session routes).
   */
  role?: Role;
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
  /**
   * How the audit log names a call of this state-changing route: its action, and the path
   * parameter that is its target (none: no target). The router notes it before any check, so
   * that a refused call is named the same.
   */
  audit?: { action: string; target?: string };
}

const action = (what: string) => `${what}; {wait: true} answers when the job ended (200), else at once (202)`;

/**
 * The REST API in one table: the server's router, the OpenAPI document and the contract test
 * all read it, so the document cannot drift from the routes.
 */
const ROUTES = [
  {
    method: 'get',
    path: '/instances',
    role: 'viewer',
    summary: 'Every configured instance',
    status: 200,
    response: z.array(instanceSchema),
    errors: [],
  },
  {
    method: 'get',
    path: '/instances/:id',
    role: 'viewer',
    summary: 'One instance',
    status: 200,
    response: instanceSchema,
    errors: [404],
  },
  {
    method: 'post',
    path: '/instances/:id/restart',
    audit: { action: 'instance.restart', target: 'id' },
    role: 'admin',
    summary:
      'Restart that supervisord (admin): every process it runs stops, then it starts again with its autostart programs; needs {confirm: true}',
    body: supervisordControlBodySchema,
    status: 200,
    response: supervisordControlAnswerSchema,
    errors: [400, 401, 403, 404, 503],
  },
  {
    method: 'post',
    path: '/instances/:id/shutdown',
    audit: { action: 'instance.shutdown', target: 'id' },
    role: 'admin',
    summary:
      'Shut down that supervisord (admin): every process it runs stops and it answers no more until started by hand; needs {confirm: true}',
    body: supervisordControlBodySchema,
    status: 200,
    response: supervisordControlAnswerSchema,
    errors: [400, 401, 403, 404, 503],
  },
  {
    method: 'get',
    path: '/applications',
    role: 'viewer',
    summary: 'Every application, managed or not',
    status: 200,
    response: z.array(applicationSchema),
    errors: [],
  },
  {
    method: 'get',
    path: '/applications/:name',
    role: 'viewer',
    summary: 'One application: state, failures, LED',
    status: 200,
    response: applicationSchema,
    errors: [404],
  },
  {
    method: 'get',
    path: '/applications/:name/processes',
    role: 'viewer',
    summary: 'The processes of one application',
    status: 200,
    response: z.array(processSchema),
    errors: [404],
  },
  {
    method: 'post',
    path: '/applications/:name/start',
    audit: { action: 'application.start', target: 'name' },
    role: 'operator',
    summary: action('Start an application by its start sequence'),
    body: applicationActionBodySchema,
    status: 202,
    response: actionResultSchema,
    errors: [400, 404, 409, 422],
  },
  {
    method: 'post',
    path: '/applications/:name/stop',
    audit: { action: 'application.stop', target: 'name' },
    role: 'operator',
    summary: action('Stop an application by its stop sequence'),
    body: applicationActionBodySchema,
    status: 202,
    response: actionResultSchema,
    errors: [400, 404, 409, 422],
  },
  {
    method: 'post',
    path: '/applications/:name/restart',
    audit: { action: 'application.restart', target: 'name' },
    role: 'operator',
    summary: action('Stop, then start an application'),
    body: applicationActionBodySchema,
    status: 202,
    response: actionResultSchema,
    errors: [400, 404, 409, 422],
  },
  {
    method: 'post',
    path: '/start-all',
    audit: { action: 'all.start' },
    role: 'operator',
    summary: action('Start every managed application with start_sequence > 0, by ascending start_sequence'),
    body: allActionBodySchema,
    status: 202,
    response: actionResultSchema,
    errors: [400, 409],
  },
  {
    method: 'post',
    path: '/stop-all',
    audit: { action: 'all.stop' },
    role: 'operator',
    summary: action('Stop every managed application, greatest stop_sequence first'),
    body: allActionBodySchema,
    status: 202,
    response: actionResultSchema,
    errors: [400, 409],
  },
  {
    method: 'get',
    path: '/processes',
    role: 'viewer',
    summary: 'Every process',
    status: 200,
    response: z.array(processSchema),
    errors: [],
  },
  {
    method: 'get',
    path: '/processes/:namespec',
    role: 'viewer',
    summary: 'One process (namespec group:name, URL-encoded)',
    status: 200,
    response: processSchema,
    errors: [404],
  },
  {
    method: 'post',
    path: '/processes/:namespec/start',
    audit: { action: 'process.start', target: 'namespec' },
    role: 'operator',
    summary: action('Start a process, with a strategy or on an explicit instance'),
    body: processActionBodySchema,
    status: 202,
    response: actionResultSchema,
    errors: [400, 404, 409, 422],
  },
  {
    method: 'post',
    path: '/processes/:namespec/stop',
    audit: { action: 'process.stop', target: 'namespec' },
    role: 'operator',
    summary: action('Stop a process everywhere it runs'),
    body: processActionBodySchema,
    status: 202,
    response: actionResultSchema,
    errors: [400, 404, 409],
  },
  {
    method: 'post',
    path: '/processes/:namespec/restart',
    audit: { action: 'process.restart', target: 'namespec' },
    role: 'operator',
    summary: action('Stop, then start a process'),
    body: processActionBodySchema,
    status: 202,
    response: actionResultSchema,
    errors: [400, 404, 409, 422],
  },
  {
    method: 'get',
    path: '/processes/:namespec/logs/:channel',
    role: 'viewer',
    summary: 'Tail of the stdout or stderr log of a process, from an offset',
    query: logQuerySchema,
    status: 200,
    response: z.union([logTailSchema, logRangeSchema]),
    errors: [400, 404, 503],
  },
  {
    method: 'delete',
    path: '/processes/:namespec/logs',
    audit: { action: 'process.clear_logs', target: 'namespec' },
    role: 'operator',
    summary: 'Clear the logs of a process on the instance that runs it, or on ?instance=',
    query: clearLogsQuerySchema,
    status: 200,
    response: z.object({ cleared: z.boolean() }),
    errors: [400, 404, 503],
  },
  {
    method: 'get',
    path: '/rules/applications/:name',
    role: 'viewer',
    summary: 'Resolved rules of an application and the rule that produced them',
    status: 200,
    response: applicationRulesAnswerSchema,
    errors: [],
  },
  {
    method: 'get',
    path: '/rules/processes/:namespec',
    role: 'viewer',
    summary: 'Resolved rules of a process, the rule and the model chain',
    status: 200,
    response: processRulesAnswerSchema,
    errors: [400],
  },
  {
    method: 'post',
    path: '/rules/reload',
    audit: { action: 'rules.reload' },
    role: 'admin',
    summary:
      'Re-read the rules files and the [supfleet] section (admin); invalid files change nothing and answer 422 with details.errors (file:line:column)',
    status: 200,
    response: reloadResultSchema,
    errors: [401, 403, 422],
  },
  {
    method: 'get',
    path: '/service',
    role: 'viewer',
    summary:
      "The service's own status: the last reload, the settings needing a restart, the database (sqlite or postgresql), this replica's name, whether it leads, who leads (name, URL) and the lease's epoch",
    status: 200,
    response: serviceAnswerSchema,
    errors: [],
  },
  {
    method: 'get',
    path: '/conflicts',
    role: 'viewer',
    summary: 'Processes of managed applications running on several instances',
    status: 200,
    response: z.array(processSchema),
    errors: [],
  },
  {
    method: 'post',
    path: '/conflicts/:namespec/resolve',
    audit: { action: 'conflict.resolve', target: 'namespec' },
    role: 'operator',
    summary: action('End a conflict by hand: stop the process everywhere but on {keep}'),
    body: conflictResolveBodySchema,
    status: 202,
    response: actionResultSchema,
    errors: [400, 404, 409],
  },
  {
    method: 'get',
    path: '/history',
    role: 'viewer',
    summary:
      'What happened, newest first: instances lost and back, application LED and state, process transitions, jobs, actions, alerts; filters application, instance, process, kind, since, until (epoch ms or ISO 8601), limit',
    query: historyQuerySchema,
    status: 200,
    response: z.array(historyEntrySchema),
    errors: [400],
  },
  {
    method: 'get',
    path: '/jobs',
    role: 'viewer',
    summary:
      'Jobs, newest first, kept across restarts (job_retention); one left running by a stopped service is interrupted',
    query: jobsQuerySchema,
    status: 200,
    response: z.array(jobSchema),
    errors: [400],
  },
  {
    method: 'get',
    path: '/jobs/:id',
    role: 'viewer',
    summary: 'One job and its progress',
    status: 200,
    response: jobSchema,
    errors: [404],
  },
  {
    method: 'post',
    path: '/jobs/:id/cancel',
    audit: { action: 'job.cancel', target: 'id' },
    role: 'operator',
    summary: 'Cancel a running job: no further step starts',
    status: 202,
    response: actionResultSchema,
    errors: [404, 409],
  },
  {
    method: 'get',
    path: '/stats',
    role: 'viewer',
    summary: 'The latest statistics of each instance whose node agent sent some',
    status: 200,
    response: z.array(instanceStatsSchema),
    errors: [],
  },
  {
    method: 'get',
    path: '/stats/history',
    role: 'viewer',
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
    audit: { action: 'agent.events' },
    role: 'operator',
    summary: "The node agent's push of supervisord events: hints, the server re-reads what changed",
    body: agentEventsBodySchema,
    status: 200,
    response: agentAnswerSchema,
    errors: [400, 404],
  },
  {
    method: 'post',
    path: '/agent/heartbeat',
    audit: { action: 'agent.heartbeat' },
    role: 'operator',
    summary: "The node agent's heartbeat, with the statistics it sampled from /proc",
    body: agentHeartbeatBodySchema,
    status: 200,
    response: agentAnswerSchema,
    errors: [400, 404],
  },

  {
    method: 'get',
    path: '/applications/:name/plan',
    role: 'viewer',
    summary:
      'Dry run of a start (?action=start) or restart (?action=restart) of a managed application, ?strategy= optional: ranks, the instance of each process and why, every refusal with its reason; nothing is started',
    query: planQuerySchema,
    status: 200,
    response: startPlanSchema,
    errors: [400, 404, 422],
  },
  {
    method: 'get',
    path: '/processes/:namespec/plan',
    role: 'viewer',
    summary: 'Dry run of a start or restart of a process (group:* for all of a group); nothing is started',
    query: planQuerySchema,
    status: 200,
    response: startPlanSchema,
    errors: [400, 404],
  },
  {
    method: 'get',
    path: '/disabled',
    role: 'viewer',
    summary: 'Programs disabled on an instance, kept across restarts; no start goes there',
    status: 200,
    response: disabledProgramsAnswerSchema,
    errors: [],
  },
  {
    method: 'post',
    path: '/processes/:namespec/disable',
    audit: { action: 'process.disable', target: 'namespec' },
    role: 'operator',
    summary:
      'Disable a program on {instance} (every instance defining it without one): no start, automatic or not, goes there; it is stopped where it runs there ({wait: true} waits for the stop)',
    body: programSwitchBodySchema,
    status: 200,
    response: programSwitchAnswerSchema,
    errors: [400, 404, 409],
  },
  {
    method: 'post',
    path: '/processes/:namespec/enable',
    audit: { action: 'process.enable', target: 'namespec' },
    role: 'operator',
    summary: 'Enable a disabled program again on {instance} (every instance without one)',
    body: programSwitchBodySchema,
    status: 200,
    response: programSwitchAnswerSchema,
    errors: [400, 404],
  },
] as const satisfies readonly (ApiRoute & { role: Role })[];

export const API_ROUTES: readonly (ApiRoute & { role: Role })[] = ROUTES;

export { errorBodySchema };

/** Where the REST API lives; every path of the table is under it. */
export const API_PREFIX = '/api/v1';

type TableRoute = (typeof ROUTES)[number];
/** `get /applications/:name`: a route of the table by method and path. */
export type ApiRouteKey = TableRoute extends infer R
  ? R extends { method: infer M extends string; path: infer P extends string }
    ? `${M} ${P}`
    : never
  : never;
type PathOf<K extends string> = K extends `${string} ${infer P}` ? P : never;
type ParamsOf<P extends string> = P extends `${string}:${infer N}/${infer Rest}`
  ? N | ParamsOf<`/${Rest}`>
  : P extends `${string}:${infer N}`
    ? N
    : never;
/** The path parameters of a route, by name. */
export type ApiRouteParams<K extends ApiRouteKey> = Record<ParamsOf<PathOf<K>>, string>;

export function apiRouteKey(route: Pick<ApiRoute, 'method' | 'path'>): ApiRouteKey {
  return `${route.method} ${route.path}` as ApiRouteKey;
}

/**
 * The path (under API_PREFIX) of a route of the table, its parameters URL-encoded: the web app and
 * the CLI build every path here, so a path the table does not know cannot be called.
 */
export function apiPath<K extends ApiRouteKey>(key: K, params: ApiRouteParams<K>): string {
  const route = API_ROUTES.find((candidate) => apiRouteKey(candidate) === key);
  if (!route) throw new Error(`no API route ${key}`);
  const values = params as Record<string, string>;
  return route.path.replace(/:(\w+)/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`${key}: missing parameter ${name}`);
    return encodeURIComponent(value);
  });
}
