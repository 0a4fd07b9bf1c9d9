import { z } from 'zod';
import { startingStrategySchema } from './states';
import { applicationSchema, instanceSchema, processSchema } from './fleet';
import { jobSchema } from './jobs';
import { instanceStatsSchema } from './stats';

/** Body of POST /api/v1/applications/:name/(start|stop|restart). */
export const applicationActionBodySchema = z
  .object({
    wait: z.boolean().default(false),
    strategy: startingStrategySchema.optional(),
  })
  .strict();
export type ApplicationActionBody = z.infer<typeof applicationActionBodySchema>;

/** Body of POST /api/v1/processes/:namespec/(start|stop|restart). */
export const processActionBodySchema = z
  .object({
    wait: z.boolean().default(false),
    strategy: startingStrategySchema.optional(),
    instance: z.string().optional(),
  })
  .strict();
export type ProcessActionBody = z.infer<typeof processActionBodySchema>;

/** Body of POST /api/v1/start-all and /api/v1/stop-all. */
export const allActionBodySchema = z
  .object({
    wait: z.boolean().default(false),
    strategy: startingStrategySchema.optional(),
  })
  .strict();
export type AllActionBody = z.infer<typeof allActionBodySchema>;

/** Body of POST /api/v1/conflicts/:namespec/resolve: the instance where the process keeps running. */
export const conflictResolveBodySchema = z
  .object({
    keep: z.string(),
    wait: z.boolean().default(false),
  })
  .strict();
export type ConflictResolveBody = z.infer<typeof conflictResolveBodySchema>;

export const errorCodeSchema = z.enum([
  'BAD_REQUEST',
  'NOT_FOUND',
  'CONFLICT',
  /** A start of what already runs (Supvisors' ALREADY_STARTED): 409, nothing done. */
  'ALREADY_STARTED',
  /** A stop of what does not run (Supvisors' NOT_RUNNING): 409, nothing done. */
  'NOT_RUNNING',
  'REFUSED',
  'UNAVAILABLE',
  'UNAUTHORIZED',
  'FORBIDDEN',
  /** The request's Host is not one of the server's names (allowed_hosts): 421. */
  'MISDIRECTED',
  /** A body that is not application/json (REST) or text/xml (XML-RPC): 415. */
  'UNSUPPORTED_MEDIA_TYPE',
  'PAYLOAD_TOO_LARGE',
  /** Too many failed logins: 429 with Retry-After. */
  'RATE_LIMITED',
  'INTERNAL',
]);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

/** The one error shape of the REST API. */
export const errorBodySchema = z.object({
  error: z.object({
    code: errorCodeSchema,
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** Answer of an action: the job, finished when wait was true. */
export const actionResultSchema = z.object({ job: jobSchema });
export type ActionResult = z.infer<typeof actionResultSchema>;

/** The service's own health: its rules and settings as last read (SIGHUP / POST /rules/reload). */
export const serviceStatusSchema = z.object({
  /** The last read of the rules files and the [supfleet] section; `ok: false` keeps the rules before it. */
  reload: z.object({
    ok: z.boolean(),
    /** `file:line:column: message` for the rules files, `file:line: message` for the config. */
    errors: z.array(z.string()),
    warnings: z.array(z.string()),
    /** Epoch ms of that read; null before any reload since the start. */
    at: z.number().nullable(),
  }),
  /** Settings changed in the file that apply only after a restart of the service. */
  needsRestart: z.array(z.string()),
  /** This replica's name (`replica_name`, by default host:port). */
  replica: z.string(),
  /** Whether this replica leads: only the leader acts (docs/ha.md). Always true on SQLite. */
  leader: z.boolean(),
  /** Who leads as far as this replica knows; null while nobody is known to. */
  leaderName: z.string().nullable(),
  /** Where the leader answers, as it announced itself; null when unknown. */
  leaderUrl: z.string().nullable(),
  /** The lease's epoch: grows by one at each new term of a leader, never goes back (1 on SQLite). */
  epoch: z.number().int().nonnegative(),
});
export type ServiceStatus = z.infer<typeof serviceStatusSchema>;

/** GET /service: the status, and where the store is (never its address nor its password). */
export const serviceAnswerSchema = serviceStatusSchema.extend({
  /** `sqlite` in data_dir (one server), or `postgresql` at database_url (replicas). */
  database: z.enum(['sqlite', 'postgresql']),
});
export type ServiceAnswer = z.infer<typeof serviceAnswerSchema>;

/** What POST /rules/reload answers when the files were valid and applied. */
export const reloadResultSchema = z.object({
  status: serviceStatusSchema,
  instancesAdded: z.array(z.string()),
  instancesRemoved: z.array(z.string()),
});
export type ReloadResult = z.infer<typeof reloadResultSchema>;

export const snapshotSchema = z.object({
  service: serviceStatusSchema,
  instances: z.array(instanceSchema),
  applications: z.array(applicationSchema),
  processes: z.array(processSchema),
  jobs: z.array(jobSchema),
  /** The latest statistics of each instance whose agent sent some. */
  stats: z.array(instanceStatsSchema),
  /** Increases with every change the server pushes; a client can spot a gap. */
  sequence: z.number().int(),
});
export type Snapshot = z.infer<typeof snapshotSchema>;

/** Body of POST /api/v1/instances/:id/(restart|shutdown): what stops there must be confirmed. */
export const supervisordControlBodySchema = z.object({ confirm: z.literal(true) }).strict();
export type SupervisordControlBody = z.infer<typeof supervisordControlBodySchema>;

/** Answer of POST /api/v1/instances/:id/(restart|shutdown): supervisord took the call. */
export const supervisordControlAnswerSchema = z.object({
  instance: z.string(),
  action: z.enum(['restart', 'shutdown']),
  /** The processes that were running there and stop with it. */
  stopped: z.array(z.string()),
});
export type SupervisordControlAnswer = z.infer<typeof supervisordControlAnswerSchema>;

/** Query of DELETE /api/v1/processes/:namespec/logs: on that instance (default: where it runs). */
export const clearLogsQuerySchema = z.object({ instance: z.string().min(1).optional() }).strict();
