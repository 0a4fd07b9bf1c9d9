import { z } from 'zod';
import { applicationRulesSchema, programRulesSchema } from './rules';

/** Where the rule that applies was written in the rules files. */
export const ruleMatchSchema = z.object({
  name: z.string().optional(),
  pattern: z.string().optional(),
  file: z.string(),
  line: z.number().int(),
  column: z.number().int(),
});

/** Answer of GET /api/v1/rules/applications/:name: core's `rules.explainApplication(name)`. */
export const applicationRulesExplanationSchema = z.object({
  rules: applicationRulesSchema,
  /** Null when no application rule matches: the application is unmanaged. */
  matchedBy: ruleMatchSchema.nullable(),
});
export type ApplicationRulesExplanation = z.infer<typeof applicationRulesExplanationSchema>;

/** Answer of GET /api/v1/rules/processes/:namespec: core's `rules.explainProgram(application, program)`. */
export const programRulesExplanationSchema = z.object({
  rules: programRulesSchema,
  matchedBy: ruleMatchSchema.nullable(),
  /** Models loaded under the program rule, nearest first. */
  models: z.array(z.string()),
});
export type ProgramRulesExplanation = z.infer<typeof programRulesExplanationSchema>;
