import { z } from 'zod';
import {
  errorCodeSchema,
  jobKindSchema,
  jobSchema,
  startingStrategySchema,
  type Job,
} from '@supfleet/protocol';
import { SupervisorClientError } from '@supfleet/supervisor-client';
import { DomainError } from '../errors';
import type { InstanceMonitor } from '../monitors/instance-monitor';
import type { ProgramSwitch } from '../supervision/program-switch';
import type { Orchestrator } from './orchestrator';

const optionsSchema = z.object({
  wait: z.boolean().optional(),
  strategy: startingStrategySchema.optional(),
  instance: z.string().optional(),
  cause: z.string().optional(),
  actor: z.string().optional(),
});

/**
 * A call of one of the orchestrator's entry points, as a follower hands it to the leader through
 * the database (a row of `forwarded_actions`): every action of every surface (REST, /RPC2, the
 * CLI, the supervisorctl plugin, the page) ends in one of these.
 */
export const forwardedActionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('application'), kind: jobKindSchema, name: z.string(), options: optionsSchema }),
  z.object({ type: z.literal('process'), kind: jobKindSchema, namespec: z.string(), options: optionsSchema }),
  z.object({ type: z.literal('all'), kind: jobKindSchema, options: optionsSchema }),
  z.object({
    type: z.literal('stop-on'),
    namespec: z.string(),
    instances: z.array(z.string()),
    options: optionsSchema,
  }),
  z.object({ type: z.literal('cancel'), id: z.string() }),
  // The fenced calls made outside jobs: clear a log, restart or shut down a supervisord.
  z.object({
    type: z.literal('supervisor'),
    instance: z.string(),
    call: z.enum(['clearProcessLogs', 'restart', 'shutdown']),
    namespec: z.string().optional(),
  }),
  z.object({
    type: z.literal('disable'),
    namespec: z.string(),
    instances: z.array(z.string()).optional(),
    by: z.string(),
  }),
  z.object({ type: z.literal('enable'), namespec: z.string(), instances: z.array(z.string()).optional() }),
]);
export type ForwardedAction = z.infer<typeof forwardedActionSchema>;

/** The leader's answer: the job it launched (or cancelled), or the error it would have answered. */
export const forwardAnswerSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), job: jobSchema.nullable(), changed: z.array(z.string()).optional() }),
  z.object({
    ok: z.literal(false),
    code: errorCodeSchema,
    message: z.string(),
    details: z.unknown().optional(),
  }),
]);
export type ForwardAnswer = z.infer<typeof forwardAnswerSchema>;

/** What the leader runs forwarded actions with. */
export interface ForwardTargets {
  orchestrator: Orchestrator;
  monitors: ReadonlyMap<string, InstanceMonitor>;
  programs: ProgramSwitch;
}

/**
 * Runs a forwarded action on the leader through the same entry point a local call uses (the
 * same checks: ALREADY_STARTED, NOT_RUNNING, CONFLICT, NOT_FOUND…), never waiting for the job:
 * the follower waits for it itself, on the job as the database shows it.
 */
export async function performForwarded(
  targets: ForwardTargets,
  action: ForwardedAction,
): Promise<ForwardAnswer> {
  switch (action.type) {
    case 'supervisor':
      await supervisorCall(targets.monitors, action);
      return { ok: true, job: null };
    case 'disable': {
      const { job, changed } = await targets.programs.disable(action.namespec, action.instances, action.by, {
        wait: false,
        forwarded: true,
      });
      return { ok: true, job, changed };
    }
    case 'enable': {
      const { changed } = await targets.programs.enable(action.namespec, action.instances, {
        forwarded: true,
      });
      return { ok: true, job: null, changed };
    }
    default:
      return { ok: true, job: await performJobAction(targets.orchestrator, action) };
  }
}

async function supervisorCall(
  monitors: ReadonlyMap<string, InstanceMonitor>,
  action: Extract<ForwardedAction, { type: 'supervisor' }>,
): Promise<void> {
  const monitor = monitors.get(action.instance);
  if (!monitor) throw new DomainError('NOT_FOUND', `unknown instance ${action.instance}`);
  try {
    if (action.call === 'clearProcessLogs')
      await monitor.changes.clearProcessLogs(action.namespec ?? '', { forwarded: true });
    else await monitor.changes.supervisord(action.call, { forwarded: true });
  } catch (error) {
    if (error instanceof SupervisorClientError) throw new DomainError('UNAVAILABLE', error.message);
    throw error;
  }
}

function performJobAction(
  orchestrator: Orchestrator,
  action: Exclude<ForwardedAction, { type: 'supervisor' | 'disable' | 'enable' }>,
): Promise<Job> {
  if (action.type === 'cancel') return orchestrator.cancel(action.id, { forwarded: true });
  const options = { ...action.options, wait: false, forwarded: true };
  switch (action.type) {
    case 'application':
      return orchestrator.applicationAction(action.kind, action.name, options);
    case 'process':
      return orchestrator.processAction(action.kind, action.namespec, options);
    case 'all':
      return orchestrator.allAction(action.kind, options);
    case 'stop-on':
      return orchestrator.stopProcessOn(action.namespec, action.instances, options);
  }
}

/** What the caller of the follower gets: the job, or the leader's error as it is. */
export function answerOf(error: unknown): ForwardAnswer {
  if (error instanceof DomainError)
    return {
      ok: false,
      code: error.code,
      message: error.message,
      ...(error.details === undefined ? {} : { details: error.details }),
    };
  // An unexpected error: its message may say more than a caller should see (as the error middleware does).
  return { ok: false, code: 'INTERNAL', message: 'the leader could not run the action' };
}
