import { EventEmitter } from 'node:events';
import type { Application, Instance, Job, Process, Snapshot } from '@supfleet/protocol';
import { fleetReducer, type FleetEvent, type FleetState } from '@supfleet/core';

/** Jobs kept for the API and the pages; the oldest finished ones go first. */
const JOB_HISTORY = 100;

/** What the store announces; each carries the sequence number of the change. */
export interface StoreEvents {
  'instance:updated': [Instance, number];
  'application:updated': [Application, number];
  'process:updated': [Process, number];
  'process:removed': [string, number];
  'application:removed': [string, number];
  'job:updated': [Job, number];
}

/**
 * The one place that holds the fleet state: monitors and the orchestrator dispatch events,
 * the reducer in core decides, and the store announces what changed to realtime clients and waiters.
 */
export class FleetStore extends EventEmitter<StoreEvents> {
  #state: FleetState;
  #sequence = 0;
  readonly #jobs = new Map<string, Job>();

  constructor(initial: FleetState) {
    super();
    this.setMaxListeners(0);
    this.#state = initial;
  }

  get state(): FleetState {
    return this.#state;
  }

  get sequence(): number {
    return this.#sequence;
  }

  dispatch(event: FleetEvent): void {
    const { state, changes } = fleetReducer(this.#state, event);
    this.#state = state;
    for (const id of changes.instances) this.#announce('instance:updated', state.instances[id]);
    for (const namespec of changes.processes) this.#announce('process:updated', state.processes[namespec]);
    for (const namespec of changes.removedProcesses) this.emit('process:removed', namespec, ++this.#sequence);
    for (const name of changes.applications) this.#announce('application:updated', state.applications[name]);
    for (const name of changes.removedApplications) this.emit('application:removed', name, ++this.#sequence);
  }

  updateJob(job: Job): void {
    this.#jobs.set(job.id, job);
    for (const [id, old] of this.#jobs) {
      if (this.#jobs.size <= JOB_HISTORY) break;
      if (old.state !== 'running') this.#jobs.delete(id);
    }
    this.emit('job:updated', job, ++this.#sequence);
  }

  job(id: string): Job | undefined {
    return this.#jobs.get(id);
  }

  jobs(): Job[] {
    return [...this.#jobs.values()];
  }

  /** The fleet part of a snapshot; realtime adds the statistics. */
  snapshot(): Omit<Snapshot, 'stats'> {
    const state = this.#state;
    return {
      instances: state.instanceOrder
        .map((id) => state.instances[id])
        .filter((i): i is Instance => i !== undefined),
      applications: Object.values(state.applications),
      processes: Object.values(state.processes),
      jobs: this.jobs(),
      sequence: this.#sequence,
    };
  }

  #announce<K extends 'instance:updated' | 'application:updated' | 'process:updated'>(
    event: K,
    value: StoreEvents[K][0] | undefined,
  ): void {
    if (value === undefined) return;
    (this.emit as (event: K, value: StoreEvents[K][0], sequence: number) => boolean)(
      event,
      value,
      ++this.#sequence,
    );
  }
}
