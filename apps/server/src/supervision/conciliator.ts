import type { Logger } from '../logging/logger';
import { isRunningLike, type ConciliationStrategy, type Process } from '@supfleet/protocol';
import { conciliate, type FleetState } from '@supfleet/core';
import type { Orchestrator } from '../orchestrator/orchestrator';
import type { RunningFailureHandler } from './running-failure-handler';

/** Which instances run the process since when: a conflict handled once is not handled again. */
function signature(process: Process): string {
  return process.instances
    .filter((entry) => isRunningLike(entry.state))
    .map((entry) => `${entry.instance}@${entry.start}`)
    .join(',');
}

/**
 * SPEC section 7, conflicts: ends each conflict by the configured conciliation strategy, once no
 * job runs on its application. USER leaves them to a person (POST /conflicts/:namespec/resolve).
 */
export class Conciliator {
  /** namespec -> signature of the conflict already acted upon, so that a failed stop does not loop. */
  readonly #handled = new Map<string, string>();

  constructor(
    private readonly orchestrator: Orchestrator,
    private readonly strategy: ConciliationStrategy,
    private readonly failures: RunningFailureHandler,
    private readonly log: Logger,
  ) {}

  onChange(_before: FleetState, after: FleetState): void {
    if (this.strategy === 'USER') return;
    for (const namespec of this.#handled.keys())
      if (!after.processes[namespec]?.conflict) this.#handled.delete(namespec);
    for (const process of Object.values(after.processes)) {
      if (!process.conflict || after.applications[process.application]?.jobId !== null) continue;
      const seen = signature(process);
      if (this.#handled.get(process.namespec) === seen) continue;
      this.#handled.set(process.namespec, seen);
      this.#conciliate(process);
    }
  }

  #conciliate(process: Process): void {
    const { namespec } = process;
    const decision = conciliate(process, this.strategy);
    const cause = `conflict of ${namespec} on ${process.runningOn.join(', ')} (${this.strategy})`;
    this.log.info(
      `${cause}: stop on ${decision.stop.join(', ')}${decision.thenStart ? ', then start one' : ''}`,
    );
    const launched = decision.thenStart
      ? this.orchestrator.processAction('restart', namespec, { wait: true, cause })
      : this.orchestrator.stopProcessOn(namespec, decision.stop, { wait: true, cause });
    launched.then(
      (job) => {
        if (decision.thenRunningFailure && job.state === 'succeeded') this.failures.applyFor([namespec]);
      },
      (error: unknown) => {
        // Refused (a job started meanwhile): let the next change of the fleet try again.
        this.#handled.delete(namespec);
        this.log.warn(`${cause}: not done: ${(error as Error).message}`);
      },
    );
  }
}
