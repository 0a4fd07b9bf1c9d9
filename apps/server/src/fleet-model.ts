import { EventEmitter } from 'node:events';
import type { Job, ServiceStatus, Snapshot } from '@supfleet/protocol';
import {
  fleetReducer,
  jobPhaseOf,
  jobReducer,
  noChanges,
  type FleetChanges,
  type FleetEvent,
  type FleetState,
  type JobEvent,
} from '@supfleet/core';
import type { FleetChange, ModelState } from './fleet-change';

/** Jobs kept in memory for the snapshot; the oldest finished ones go first (the database keeps more). */
const JOB_HISTORY = 100;

/** What the fleet model announces: one `change` per dispatch, job transition or service status. */
export type ModelEvents = { change: [FleetChange] };

/**
 * The applications a job on `target` holds while it runs (one job at a time on each): its
 * application, the application of its process, or every managed application for `all`. The
 * orchestrator launches with them; a follower mirrors the leader's job with the same.
 */
export function heldApplications(state: FleetState, target: Job['target']): string[] {
  if (target.type === 'application') return [target.name];
  if (target.type === 'process')
    return [state.processes[target.name]?.application ?? target.name.split(':')[0]!];
  return Object.values(state.applications)
    .filter((application) => application.managed)
    .map((application) => application.name);
}

/** Where a job's transitions are kept beyond the service's life. */
export interface JobSink {
  save(job: Job): void;
  /** Called when a job ends. */
  ended?(job: Job): void;
}

/**
 * The one place that holds the fleet state: monitors and the orchestrator dispatch events,
 * the reducer in core decides, and the model announces each change to realtime, history,
 * alerts, supervision and waiters.
 */
export class FleetModel extends EventEmitter<ModelEvents> {
  #current: ModelState;
  #sequence = 0;
  /** Changes made by a listener while an earlier one is announced: they wait their turn. */
  readonly #queue: FleetChange[] = [];
  #announcing = false;
  /**
   * Which running job holds each application (one at a time): the one home of that fact. The
   * orchestrator asks here before it launches; Application.jobId is derived from it.
   */
  readonly #holders = new Map<string, string>();

