import { z } from 'zod';
import {
  applicationStateSchema,
  instanceStateSchema,
  operationalStatusSchema,
  processStateSchema,
} from './states';
import { applicationRulesSchema, programRulesSchema } from './rules';

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
  /** Sum of expected_loading of the running-like processes here (0-100+). */
  loading: z.number(),
  /** supervisord's own identification string, once known. */
  identification: z.string().nullable(),
  /** A node agent pushes for this instance (a heartbeat within three of its periods). */
  agent: z.boolean(),
});
export type Instance = z.infer<typeof instanceSchema>;

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
});
export type Application = z.infer<typeof applicationSchema>;
