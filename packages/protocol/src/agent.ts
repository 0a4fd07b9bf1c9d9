import { z } from 'zod';
import { nodeStatsSchema, processStatsSchema } from './stats';

/**
 * Who is pushing: the instance's nick as in supvisors_list, or supervisord's own URL
 * (SUPERVISOR_SERVER_URL, which supervisord gives its listeners), matched against the instances'
 * host:port. At least one of them.
 */
const agentIdentityShape = {
  /** The nick of the instance, e.g. rocky51 (the agent's --instance). */
  instance: z.string().min(1).max(200).optional(),
  /** supervisord's URL as it gives it to its listeners, e.g. http://127.0.0.1:61001. */
  supervisor: z.string().max(500).optional(),
  /** Pushes the agent could not send since its last successful one: the server then reads everything again. */
  dropped: z.number().int().min(0).optional(),
};

const identified = (body: { instance?: string; supervisor?: string }) =>
  body.instance !== undefined || body.supervisor !== undefined;
const IDENTITY_MESSAGE = 'give instance (the nick) or supervisor (its URL)';

/** One supervisord event as the listener received it; only the header names and a few payload fields. */
export const agentEventSchema = z.object({
  /** supervisord's event name, e.g. PROCESS_STATE_RUNNING, PROCESS_GROUP_ADDED. */
  event: z.string().min(1).max(100),
  group: z.string().max(500).optional(),
  /** The process name; absent for group events. */
  name: z.string().max(500).optional(),
  from: z.string().max(100).optional(),
  pid: z.number().int().optional(),
});
export type AgentEvent = z.infer<typeof agentEventSchema>;

/** POST /api/v1/agent/events: events the agent received since its last push (hints: the server re-reads). */
export const agentEventsBodySchema = z
  .object({ ...agentIdentityShape, events: z.array(agentEventSchema).max(5000) })
  .refine(identified, IDENTITY_MESSAGE);
export type AgentEventsBody = z.infer<typeof agentEventsBodySchema>;

/** POST /api/v1/agent/heartbeat: the agent is alive; with the statistics it sampled. */
export const agentHeartbeatBodySchema = z
  .object({
    ...agentIdentityShape,
    /** Seconds between two heartbeats; the agent counts as gone after three missed. */
    period: z.number().positive().max(3600),
    /** Agent version, for the logs. */
    version: z.string().max(100).optional(),
    stats: z
      .object({
        node: nodeStatsSchema,
        /** By namespec (group:name). */
        processes: z.record(z.string(), processStatsSchema),
      })
      .optional(),
  })
  .refine(identified, IDENTITY_MESSAGE);
export type AgentHeartbeatBody = z.infer<typeof agentHeartbeatBodySchema>;

/** Answer of both agent routes: the instance the push was taken for. */
export const agentAnswerSchema = z.object({ instance: z.string() });
export type AgentAnswer = z.infer<typeof agentAnswerSchema>;

/** Query of GET /api/v1/stats/history. */
export const statsHistoryQuerySchema = z
  .object({
    instance: z.string().min(1),
    /** A namespec: that process's samples; absent: the node's. */
    process: z.string().min(1).optional(),
  })
  .strict();
