import { z } from 'zod';
import { startingStrategySchema } from './states';
import { jobSchema } from './jobs';

/** Why an instance cannot take a process, as a dry run reports it. */
export const refusalKindSchema = z.enum([
  'unknown',
  'not-running',
  'not-defined',
  'not-allowed',
  'disabled',
  'pinned',
  'over-capacity',
]);
export type RefusalKindName = z.infer<typeof refusalKindSchema>;

/** One process of a dry run: where it would start and why, or why it cannot. */
export const plannedProcessSchema = z.object({
  namespec: z.string(),
  application: z.string(),
  name: z.string(),
  /** planned: would be started on `instance`; running: already runs there (left alone); refused: nowhere. */
  outcome: z.enum(['planned', 'running', 'refused']),
  instance: z.string().nullable(),
  /** Why this instance (the strategy's reason), or why none. */
  reason: z.string(),
  /** The next stage waits for this process to exit with an expected code. */
  waitExit: z.boolean(),
  required: z.boolean(),
  /** Instances that could take it, in preference order. */
  candidates: z.array(z.string()),
  /** Every other instance, with the reason it cannot. */
  refusals: z.array(z.object({ instance: z.string(), kind: refusalKindSchema, reason: z.string() })),
});
export type PlannedProcess = z.infer<typeof plannedProcessSchema>;

/** A dry run of a start (or of the start half of a restart): the job's ranks, nothing started. */
export const startPlanSchema = z.object({
  target: z.object({ type: z.enum(['application', 'process']), name: z.string() }),
  action: z.enum(['start', 'restart']),
  strategy: startingStrategySchema,
  /** Every process would be placed (or already runs). */
  feasible: z.boolean(),
  ranks: z.array(
    z.object({ rank: z.number(), application: z.string(), processes: z.array(plannedProcessSchema) }),
  ),
});
export type StartPlan = z.infer<typeof startPlanSchema>;

/** Query of GET /api/v1/applications/:name/plan and /api/v1/processes/:namespec/plan. */
export const planQuerySchema = z
  .object({
    action: z.enum(['start', 'restart']).default('start'),
    strategy: startingStrategySchema.optional(),
  })
  .strict();

/** GET /api/v1/disabled: every program disabled on an instance. */
export const disabledProgramsAnswerSchema = z.array(
  z.object({ namespec: z.string(), instance: z.string(), by: z.string(), at: z.number() }),
);
export type DisabledProgramsAnswer = z.infer<typeof disabledProgramsAnswerSchema>;

/** Body of POST /api/v1/processes/:namespec/(enable|disable); no instance: every instance defining it. */
export const programSwitchBodySchema = z
  .object({
    instance: z.string().optional(),
    wait: z.boolean().default(false),
  })
  .strict();

/** Answer of enable / disable: what changed, and the job stopping the process (disable) if it ran. */
export const programSwitchAnswerSchema = z.object({
  namespec: z.string(),
  changed: z.array(z.string()),
  job: jobSchema.nullable(),
});
