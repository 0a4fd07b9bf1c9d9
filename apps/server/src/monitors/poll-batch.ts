import type { InstancePoll } from '@supfleet/core';
import type { FleetModel } from '../fleet-model';

/**
 * The node agents' re-reads that end in one turn of the event loop go to the fleet model as one
 * event: a burst (200 processes stopped at once on 100 instances) is then a few derivations of
 * the applications instead of one per re-read, and a few batches of deltas (BENCHMARKS.md).
 * The model makes one change per dispatch; this is what makes a burst of re-reads one dispatch.
 */
export class PollBatch {
  #polls: InstancePoll[] = [];

  constructor(
    private readonly store: Pick<FleetModel, 'dispatch'>,
    /** When the batch goes out; injected so that a test can drive it. */
    private readonly defer: (flush: () => void) => void = setImmediate,
  ) {}

  add(poll: InstancePoll): void {
    if (this.#polls.push(poll) === 1) this.defer(() => this.flush());
  }

  /** Dispatches what was added since the last flush. */
  flush(): void {
    const polls = this.#polls;
    if (polls.length === 0) return;
    this.#polls = [];
    this.store.dispatch({ type: 'instances:polled', polls });
  }
}
