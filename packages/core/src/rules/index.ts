export type {
  ApplicationExplanation,
  LoadRulesOptions,
  LoadRulesResult,
  ProgramExplanation,
  RuleMatch,
  Rules,
  RulesDiagnostic,
  RulesSource,
  RulesSummary,
} from './rules';
export { formatDiagnostic } from './format-diagnostic';
export { loadRules } from './load-rules';
export { EMPTY_RULES } from './empty-rules';
export { autorestartWarnings } from './autorestart-warnings';
export type { ProgramAutorestart } from './autorestart-warnings';
export { MAX_CHAIN_LEVELS } from './model-chains';
