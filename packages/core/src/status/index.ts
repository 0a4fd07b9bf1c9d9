export { syntheticState } from './synthetic-state';
export type { SyntheticState } from './synthetic-state';
export {
  applicationState,
  applicationStatus,
  processHasFailed,
  processIsUp,
  operationalStatus,
} from './application-status';
export type { ApplicationStatus, StatusProcess } from './application-status';
export { evaluateFormula, formulaPrograms, parseFormula } from './formula';
export type { EvaluateFormulaResult, Formula, FormulaProgram, ParseFormulaResult } from './formula';
