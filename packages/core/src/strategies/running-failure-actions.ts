import type { RunningFailureStrategy } from '@supfleet/protocol';
import type { FleetState } from '../fleet/fleet-state';
import { detectRunningFailures } from './detect-running-failures';

/** What supfleet does about failed processes; `failed` names the processes that caused it. */
export type RunningFailureAction =
  | { type: 'stop-all'; failed: string[] }
  | { type: 'restart-all'; failed: string[] }
  | { type: 'stop-application'; application: string; failed: string[] }
  | { type: 'restart-application'; application: string; failed: string[] }
  | { type: 'restart-process'; namespec: string; failed: string[] };

/**
 * SPEC section 7 orders the application strategies; SHUTDOWN and RESTART act on every
 * application, so they come first, and stopping wins over restarting at each level.
 */
const PRIORITY: Record<RunningFailureStrategy, number> = {
  SHUTDOWN: 6,
  RESTART: 5,
  STOP_APPLICATION: 4,
  RESTART_APPLICATION: 3,
  RESTART_PROCESS: 2,
  CONTINUE: 1,
};

/**
 * The strategy that applies to one failed process: its running_failure_strategy, with
 * RESTART_PROCESS promoted to RESTART_APPLICATION once nothing of the application runs.
 */
export function effectiveRunningFailureStrategy(fleet: FleetState, namespec: string): RunningFailureStrategy {
  const process = fleet.processes[namespec];
  if (!process) return 'CONTINUE';
  const strategy = process.rules.runningFailureStrategy;
  if (strategy === 'RESTART_PROCESS' && fleet.applications[process.application]?.state === 'STOPPED') {
    return 'RESTART_APPLICATION';
  }
  return strategy;
}

/**
 * The actions for processes known to have failed (SPEC section 7): one stop-all or restart-all
 * when any failed process asks for it, else at most one action per application, the strongest
 * strategy of its failed processes winning; RESTART_PROCESS gives one action per process.
 */
export function runningFailureActionsFor(
  fleet: FleetState,
  failed: readonly string[],
): RunningFailureAction[] {
  const byStrategy = failed.map((namespec) => ({
    namespec,
    strategy: effectiveRunningFailureStrategy(fleet, namespec),
  }));
  const strongest = (items: typeof byStrategy) =>
    items.reduce<RunningFailureStrategy>(
      (best, item) => (PRIORITY[item.strategy] > PRIORITY[best] ? item.strategy : best),
      'CONTINUE',
    );
  const all = strongest(byStrategy);
  const causes = (strategy: RunningFailureStrategy, items = byStrategy) =>
    items.filter((item) => item.strategy === strategy).map((item) => item.namespec);
  if (all === 'SHUTDOWN') return [{ type: 'stop-all', failed: causes('SHUTDOWN') }];
  if (all === 'RESTART') return [{ type: 'restart-all', failed: causes('RESTART') }];

  const byApplication = new Map<string, typeof byStrategy>();
  for (const item of byStrategy) {
    const application = fleet.processes[item.namespec]?.application;
    if (application === undefined) continue;
    byApplication.set(application, [...(byApplication.get(application) ?? []), item]);
  }
  const actions: RunningFailureAction[] = [];
  for (const [application, items] of [...byApplication].sort(([a], [b]) => a.localeCompare(b))) {
    const strategy = strongest(items);
    if (strategy === 'STOP_APPLICATION') {
      actions.push({ type: 'stop-application', application, failed: causes(strategy, items) });
    } else if (strategy === 'RESTART_APPLICATION') {
      actions.push({ type: 'restart-application', application, failed: causes(strategy, items) });
    } else if (strategy === 'RESTART_PROCESS') {
      for (const namespec of causes(strategy, items))
        actions.push({ type: 'restart-process', namespec, failed: [namespec] });
    }
  }
  return actions;
}

/**
 * SPEC section 7: the running failure strategies that a change of the fleet triggers. A job's own
 * stops, and anything seen while a job runs on the application, are not failures.
 */
export function runningFailureActions(
  before: FleetState,
  after: FleetState,
  stoppingByJobs: ReadonlySet<string>,
): RunningFailureAction[] {
  return runningFailureActionsFor(after, detectRunningFailures(before, after, stoppingByJobs));
}
