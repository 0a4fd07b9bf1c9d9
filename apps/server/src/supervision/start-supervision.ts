import type { Logger } from '../logging/logger';
import type { ConciliationStrategy } from '@supfleet/protocol';
import type { AutoStartIntent } from '@supfleet/core';
import type { FleetChange } from '../fleet-change';
import type { FleetModel } from '../fleet-model';
import type { Orchestrator } from '../orchestrator/orchestrator';
import { AutoStarter } from './auto-starter';
import { Conciliator } from './conciliator';
import { DeferredActions } from './deferred-actions';
import { RunningFailureHandler } from './running-failure-handler';

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
 * It reacts within the store's change: a job it launches is announced after that change.
 */
export function startSupervision(
  store: FleetModel,
  orchestrator: Orchestrator,
  options: SupervisionOptions,
): Supervision {
  const deferred = new DeferredActions(options.log);
  const failures = new RunningFailureHandler(store, orchestrator, deferred, options.log);
  const conciliator = new Conciliator(orchestrator, options.conciliationStrategy, failures, options.log);
  const autoStarter = options.autoStart
    ? new AutoStarter(orchestrator, deferred, options.log, options.intent)
    : null;
  const onChange = (change: FleetChange) => {
    // The intent of a job launched in this change counts for the repairs it may bring.
    autoStarter?.trackJobs(change);
    const before = change.before.fleet;
    const after = change.after.fleet;
    if (before !== after) {
      failures.onChange(before, after);
      conciliator.onChange(before, after);
      autoStarter?.onChange(before, after);
    }
    deferred.onChange(change);
  };
  store.on('change', onChange);
  return {
    stop() {
      store.off('change', onChange);
      deferred.dispose();
    },
  };
}
