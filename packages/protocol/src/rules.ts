import { z } from 'zod';
import {
  distributionSchema,
  runningFailureStrategySchema,
  startingFailureStrategySchema,
  startingStrategySchema,
} from './states';

/**
 * Resolved rules of one program (SPEC section 4), after models, aliases and
 * homogeneous-group markers have been applied.
 */
export const programRulesSchema = z.object({
  /** Instance identifiers allowed, in preference order; ['*'] means every instance. */
  identifiers: z.array(z.string()),
  required: z.boolean(),
  startSequence: z.number().int(),
  stopSequence: z.number().int(),
  waitExit: z.boolean(),
  /** Seconds a wait_exit process may run before its start is failed; absent: 300. */
  waitExitTimeout: z.number().int().min(1).optional(),
  expectedLoading: z.number().int().min(0).max(100),
  startingFailureStrategy: startingFailureStrategySchema,
  runningFailureStrategy: runningFailureStrategySchema,
});
export type ProgramRules = z.infer<typeof programRulesSchema>;

export const applicationRulesSchema = z.object({
  /** False for a group that no rule matches: shown, never orchestrated. */
  managed: z.boolean(),
  distribution: distributionSchema,
  identifiers: z.array(z.string()),
  startSequence: z.number().int(),
  stopSequence: z.number().int(),
  startingStrategy: startingStrategySchema,
  startingFailureStrategy: startingFailureStrategySchema,
  runningFailureStrategy: runningFailureStrategySchema,
  /** The operational_status formula, or null for the "required" method. */
  operationalStatus: z.string().nullable(),
});
export type ApplicationRules = z.infer<typeof applicationRulesSchema>;

export const DEFAULT_PROGRAM_RULES: ProgramRules = {
  identifiers: ['*'],
  required: false,
  startSequence: 0,
  stopSequence: 0,
  waitExit: false,
  expectedLoading: 0,
  startingFailureStrategy: 'ABORT',
  runningFailureStrategy: 'CONTINUE',
};

export const UNMANAGED_APPLICATION_RULES: ApplicationRules = {
  managed: false,
  distribution: 'ALL_INSTANCES',
  identifiers: ['*'],
  startSequence: 0,
  stopSequence: 0,
  startingStrategy: 'CONFIG',
  startingFailureStrategy: 'ABORT',
  runningFailureStrategy: 'CONTINUE',
  operationalStatus: null,
};
