import { EventEmitter } from 'node:events';
import type { DeltaEventName, Job, ServerToClientEvents, ServiceStatus, Snapshot } from '@supfleet/protocol';
import {
  fleetReducer,
  jobPhaseOf,
  jobReducer,
  type FleetEvent,
  type FleetState,
  type JobEvent,
} from '@supfleet/core';

/** Jobs kept in memory for the snapshot; the oldest finished ones go first (the database keeps more). */
const JOB_HISTORY = 100;

/** What the fleet model announces: the protocol's delta events, with the same arguments. */
export type ModelEvents = {
  [K in DeltaEventName]: Parameters<ServerToClientEvents[K]>;
};

/** Where a job's transitions are kept beyond the service's life. */
export interface JobSink {
  save(job: Job): void;
  /** Called when a job ends. */
  ended?(job: Job): void;
}

/**
 * The one place that holds the fleet state: monitors and the orchestrator dispatch events,
 * the reducer in core decides, and the model announces what changed to realtime clients and waiters.
 */
export class FleetModel extends EventEmitter<ModelEvents> {
  #state: FleetState;
  #sequence = 0;
  readonly #jobs = new Map<string, Job>();
  #service: ServiceStatus = {
    reload: { ok: true, errors: [], warnings: [], at: null },
    needsRestart: [],
    replica: '',
    leader: true,
    leaderName: null,
    leaderUrl: null,
    epoch: 0,
  };
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
    for (const id of changes.instances) {
      const instance = state.instances[id];
      if (instance) this.emit('instance:updated', instance, ++this.#sequence);
    }
    for (const id of changes.removedInstances) this.emit('instance:removed', id, ++this.#sequence);
    for (const namespec of changes.processes) {
      const process = state.processes[namespec];
      if (process) this.emit('process:updated', process, ++this.#sequence);
    }
    for (const namespec of changes.removedProcesses) this.emit('process:removed', namespec, ++this.#sequence);
    for (const name of changes.applications) {
      const application = state.applications[name];
      if (application) this.emit('application:updated', application, ++this.#sequence);
    }
    for (const name of changes.removedApplications) this.emit('application:removed', name, ++this.#sequence);
  }

  /**
   * One transition of a job: core's reducer decides, the job is saved, its applications follow
   * its phase (STARTING / STOPPING), and one `job:updated` is announced.
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
      const before = this.#jobs.get(event.id);
      if (!before) throw new Error(`unknown job ${event.id}`);
      job = jobReducer(before, event);
      if (job === before) return job;
    }
    this.#jobs.set(job.id, job);
    this.sink.save(job);
    const held = this.heldBy(job.id);
    // Freed before the end is announced: whoever reacts to it may launch the next job.
    if (job.state !== 'running') for (const application of held) this.#holders.delete(application);
    for (const application of held) {
      const running = job.state === 'running';
      const phase = jobPhaseOf(job, application);
      const known = this.#state.applications[application];
      if (known && known.jobId === (running ? job.id : null) && known.jobPhase === phase) continue;
      this.dispatch({ type: 'job:changed', application, jobId: running ? job.id : null, phase });
    }
    if (job.state !== 'running') {
      this.#forgetOldJobs();
      this.sink.ended?.(job);
    }
    this.emit('job:updated', job, ++this.#sequence);
    return job;
  }

  /**
   * A job another replica runs (the leader's, as the database shows it, on a follower; or one the
   * new leader ended on taking over): kept, holding `applications` while it runs, and announced
   * like this replica's own, but never saved (its runner saves it). A row older than what is
   * known (an end already seen) is ignored.
   */
  mirrorJob(job: Job, applications: readonly string[]): void {
    const before = this.#jobs.get(job.id);
    if (before && before.state !== 'running' && job.state === 'running') return;
    this.#jobs.set(job.id, job);
    const running = job.state === 'running';
    const held = running ? applications : this.heldBy(job.id);
    for (const application of held) {
      if (running) this.#holders.set(application, job.id);
      else this.#holders.delete(application);
      const jobId = running ? job.id : null;
      const phase = jobPhaseOf(job, application);
      const known = this.#state.applications[application];
      if (known && known.jobId === jobId && known.jobPhase === phase) continue;
      this.dispatch({ type: 'job:changed', application, jobId, phase });
    }
    if (!running) this.#forgetOldJobs();
    this.emit('job:updated', job, ++this.#sequence);
  }

  /** The running job that holds the application, if any. */
  holder(application: string): Job | undefined {
    const id = this.#holders.get(application);
    return id === undefined ? undefined : this.#jobs.get(id);
  }

  /** The applications a running job holds. */
  heldBy(id: string): string[] {
    return [...this.#holders].flatMap(([application, holder]) => (holder === id ? [application] : []));
  }

  /** Every running job. */
  runningJobs(): Job[] {
    return [...new Set(this.#holders.values())].flatMap((id) => this.#jobs.get(id) ?? []);
  }

  get service(): ServiceStatus {
    return this.#service;
  }

  /** The replica's part of the status (who leads), announced like a reload's. */
  setReplica(
    replica: Pick<ServiceStatus, 'replica' | 'leader' | 'leaderName' | 'leaderUrl' | 'epoch'>,
  ): void {
    this.setService({ ...this.#service, ...replica });
  }

  setService(status: ServiceStatus): void {
    this.#service = status;
    this.emit('service:updated', status, ++this.#sequence);
  }

  /** Jobs of an earlier run of the service (ended, oldest first), so that the pages see them. */
  restoreJobs(jobs: readonly Job[]): void {
    for (const job of jobs) if (job.state !== 'running') this.#jobs.set(job.id, job);
    this.#forgetOldJobs();
  }

  #forgetOldJobs(): void {
    for (const [id, old] of this.#jobs) {
      if (this.#jobs.size <= JOB_HISTORY) break;
      if (old.state !== 'running') this.#jobs.delete(id);
    }
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
      service: this.#service,
      instances: state.instanceOrder.flatMap((id) => state.instances[id] ?? []),
      applications: Object.values(state.applications),
      processes: Object.values(state.processes),
      jobs: this.jobs(),
      sequence: this.#sequence,
    };
  }
}
