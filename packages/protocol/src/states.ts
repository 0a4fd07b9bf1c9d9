import { z } from 'zod';

/** Supervisor's own process state codes (supervisor/states.py). */
export const PROCESS_STATE_CODES = {
  STOPPED: 0,
  STARTING: 10,
  RUNNING: 20,
  BACKOFF: 30,
  STOPPING: 40,
  EXITED: 100,
  FATAL: 200,
  UNKNOWN: 1000,
} as const;

export const processStateSchema = z.enum([
  'STOPPED',
  'STARTING',
  'RUNNING',
  'BACKOFF',
  'STOPPING',
  'EXITED',
  'FATAL',
  'UNKNOWN',
]);
export type ProcessState = z.infer<typeof processStateSchema>;

export const instanceStateSchema = z.enum(['UNKNOWN', 'CHECKING', 'RUNNING', 'SILENT']);
export type InstanceState = z.infer<typeof instanceStateSchema>;

export const applicationStateSchema = z.enum(['STOPPED', 'STARTING', 'RUNNING', 'STOPPING']);
export type ApplicationState = z.infer<typeof applicationStateSchema>;

/** The LED of an application (SPEC section 3). */
/** `starting`: a start job runs on it; its failures are judged when the job ends. */
export const operationalStatusSchema = z.enum([
  'operational',
  'degraded',
  'not-operational',
  'starting',
  'off',
]);
export type OperationalStatus = z.infer<typeof operationalStatusSchema>;

export const OPERATIONAL_STATUS_LABELS: Record<OperationalStatus, string> = {
  operational: 'Operational',
  degraded: 'Degraded',
  'not-operational': 'Not Operational',
  starting: 'Starting',
  off: 'none',
};

export const distributionSchema = z.enum(['ALL_INSTANCES', 'SINGLE_INSTANCE', 'SINGLE_NODE']);
export type Distribution = z.infer<typeof distributionSchema>;

export const startingStrategySchema = z.enum([
  'CONFIG',
  'LESS_LOADED',
  'MOST_LOADED',
  'LOCAL',
  'LESS_LOADED_NODE',
  'MOST_LOADED_NODE',
]);
export type StartingStrategy = z.infer<typeof startingStrategySchema>;

export const startingFailureStrategySchema = z.enum(['ABORT', 'STOP', 'CONTINUE']);
export type StartingFailureStrategy = z.infer<typeof startingFailureStrategySchema>;

export const runningFailureStrategySchema = z.enum([
  'CONTINUE',
  'RESTART_PROCESS',
  'STOP_APPLICATION',
  'RESTART_APPLICATION',
  'SHUTDOWN',
  'RESTART',
]);
export type RunningFailureStrategy = z.infer<typeof runningFailureStrategySchema>;

export const conciliationStrategySchema = z.enum([
  'SENICIDE',
  'INFANTICIDE',
  'USER',
  'STOP',
  'RESTART',
  'RUNNING_FAILURE',
]);
export type ConciliationStrategy = z.infer<typeof conciliationStrategySchema>;

const RUNNING_LIKE: ReadonlySet<ProcessState> = new Set(['STARTING', 'RUNNING', 'BACKOFF']);

/** STARTING, RUNNING and BACKOFF count as running (SPEC section 2). */
export function isRunningLike(state: ProcessState): boolean {
  return RUNNING_LIKE.has(state);
}

export function processStateFromCode(code: number): ProcessState {
  const entry = Object.entries(PROCESS_STATE_CODES).find(([, value]) => value === code);
  return entry ? (entry[0] as ProcessState) : 'UNKNOWN';
}
