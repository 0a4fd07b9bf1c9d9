export { autoStartDecision } from './auto-start-decision';
export { autoStartIntent } from './auto-start-intent';
export type { AutoStartIntent } from './auto-start-intent';
export type { AutoStartDecision } from './auto-start-decision';
export { conciliate } from './conciliate';
export type { Conciliation } from './conciliate';
export { detectRunningFailures } from './detect-running-failures';
export { planApplicationRepair } from './plan-application-repair';
export {
  effectiveRunningFailureStrategy,
  runningFailureActions,
  runningFailureActionsFor,
} from './running-failure-actions';
export type { RunningFailureAction } from './running-failure-actions';
