import type { FleetChanges, FleetState } from '@supfleet/core';
import type { Job, ServiceStatus } from '@supfleet/protocol';

/** All the fleet model holds at one moment. Never mutated: a change replaces what it touches. */
export interface ModelState {
  fleet: FleetState;
  /** The jobs kept in memory, by id, oldest first. */
  jobs: ReadonlyMap<string, Job>;
  service: ServiceStatus;
}

/**
 * The fleet model's one event: what one dispatch, one job transition (with the phase of the
 * applications it holds) or one service status changed. `before` and `after` are whole states,
 * so a consumer computes a transition from them instead of keeping a copy of its own.
 */
export interface FleetChange {
  /** 1, 2, 3…: listeners receive the changes in this order, each one once. */
  sequence: number;
  before: ModelState;
  after: ModelState;
  /**
   * The job of this change is another replica's (the leader's, mirrored on a follower): shown and
   * waited on like this replica's own, but neither counted in its metrics nor logged as run here.
   */
  mirrored: boolean;
  /** What changed, by key (the entities are in `after`); every list may be empty. */
  changes: FleetChanges & {
    /** The jobs that changed, as they are now. */
    jobs: Job[];
    /** The new status of the service, when it changed. */
    service: ServiceStatus | null;
  };
}

type Entities = Pick<FleetState, 'instances' | 'processes' | 'applications'>;

/** The instances, processes or applications a change updated, as they are after it. */
export function updated<K extends keyof Entities>(
  change: FleetChange,
  kind: K,
): NonNullable<Entities[K][string]>[] {
  const entities = change.after.fleet[kind] as Entities[K];
  return change.changes[kind].flatMap((key) => entities[key] ?? []) as NonNullable<Entities[K][string]>[];
}

/** The jobs a change created (first seen: running, or already over). */
export function jobsCreated(change: FleetChange): Job[] {
  return change.changes.jobs.filter((job) => !change.before.jobs.has(job.id));
}

/** The jobs a change ended: each job ends in exactly one change. */
export function jobsEnded(change: FleetChange): Job[] {
  return change.changes.jobs.filter(
    (job) => job.state !== 'running' && (change.before.jobs.get(job.id)?.state ?? 'running') === 'running',
  );
}
