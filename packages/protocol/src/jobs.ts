import { z } from 'zod';
import { startingStrategySchema } from './states';

export const jobKindSchema = z.enum(['start', 'stop', 'restart']);
export type JobKind = z.infer<typeof jobKindSchema>;

/** `interrupted`: the service stopped while the job ran; it is never run again by itself. */
export const jobStateSchema = z.enum(['running', 'succeeded', 'failed', 'cancelled', 'interrupted']);
export type JobState = z.infer<typeof jobStateSchema>;

/** What a job does at a given moment: an application's state follows it while it runs. */
export const jobPhaseSchema = z.enum(['stop', 'start']);
export type JobPhase = z.infer<typeof jobPhaseSchema>;

/** Where one process of a job stands. */
export const jobStepSchema = z.enum([
  'pending',
  'starting',
  'waiting-exit',
  'running',
  'exited',
  'stopping',
  'stopped',
  'skipped',
  'failed',
]);
export type JobStep = z.infer<typeof jobStepSchema>;

export const jobProcessSchema = z.object({
  namespec: z.string(),
  instance: z.string().nullable(),
  step: jobStepSchema,
  message: z.string().nullable(),
  /** What the step waits for now, in words ("RUNNING for startsecs 1 s"); absent or null when it waits for nothing. */
  waitingFor: z.string().nullable().optional(),
  /** Epoch ms when the step began to wait for it. */
  since: z.number().nullable().optional(),
  /** Epoch ms past which the step fails: derived from startsecs, stopwaitsecs or wait_exit_timeout. */
  deadline: z.number().nullable().optional(),
});
export type JobProcess = z.infer<typeof jobProcessSchema>;

export const jobRankSchema = z.object({
  phase: jobPhaseSchema,
  rank: z.number().int(),
  processes: z.array(jobProcessSchema),
  /** The application the stage belongs to (a start-all or stop-all job goes through several). */
  application: z.string().optional(),
});
export type JobRank = z.infer<typeof jobRankSchema>;

export const jobSchema = z.object({
  id: z.string(),
  kind: jobKindSchema,
  target: z.object({ type: z.enum(['application', 'process', 'all']), name: z.string() }),
  strategy: startingStrategySchema,
  state: jobStateSchema,
  /** Index into ranks of the stage running now, null when none is. */
  current: z.number().int().nullable(),
  ranks: z.array(jobRankSchema),
  error: z.string().nullable(),
  /** Why the job runs when it is more than a plain request: a running failure, a conflict, auto_start. */
  cause: z.string().optional(),
  /** Who asked for it (a user, a token, the config's admin); absent for supfleet's own jobs. */
  actor: z.string().optional(),
  createdAt: z.number(),
  endedAt: z.number().nullable(),
});
export type Job = z.infer<typeof jobSchema>;