  constructor(
    initial: FleetState,
    private readonly sink: JobSink = { save: () => undefined },
  ) {
    super();
    this.setMaxListeners(0);
    this.#current = {
      fleet: initial,
      jobs: new Map(),
      service: {
        reload: { ok: true, errors: [], warnings: [], at: null },
        needsRestart: [],
        replica: '',
        leader: true,
        leaderName: null,
        leaderUrl: null,
        epoch: 0,
      },
    };
  }

  get state(): FleetState {
    return this.#current.fleet;
  }

  /** The number of the last change announced. */
  get sequence(): number {
    return this.#sequence;
  }

  dispatch(event: FleetEvent): void {
    this.#commit([event]);
  }

  /**
   * One transition of a job: core's reducer decides, the job is saved, and its applications
   * follow its phase (STARTING / STOPPING) in the same change.
   */
  dispatchJob(event: JobEvent): Job {
    let job: Job;
    if (event.type === 'job:created') {
      job = event.job;
      for (const application of event.applications) {
        const holder = this.#holders.get(application);
        if (holder) throw new Error(`application ${application} is already held by ${holder}`);
      }
      for (const application of event.applications) this.#holders.set(application, job.id);
    } else {
      const before = this.#current.jobs.get(event.id);
      if (!before) throw new Error(`unknown job ${event.id}`);
      job = jobReducer(before, event);
      if (job === before) return job;
    }
    this.sink.save(job);
    const running = job.state === 'running';
    const held = this.heldBy(job.id);
    // Freed before the end is announced: whoever reacts to it may launch the next job.
    if (!running) for (const application of held) this.#holders.delete(application);
    const events: FleetEvent[] = [];
    for (const application of held) {
      const phase = jobPhaseOf(job, application);
      const known = this.state.applications[application];
      if (known && known.jobId === (running ? job.id : null) && known.jobPhase === phase) continue;
      events.push({ type: 'job:changed', application, jobId: running ? job.id : null, phase });
    }
    if (!running) this.sink.ended?.(job);
    this.#commit(events, { job });
    return job;
  }

  /**
   * A job another replica runs (the leader's, as the database shows it, on a follower; or one the
   * new leader ended on taking over): kept, holding `applications` while it runs, and announced
   * like this replica's own, but never saved (its runner saves it). A row older than what is
   * known (an end already seen) is ignored.
   */
  mirrorJob(job: Job, applications: readonly string[]): void {
    const before = this.#current.jobs.get(job.id);
    if (before && before.state !== 'running' && job.state === 'running') return;
    const running = job.state === 'running';
    const held = running ? applications : this.heldBy(job.id);
    const events: FleetEvent[] = [];
    for (const application of held) {
      if (running) this.#holders.set(application, job.id);
      else this.#holders.delete(application);
      const jobId = running ? job.id : null;
      const phase = jobPhaseOf(job, application);
      const known = this.state.applications[application];
      if (known && known.jobId === jobId && known.jobPhase === phase) continue;
      events.push({ type: 'job:changed', application, jobId, phase });
    }
    this.#commit(events, { job, mirrored: true });
  }

  /** The running job that holds the application, if any. */
  holder(application: string): Job | undefined {
    const id = this.#holders.get(application);
    return id === undefined ? undefined : this.#current.jobs.get(id);
  }

  /** The applications a running job holds. */
  heldBy(id: string): string[] {
    return [...this.#holders].flatMap(([application, holder]) => (holder === id ? [application] : []));
  }

  /** Every running job. */
  runningJobs(): Job[] {
    return [...new Set(this.#holders.values())].flatMap((id) => this.#current.jobs.get(id) ?? []);
  }

  get service(): ServiceStatus {
    return this.#current.service;
  }

  /** The replica's part of the status (who leads), announced like a reload's. */
  setReplica(
    replica: Pick<ServiceStatus, 'replica' | 'leader' | 'leaderName' | 'leaderUrl' | 'epoch'>,
  ): void {
    this.setService({ ...this.service, ...replica });
  }

  setService(status: ServiceStatus): void {
    this.#commit([], { service: status });
  }

  /** Jobs of an earlier run of the service (ended, oldest first), so that the pages see them. */
  restoreJobs(jobs: readonly Job[]): void {
    const kept = new Map(this.#current.jobs);
    for (const job of jobs) if (job.state !== 'running') kept.set(job.id, job);
    this.#current = { ...this.#current, jobs: forgetOldJobs(kept) };
  }

  job(id: string): Job | undefined {
    return this.#current.jobs.get(id);
  }

  jobs(): Job[] {
    return [...this.#current.jobs.values()];
  }

  /** The fleet part of a snapshot; realtime adds the statistics and its delta numbering. */
  snapshot(): Omit<Snapshot, 'stats' | 'sequence'> {
    const { fleet, service } = this.#current;
    return {
      service,
      instances: fleet.instanceOrder.flatMap((id) => fleet.instances[id] ?? []),
      applications: Object.values(fleet.applications),
      processes: Object.values(fleet.processes),
      jobs: this.jobs(),
    };
  }

  /** Applies the events (and the job or status) as one change, announced if anything changed. */
  #commit(
    events: readonly FleetEvent[],
    update: { job?: Job; service?: ServiceStatus; mirrored?: boolean } = {},
  ): void {
    const before = this.#current;
    let fleet = before.fleet;
    const changes = noChanges();
    for (const event of events) {
      const reduction = fleetReducer(fleet, event);
      fleet = reduction.state;
      for (const key of CHANGE_KEYS) {
        for (const id of reduction.changes[key]) if (!changes[key].includes(id)) changes[key].push(id);
      }
    }
    const { job, service = null } = update;
    const jobs = job ? forgetOldJobs(new Map(before.jobs).set(job.id, job)) : before.jobs;
    this.#current = { fleet, jobs, service: service ?? before.service };
    // A poll that changes nothing worth a push (only lastSeen) is no change.
    if (!job && !service && CHANGE_KEYS.every((key) => changes[key].length === 0)) return;
    this.#announce({
      sequence: ++this.#sequence,
      before,
      after: this.#current,
      mirrored: update.mirrored ?? false,
      changes: { ...changes, jobs: job ? [job] : [], service },
    });
  }

  /**
   * Listeners receive every change in order, each after the previous one reached them all: a
   * listener that dispatches (a job launched on a job's end) does not overtake the change it reacts to.
   */
  #announce(change: FleetChange): void {
    this.#queue.push(change);
    if (this.#announcing) return;
    this.#announcing = true;
    try {
      for (let next = this.#queue.shift(); next; next = this.#queue.shift()) this.emit('change', next);
    } finally {
      this.#announcing = false;
    }
  }
}

const CHANGE_KEYS = [
  'instances',
  'removedInstances',
  'processes',
  'removedProcesses',
  'applications',
  'removedApplications',
] as const satisfies readonly (keyof FleetChanges)[];

/** Drops the oldest finished jobs beyond JOB_HISTORY (running ones stay). */
function forgetOldJobs(jobs: Map<string, Job>): Map<string, Job> {
  for (const [id, old] of jobs) {
    if (jobs.size <= JOB_HISTORY) break;
    if (old.state !== 'running') jobs.delete(id);
  }
  return jobs;
}
