import { z } from 'zod';
import {
  errorCodeSchema,
  jobKindSchema,
  jobSchema,
  startingStrategySchema,
  type Job,
} from '@supfleet/protocol';
import { DomainError } from '../errors';
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
]);
export type ForwardedAction = z.infer<typeof forwardedActionSchema>;

/** The leader's answer: the job it launched (or cancelled), or the error it would have answered. */
export const forwardAnswerSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), job: jobSchema }),
  z.object({
    ok: z.literal(false),
    code: errorCodeSchema,
    message: z.string(),
    details: z.unknown().optional(),
  }),
]);
export type ForwardAnswer = z.infer<typeof forwardAnswerSchema>;

/**
 * Runs a forwarded action on the leader through the same entry point a local call uses (the
 * same checks: ALREADY_STARTED, NOT_RUNNING, CONFLICT, NOT_FOUND…), never waiting for the job:
 * the follower waits for it itself, on the job as the database shows it.
 */
export async function performForwarded(orchestrator: Orchestrator, action: ForwardedAction): Promise<Job> {
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
