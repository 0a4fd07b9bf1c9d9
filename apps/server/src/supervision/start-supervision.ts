import type { Logger } from '../logging/logger';
import type { ConciliationStrategy } from '@supfleet/protocol';
import type { AutoStartIntent } from '@supfleet/core';
import type { FleetModel } from '../fleet-model';
import type { Orchestrator } from '../orchestrator/orchestrator';
import { AutoStarter } from './auto-starter';
import { Conciliator } from './conciliator';
import { DeferredActions } from './deferred-actions';
import { RunningFailureHandler } from './running-failure-handler';
import { watchFleetChanges } from './watch-fleet-changes';

export interface SupervisionOptions {
  conciliationStrategy: ConciliationStrategy;
  autoStart: boolean;
  /** Where supfleet says what it does by itself. */
  log: Logger;
  /** auto_start's memory, from the jobs saved so far. */
  intent?: AutoStartIntent;
}

export interface Supervision {
  /** Stops reacting (service shutdown): nothing launched after this. */
  stop(): void;
}

/**
 * What supfleet does by itself, on every change of the fleet: running failure strategies,
 * conciliation of conflicts, auto_start. Decisions come from core; everything done is a job.
 */
export function startSupervision(
  store: FleetModel,
  orchestrator: Orchestrator,
  options: SupervisionOptions,
): Supervision {
  const deferred = new DeferredActions(store, options.log);
  const failures = new RunningFailureHandler(store, orchestrator, deferred, options.log);
  const conciliator = new Conciliator(orchestrator, options.conciliationStrategy, failures, options.log);
  const autoStarter = options.autoStart
    ? new AutoStarter(store, orchestrator, deferred, options.log, options.intent)
    : null;
  const unwatch = watchFleetChanges(store, (before, after) => {
    failures.onChange(before, after);
    conciliator.onChange(before, after);
    autoStarter?.onChange(before, after);
  });
  return {
    stop() {
      unwatch();
      autoStarter?.dispose();
      deferred.dispose();
    },
  };
}
