import type { Logger } from '../logging/logger';
import { autoStartDecision, type AutoStartIntent, type FleetState } from '@supfleet/core';
import { jobsCreated, type FleetChange } from '../fleet-change';
import type { Orchestrator } from '../orchestrator/orchestrator';
import type { DeferredActions } from './deferred-actions';

/**
 * auto_start = true: starts all applications the first time every instance is RUNNING, then
 * repairs the applications of the start sequence whenever an instance (re)joins. An application
 * that a stop job stopped (a person, STOP_APPLICATION, SHUTDOWN) is left stopped until started again.
 */
export class AutoStarter {
  #startedAll: boolean;
  readonly #stoppedOnPurpose: Set<string>;

  constructor(
    private readonly orchestrator: Orchestrator,
    private readonly deferred: DeferredActions,
    private readonly log: Logger,
    /** What the jobs saved so far say (a new leader, or the service started again, goes on from there). */
    intent: AutoStartIntent = { startedAll: false, stopped: [] },
  ) {
    this.#startedAll = intent.startedAll;
    this.#stoppedOnPurpose = new Set(intent.stopped);
  }

  onChange(before: FleetState, after: FleetState): void {
    const decision = autoStartDecision(before, after, this.#startedAll);
    if (decision.type === 'start-all') {
      this.#startedAll = true;
      this.log.info('auto_start: every instance is RUNNING: start all');
      this.deferred.run('auto_start', () =>
        this.orchestrator.allAction('start', { wait: false, cause: 'auto_start: every instance is RUNNING' }),
      );
    } else if (decision.type === 'repair') {
      const cause = `auto_start: ${decision.instances.join(', ')} joined`;
      for (const application of Object.values(after.applications)) {
        const { name, managed, rules } = application;
        if (!managed || rules.startSequence <= 0 || this.#stoppedOnPurpose.has(name)) continue;
        this.deferred.run(`repair ${name}`, () =>
          this.orchestrator.repairApplication(name, { wait: false, cause }),
        );
      }
    }
  }

  /** Remembers the last intent for each application: a stop job stops the repairs, a start job resumes them. */
  trackJobs(change: FleetChange): void {
    for (const job of jobsCreated(change)) {
      if (job.state !== 'running' || job.target.type === 'process') continue;
      const applications =
        job.target.type === 'all'
          ? Object.values(change.after.fleet.applications)
              .filter((a) => a.managed)
              .map((a) => a.name)
          : [job.target.name];
      for (const name of applications) {
        if (job.kind === 'stop') this.#stoppedOnPurpose.add(name);
        else this.#stoppedOnPurpose.delete(name);
      }
    }
  }
}
