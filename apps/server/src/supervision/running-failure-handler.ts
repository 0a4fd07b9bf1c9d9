import type { Logger } from '../logging/logger';
import { isRunningLike } from '@supfleet/protocol';
import {
  runningFailureActions,
  runningFailureActionsFor,
  type FleetState,
  type RunningFailureAction,
} from '@supfleet/core';
import type { FleetModel } from '../fleet-model';
import type { Orchestrator } from '../orchestrator/orchestrator';
import type { DeferredActions } from './deferred-actions';

/**
 * SPEC section 7, running failures: decides with core on every change of the fleet, and runs the
 * decision as jobs. SHUTDOWN and RESTART stop / restart every application; they never shut a
 * supervisord down.
 */
export class RunningFailureHandler {
  constructor(
    private readonly store: FleetModel,
    private readonly orchestrator: Orchestrator,
    private readonly deferred: DeferredActions,
    private readonly log: Logger,
  ) {}

  onChange(before: FleetState, after: FleetState): void {
    this.#apply(runningFailureActions(before, after, this.orchestrator.stoppingNamespecs()));
  }

  /** Applies the running failure strategy of processes that supfleet itself stopped (RUNNING_FAILURE conciliation). */
  applyFor(namespecs: readonly string[]): void {
    this.#apply(runningFailureActionsFor(this.store.state, namespecs));
  }

  #apply(actions: RunningFailureAction[]): void {
    for (const action of actions) {
      const cause = `running failure of ${action.failed.join(', ')}`;
      this.log.info(`${cause}: ${action.type}${'application' in action ? ` ${action.application}` : ''}`);
      const options = { wait: false, cause };
      switch (action.type) {
        case 'stop-all':
          this.deferred.run('stop all', () => this.orchestrator.allAction('stop', options));
          break;
        case 'restart-all':
          this.deferred.run('restart all', () => this.orchestrator.allAction('restart', options));
          break;
        case 'stop-application':
          this.deferred.run(`stop ${action.application}`, () =>
            this.orchestrator.applicationAction('stop', action.application, options),
          );
          break;
        case 'restart-application':
          this.deferred.run(`restart ${action.application}`, () =>
            this.orchestrator.applicationAction('restart', action.application, options),
          );
          break;
        case 'restart-process': {
          const { namespec } = action;
          this.deferred.run(
            `restart ${namespec}`,
            () => this.orchestrator.processAction('start', namespec, options),
            () => !isRunningLike(this.store.state.processes[namespec]?.state ?? 'RUNNING'),
          );
          break;
        }
      }
    }
  }
}
