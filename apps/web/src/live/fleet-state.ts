import type { Application, Instance, Job, Process, ServiceStatus, Snapshot } from '@supfleet/protocol';

/** What the page knows of the fleet: the last snapshot with every delta since applied. */
export interface FleetState {
  /** Sequence number of the last change applied. */
  sequence: number;
  /** The service's own status: the last reload of its rules and settings. */
  service: ServiceStatus;
  instances: readonly Instance[];
  applications: readonly Application[];
  processes: readonly Process[];
  jobs: readonly Job[];
}

/** The server's deltas, as one union so every transition is one case of `applyFleetDelta`. */
export type FleetDelta =
  | { type: 'instance:updated'; instance: Instance; sequence: number }
  | { type: 'instance:removed'; id: string; sequence: number }
  | { type: 'service:updated'; service: ServiceStatus; sequence: number }
  | { type: 'application:updated'; application: Application; sequence: number }
  | { type: 'process:updated'; process: Process; sequence: number }
  | { type: 'process:removed'; namespec: string; sequence: number }
  | { type: 'application:removed'; name: string; sequence: number }
  | { type: 'job:updated'; job: Job; sequence: number };

export interface DeltaResult {
  state: FleetState;
  /** True when deltas were missed: the caller should ask for a fresh snapshot. */
  gap: boolean;
}

/** Ended jobs kept for their result; running ones are never dropped. */
export const MAX_KEPT_JOBS = 100;

export function fleetFromSnapshot(snapshot: Snapshot): FleetState {
  return {
    sequence: snapshot.sequence,
    service: snapshot.service,
    instances: snapshot.instances,
    applications: snapshot.applications,
    processes: snapshot.processes,
    jobs: trimJobs(snapshot.jobs),
  };
}

/**
 * Applies one delta. A delta the state already contains (sequence not above the state's) is
 * ignored; one that skips numbers is applied anyway, since it carries the whole entity, and
 * reported as a gap so the rest is fetched.
 */
export function applyFleetDelta(state: FleetState, delta: FleetDelta): DeltaResult {
  if (delta.sequence <= state.sequence) return { state, gap: false };
  const gap = delta.sequence > state.sequence + 1;
  const next = { ...state, sequence: delta.sequence };
  switch (delta.type) {
    case 'instance:updated':
      next.instances = upsert(state.instances, delta.instance, (i) => i.id === delta.instance.id);
      break;
    case 'instance:removed':
      next.instances = state.instances.filter((i) => i.id !== delta.id);
      break;
    case 'service:updated':
      next.service = delta.service;
      break;
    case 'application:updated':
      next.applications = upsert(
        state.applications,
        delta.application,
        (a) => a.name === delta.application.name,
      );
      break;
    case 'process:updated':
      next.processes = upsert(state.processes, delta.process, (p) => p.namespec === delta.process.namespec);
      break;
    case 'process:removed':
      next.processes = state.processes.filter((p) => p.namespec !== delta.namespec);
      break;
    case 'application:removed':
      next.applications = state.applications.filter((a) => a.name !== delta.name);
      break;
    case 'job:updated':
      next.jobs = trimJobs(upsert(state.jobs, delta.job, (j) => j.id === delta.job.id));
      break;
  }
  return { state: next, gap };
}

/**
 * Records a job the REST API just answered with, so its progress shows before the first
 * `job:updated` arrives. A job already known came from the live stream and is newer.
 */
export function rememberJob(state: FleetState, job: Job): FleetState {
  if (state.jobs.some((j) => j.id === job.id)) return state;
  return { ...state, jobs: trimJobs([...state.jobs, job]) };
}

function upsert<T>(items: readonly T[], item: T, same: (candidate: T) => boolean): readonly T[] {
  const index = items.findIndex(same);
  if (index === -1) return [...items, item];
  const copy = items.slice();
  copy[index] = item;
  return copy;
}

function trimJobs(jobs: readonly Job[]): readonly Job[] {
  let excess = jobs.length - MAX_KEPT_JOBS;
  if (excess <= 0) return jobs;
  const byAge = [...jobs].filter((j) => j.state !== 'running').sort((a, b) => a.createdAt - b.createdAt);
  const dropped = new Set<string>();
  for (const job of byAge) {
    if (excess-- <= 0) break;
    dropped.add(job.id);
  }
  return jobs.filter((j) => !dropped.has(j.id));
}
