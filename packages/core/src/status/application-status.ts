import { isRunningLike } from '@supfleet/protocol';
import type {
  ApplicationRules,
  ApplicationState,
  JobPhase,
  OperationalStatus,
  Process,
} from '@supfleet/protocol';
import { evaluateFormula, formulaPrograms, parseFormula } from './formula';
import type { FormulaProgram } from './formula';

export interface ApplicationStatus {
  state: ApplicationState;
  majorFailure: boolean;
  minorFailure: boolean;
  status: OperationalStatus;
  reasons: string[];
}

/** The process fields the status depends on; a full Process DTO fits. */
export type StatusProcess = Pick<Process, 'name' | 'state' | 'expectedExit' | 'rules'> &
  Partial<Pick<Process, 'instances'>>;

/** SPEC section 3: STOPPING, then STARTING (or BACKOFF), then RUNNING, else STOPPED. */
export function applicationState(processes: readonly Pick<Process, 'state'>[]): ApplicationState {
  const states = new Set(processes.map((process) => process.state));
  if (states.has('STOPPING')) return 'STOPPING';
  if (states.has('STARTING') || states.has('BACKOFF')) return 'STARTING';
  if (states.has('RUNNING')) return 'RUNNING';
  return 'STOPPED';
}

/** FATAL, UNKNOWN and an EXITED without an expected exit code count as failures. */
export function processHasFailed(process: Pick<Process, 'state' | 'expectedExit'>): boolean {
  return (
    process.state === 'FATAL' ||
    process.state === 'UNKNOWN' ||
    (process.state === 'EXITED' && !process.expectedExit)
  );
}

/** Up for a formula: running-like, or done with an expected exit code. */
export function processIsUp(process: Pick<Process, 'state' | 'expectedExit'>): boolean {
  return isRunningLike(process.state) || (process.state === 'EXITED' && process.expectedExit);
}

export function operationalStatus(
  state: ApplicationState,
  majorFailure: boolean,
  minorFailure: boolean,
): OperationalStatus {
  if (state !== 'RUNNING') return 'off';
  if (majorFailure) return 'not-operational';
  if (minorFailure) return 'degraded';
  return 'operational';
}

interface Failures {
  major: string[];
  minor: string[];
}

function failureLine(process: StatusProcess, qualifier: string): string {
  const state = process.state === 'EXITED' ? 'EXITED unexpectedly' : process.state;
  return `${process.name} is ${state} (${qualifier})`;
}

function requiredMethod(state: ApplicationState, processes: readonly StatusProcess[]): Failures {
  const failures: Failures = { major: [], minor: [] };
  for (const process of processes) {
    if (processHasFailed(process)) {
      if (process.rules.required) failures.major.push(failureLine(process, 'required'));
      else if (process.rules.startSequence > 0)
        failures.minor.push(failureLine(process, 'in the start sequence'));
    } else if (process.rules.required && process.state === 'STOPPED' && state !== 'STOPPED') {
      failures.major.push(failureLine(process, 'required'));
    }
  }
  return failures;
}

function formulaMethod(text: string, processes: readonly StatusProcess[]): Failures {
  const failures: Failures = { major: [], minor: [] };
  const parsed = parseFormula(text);
  if (!parsed.ok) {
    failures.major.push(`formula: ${parsed.error}`);
    return failures;
  }
  const programs: FormulaProgram[] = processes.map((process) => ({
    name: process.name,
    up: processIsUp(process),
  }));
  const result = evaluateFormula(parsed.formula, programs);
  if (!result.ok) {
    failures.major.push(`formula: ${result.error}`);
  } else if (!result.value) {
    const down = formulaPrograms(parsed.formula, programs).filter(
      (name) => !programs.some((p) => p.name === name && p.up),
    );
    failures.major.push(down.length > 0 ? `formula is false (down: ${down.join(', ')})` : 'formula is false');
  }
  if (failures.major.length === 0) {
    for (const process of processes) {
      if (processHasFailed(process) && process.rules.startSequence > 0) {
        failures.minor.push(failureLine(process, 'in the start sequence'));
      }
    }
  }
  return failures;
}

/**
 * State, failures and LED of an application from its processes' synthetic states (SPEC section 3).
 * `reasons` lists only what decides the status: the major failures when there is one
 * (a major failure clears the minor one), else the minor ones.
 */
export function applicationStatus(
  rules: ApplicationRules,
  processes: readonly StatusProcess[],
  job: JobPhase | null = null,
): ApplicationStatus {
  // While a job runs its state is the job's, and failures are judged when it ends: a start
  // between two ranks is not STOPPED, and a rank not started yet is no failure.
  if (job === 'start')
    return { state: 'STARTING', majorFailure: false, minorFailure: false, status: 'starting', reasons: [] };
  if (job === 'stop')
    return { state: 'STOPPING', majorFailure: false, minorFailure: false, status: 'off', reasons: [] };
  const state = applicationState(processes);
  const failures =
    rules.operationalStatus === null
      ? requiredMethod(state, processes)
      : formulaMethod(rules.operationalStatus, processes);
  // A process said to run on an instance that answers nothing is not known to run: not green.
  for (const process of processes) {
    const stale = (process.instances ?? []).find(
      (entry) => entry.staleSince !== undefined && isRunningLike(entry.state),
    );
    if (stale)
      failures.minor.push(`${process.name}: no answer from ${stale.instance} (last known ${stale.state})`);
  }
  const majorFailure = failures.major.length > 0;
  const minorFailure = !majorFailure && failures.minor.length > 0;
  return {
    state,
    majorFailure,
    minorFailure,
    status: operationalStatus(state, majorFailure, minorFailure),
    reasons: majorFailure ? failures.major : failures.minor,
  };
}
