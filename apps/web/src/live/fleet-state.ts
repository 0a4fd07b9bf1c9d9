import type {
  Application,
  Instance,
  InstanceStats,
  Job,
  Process,
  ServiceStatus,
  Snapshot,
} from '@supfleet/protocol';

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
  /** The last statistics of each instance whose agent sent some, by instance id. */
  stats: Readonly<Record<string, InstanceStats>>;
}

/** The server's deltas, as one union so every transition is one case of `applyFleetDeltas`. */
export type FleetDelta =
  | { type: 'instance:updated'; instance: Instance; sequence: number }
  | { type: 'instance:removed'; id: string; sequence: number }
  | { type: 'service:updated'; service: ServiceStatus; sequence: number }
  | { type: 'application:updated'; application: Application; sequence: number }
  | { type: 'process:updated'; process: Process; sequence: number }
  | { type: 'process:removed'; namespec: string; sequence: number }
  | { type: 'application:removed'; name: string; sequence: number }
  | { type: 'job:updated'; job: Job; sequence: number };

/** Statistics are samples, not changes: they carry no sequence number and the last one wins. */
export interface StatsDelta {
  type: 'stats:updated';
  stats: InstanceStats;
}

export type LiveDelta = FleetDelta | StatsDelta;

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
    stats: Object.fromEntries(snapshot.stats.map((s) => [s.instance, s])),
  };
}

/** Applies one delta; see `applyFleetDeltas`. */
export function applyFleetDelta(state: FleetState, delta: LiveDelta): DeltaResult {
  return applyFleetDeltas(state, [delta]);
}

/**
 * Applies a batch of deltas in order, copying each list it touches once: a burst of 200
 * process changes costs one pass over the processes, not 200. A delta the state already
 * contains (sequence not above the state's) is ignored; one that skips numbers is applied
 * anyway, since it carries the whole entity, and reported as a gap so the rest is fetched.
 * Entries no delta touched keep their identity, so their rows do not re-render.
 */
export function applyFleetDeltas(state: FleetState, deltas: readonly LiveDelta[]): DeltaResult {
  let sequence = state.sequence;
  let gap = false;
  const instances = new Patch(state.instances, (i) => i.id);
  const applications = new Patch(state.applications, (a) => a.name);
  const processes = new Patch(state.processes, (p) => p.namespec);
  const jobs = new Patch(state.jobs, (j) => j.id);
  let stats: Record<string, InstanceStats> | null = null;
  let service = state.service;
  for (const delta of deltas) {
    if (delta.type === 'stats:updated') {
      stats ??= { ...state.stats };
      const previous = stats[delta.stats.instance];
      if (!previous || previous.at <= delta.stats.at) stats[delta.stats.instance] = delta.stats;
      continue;
    }
    if (delta.sequence <= sequence) continue;
    if (delta.sequence > sequence + 1) gap = true;
    sequence = delta.sequence;
    switch (delta.type) {
      case 'instance:updated':
        instances.set(delta.instance);
        break;
      case 'instance:removed':
        instances.remove(delta.id);
        break;
      case 'service:updated':
        service = delta.service;
        break;
      case 'application:updated':
        applications.set(delta.application);
        break;
      case 'process:updated':
        processes.set(delta.process);
        break;
      case 'process:removed':
        processes.remove(delta.namespec);
        break;
      case 'application:removed':
        applications.remove(delta.name);
        break;
      case 'job:updated':
        jobs.set(delta.job);
        break;
    }
  }
  if (sequence === state.sequence && stats === null) return { state, gap };
  const nextJobs = jobs.result();
  return {
    state: {
      sequence,
      service,
      instances: instances.result(),
      applications: applications.result(),
      processes: processes.result(),
      jobs: nextJobs === state.jobs ? nextJobs : trimJobs(nextJobs),
      stats: stats ?? state.stats,
    },
    gap,
  };
}

/**
 * Records a job the REST API just answered with, so its progress shows before the first
 * `job:updated` arrives. A job already known came from the live stream and is newer.
 */
export function rememberJob(state: FleetState, job: Job): FleetState {
  if (state.jobs.some((j) => j.id === job.id)) return state;
  return { ...state, jobs: trimJobs([...state.jobs, job]) };
}

/**
 * The changes of one batch to one list, keyed: indexed on the first change only, and the
 * list copied once. Updated entries keep their place, new ones are appended in arrival order.
 */
class Patch<T> {
  #map: Map<string, T> | null = null;

  constructor(
    private readonly items: readonly T[],
    private readonly keyOf: (item: T) => string,
  ) {}

  set(item: T): void {
    this.#entries().set(this.keyOf(item), item);
  }

  remove(key: string): void {
    this.#entries().delete(key);
  }

  result(): readonly T[] {
    return this.#map === null ? this.items : [...this.#map.values()];
  }

  #entries(): Map<string, T> {
    this.#map ??= new Map(this.items.map((item) => [this.keyOf(item), item]));
    return this.#map;
  }
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
