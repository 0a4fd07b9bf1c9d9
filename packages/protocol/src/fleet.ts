import { z } from 'zod';
import {
  applicationStateSchema,
  instanceStateSchema,
  operationalStatusSchema,
  processStateSchema,
} from './states';
import { applicationRulesSchema, programRulesSchema } from './rules';
import { jobPhaseSchema } from './jobs';

export const instanceSchema = z.object({
  /** The nick, e.g. rocky51. */
  id: z.string(),
  host: z.string(),
  port: z.number().int(),
  /** The node (host) this instance runs on; instances of one node share it. */
  node: z.string(),
  state: instanceStateSchema,
  /** Epoch ms of the last answer, null if never reached. */
  lastSeen: z.number().nullable(),
  /** Why the instance is SILENT or UNKNOWN (refused, timeout, ...), null when fine. */
  error: z.string().nullable(),
  /** Epoch ms since when it has answered nothing (its first unanswered call), null while it answers. */
  silentSince: z.number().nullable(),
  /**
   * SILENT and confirmed lost (refused, or nothing for lost_after): its processes are FATAL. A
   * SILENT instance not lost is only "not answering": its processes keep their last known state.
   */
  lost: z.boolean(),
  /** Sum of expected_loading of the running-like processes here (0-100+). */
  loading: z.number(),
  /** supervisord's own identification string, once known. */
  identification: z.string().nullable(),
  /** A node agent pushes for this instance (a heartbeat within three of its periods). */
  agent: z.boolean(),
  /**
   * The node agent's own event listener (`[eventlistener:supfleet]`, its command runs
   * supfleet_agent): shown with the instance, never as an application. Null when that
   * supervisord has none; absent from servers that predate it.
   */
  listener: z
    .object({
      namespec: z.string(),
      state: processStateSchema,
      description: z.string(),
      pid: z.number().int(),
      /** Epoch seconds, as supervisord gives them; 0 when never. */
      start: z.number(),
    })
    .nullable()
    .optional(),
});
export type Instance = z.infer<typeof instanceSchema>;
export type AgentListener = NonNullable<Instance['listener']>;

/** What one instance says about one process. */
export const processOnInstanceSchema = z.object({
  instance: z.string(),
  state: processStateSchema,
  description: z.string(),
  pid: z.number().int(),
  /** Epoch seconds, as supervisord gives them; 0 when never. */
  start: z.number(),
  stop: z.number(),
  exitStatus: z.number().int(),
  expectedExit: z.boolean(),
  spawnErr: z.string(),
  /** Epoch ms when this instance's state last changed (used to order events). */
  updatedAt: z.number(),
  /** Set while the instance answers nothing: the entry is its last known state, as of then. */
  staleSince: z.number().optional(),
});
export type ProcessOnInstance = z.infer<typeof processOnInstanceSchema>;

export const processSchema = z.object({
  /** group:name */
  namespec: z.string(),
  application: z.string(),
  name: z.string(),
  /** Synthetic state over all instances (SPEC section 2). */
  state: processStateSchema,
  expectedExit: z.boolean(),
  description: z.string(),
  /** Instances where it is running-like (several = conflict). */
  runningOn: z.array(z.string()),
  /** Instance whose info gives the synthetic state, null if none. */
  instance: z.string().nullable(),
  conflict: z.boolean(),
  /** Instances whose supervisord defines this program. */
  definedOn: z.array(z.string()),
  /** Per-instance detail, one entry per defining instance. */
  instances: z.array(processOnInstanceSchema),
  rules: programRulesSchema,
  /** Instances where a user disabled the program: no start goes there. Absent when none. */
  disabledOn: z.array(z.string()).optional(),
});
export type Process = z.infer<typeof processSchema>;

export const applicationSchema = z.object({
  name: z.string(),
  managed: z.boolean(),
  state: applicationStateSchema,
  majorFailure: z.boolean(),
  minorFailure: z.boolean(),
  status: operationalStatusSchema,
  /** Why the status is what it is: failing processes, formula errors. */
  reasons: z.array(z.string()),
  rules: applicationRulesSchema,
  /** The id of the job running on this application, if any. */
  jobId: z.string().nullable(),
  /** What that job does now: while it starts the application is STARTING, while it stops STOPPING. */
  jobPhase: jobPhaseSchema.nullable(),
});
export type Application = z.infer<typeof applicationSchema>;
