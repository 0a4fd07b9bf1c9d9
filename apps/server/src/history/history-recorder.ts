import { systemClock, type Clock, type TimerHandle } from '../clock/clock';
import { EventEmitter } from 'node:events';
import {
  OPERATIONAL_STATUS_LABELS,
  SYSTEM_ACTOR,
  type Application,
  type HistoryEntry,
  type Instance,
  type Job,
  type Process,
} from '@supfleet/protocol';
import { jobsCreated, jobsEnded, updated, type FleetChange } from '../fleet-change';
import type { FleetModel } from '../fleet-model';
import type { HistoryRepository, NewHistoryEntry } from '../store/history';
import { silentLogger, type Logger } from '../logging/logger';
import { WriteQueue } from '../store/write-queue';

export interface HistoryRecorderOptions {
  /** Entries older than this are removed (at start, then every hour). */
  retentionMs: number;
  /** Whether this replica runs the retention sweep now (the leader only); always by default. */
  mayPrune?: () => boolean;
  /**
   * Whether this replica writes the changes it sees (instances, applications, processes, jobs):
   * every replica sees the same ones, so only the leader does; always by default.
   */
  mayRecordChanges?: () => boolean;
  logger?: Logger;
  /** The prune timer and the entries' time; a test drives a fake one. */
  clock?: Clock;
}

const PRUNE_EVERY_MS = 60 * 60 * 1000;

/**
 * Keeps the changes that matter in the database, from the store's changes: instances lost and
 * back, application LED and state, process transitions of managed applications (not the UNKNOWN
 * of an instance that cannot be reached), jobs; and what others record (actions, alerts).
 * Announces each new entry (`entry`), for socket.io and the alerts.
 */
export class HistoryRecorder extends EventEmitter<{ entry: [HistoryEntry] }> {
  /**
   * Each instance's last state other than CHECKING (the way from one state to the next): a
   * change's `before` may be CHECKING, and "back" is said of SILENT → CHECKING → RUNNING.
   */
  readonly #instances = new Map<string, Instance['state']>();
  readonly #actors = new Map<string, string>();
  readonly #log: Logger;
  readonly #clock: Clock;
  readonly #unsubscribe: () => void;
  readonly #timer: TimerHandle;
  readonly #writes: WriteQueue;

  constructor(
    store: FleetModel,
    private readonly repository: HistoryRepository,
    private readonly options: HistoryRecorderOptions,
  ) {
    super();
    this.#log = options.logger ?? silentLogger();
    this.#clock = options.clock ?? systemClock;
    this.#writes = new WriteQueue((error) =>
      this.#log.error({ err: error }, 'history: cannot record an entry'),
    );
    for (const instance of Object.values(store.state.instances))
      this.#instances.set(instance.id, instance.state);
    const onChange = (change: FleetChange) => this.#onChange(change);
    store.on('change', onChange);
    this.#unsubscribe = () => store.off('change', onChange);
    void this.prune();
    this.#timer = this.#clock.repeat(() => void this.prune(), PRUNE_EVERY_MS).unref();
  }

  /**
   * Appends an entry (an alert, an action) and announces it once written, in the order recorded
   * (the database gives its id); a database error is logged, not thrown.
   */
  record(
    entry: Omit<NewHistoryEntry, 'at' | 'data'> & { at?: number; data?: Record<string, unknown> },
  ): void {
    const at = this.#clock.now();
    this.#writes.push(async () => {
      const saved = await this.repository.append({ at, data: {}, ...entry });
      this.emit('entry', saved);
    });
  }

  /** Resolves once the entries recorded so far are written (and announced). */
  settled(): Promise<void> {
    return this.#writes.settled();
  }

  /** Who asked for a job (the REST action routes say it), for the job's end entry. */
  noteActor(jobId: string, actor: string): void {
    this.#actors.set(jobId, actor);
  }

  async prune(): Promise<void> {
    if (this.options.mayPrune && !this.options.mayPrune()) return;
    try {
      const removed = await this.repository.prune(this.#clock.now() - this.options.retentionMs);
      if (removed > 0) this.#log.info({ removed }, 'history: old entries removed');
    } catch (error) {
      this.#log.error({ err: error }, 'history: cannot remove old entries');
    }
  }

  /** supfleet for its own jobs; else who asked (noted by the route, or kept on a forwarded job). */
  #actorOf(job: Job): string | null {
    return job.cause ? SYSTEM_ACTOR : (this.#actors.get(job.id) ?? job.actor ?? null);
  }

  /** A change of the fleet, written by the replica that leads only. */
  #change(entry: Parameters<HistoryRecorder['record']>[0]): void {
    if (this.options.mayRecordChanges && !this.options.mayRecordChanges()) return;
    this.record(entry);
  }

  dispose(): void {
    this.#unsubscribe();
    this.#clock.cancel(this.#timer);
  }

  #onChange(change: FleetChange): void {
    const { before, after } = change;
    for (const instance of updated(change, 'instances')) this.#onInstance(instance);
    for (const process of updated(change, 'processes')) {
      const managed = after.fleet.applications[process.application]?.managed ?? false;
      if (managed) this.#onProcess(before.fleet.processes[process.namespec]?.state, process);
    }
    for (const application of updated(change, 'applications'))
      this.#onApplication(before.fleet.applications[application.name], application);
    for (const job of jobsCreated(change)) if (job.state === 'running') this.#jobStarted(job);
    for (const job of jobsEnded(change)) this.#jobEnded(job);
  }

  #onInstance(instance: Instance): void {
    // CHECKING is the way from one state to the next, not a state that matters.
    if (instance.state === 'CHECKING') return;
    const before = this.#instances.get(instance.id);
    this.#instances.set(instance.id, instance.state);
    if (before === instance.state) return;
    const message =
      instance.state === 'SILENT'
        ? `${instance.id} lost`
        : instance.state === 'RUNNING' && before === 'SILENT'
          ? `${instance.id} back`
          : `${instance.id} ${instance.state}`;
    this.#change({
      kind: 'instance',
      application: null,
      instance: instance.id,
      process: null,
      actor: null,
      message: instance.error && instance.state === 'SILENT' ? `${message}: ${instance.error}` : message,
      data: { from: before ?? null, to: instance.state, error: instance.error },
    });
  }

  #onApplication(before: Application | undefined, application: Application): void {
    // First sight (the service starts, a group appears): what it is now, not a change.
    if (!application.managed || before === undefined) return;
    const base = {
      kind: 'application' as const,
      application: application.name,
      instance: null,
      process: null,
      actor: null,
    };
    if (before.state !== application.state) {
      this.#change({
        ...base,
        message: `${application.name} ${application.state}`,
        data: { what: 'state', from: before.state, to: application.state },
      });
    }
    if (before.status !== application.status) {
      this.#change({
        ...base,
        message: `${application.name} ${OPERATIONAL_STATUS_LABELS[application.status]}`,
        data: {
          what: 'status',
          from: before.status,
          to: application.status,
          reasons: application.reasons,
        },
      });
    }
  }

  /** A process of a managed application. */
  #onProcess(before: Process['state'] | undefined, process: Process): void {
    if (before === undefined || before === process.state) return;
    if (before === 'UNKNOWN' || process.state === 'UNKNOWN') return;
    const info = process.instances.find((i) => i.instance === process.instance);
    const where = process.instance ? ` on ${process.instance}` : '';
    const exit =
      process.state === 'EXITED' && info
        ? ` (exit ${info.exitStatus}${info.expectedExit ? ', expected' : ''})`
        : '';
    this.#change({
      kind: 'process',
      application: process.application,
      instance: process.instance,
      process: process.namespec,
      actor: null,
      message: `${process.namespec} ${process.state}${where}${exit}`,
      data: { from: before, to: process.state, description: info?.description ?? process.description },
    });
  }

  #jobStarted(job: Job): void {
    const actor = this.#actorOf(job);
    this.#change({
      ...jobSubject(job),
      actor,
      message: `${job.kind} of ${targetOf(job)}${actor ? ` by ${actor}` : ''} started${job.cause ? ` (${job.cause})` : ''}`,
      data: { job: job.id, kind: job.kind, target: job.target, state: job.state },
    });
  }

  #jobEnded(job: Job): void {
    const actor = this.#actorOf(job);
    this.#actors.delete(job.id);
    const seconds = ((job.endedAt ?? this.#clock.now()) - job.createdAt) / 1000;
    this.#change({
      ...jobSubject(job),
      actor,
      message:
        `${job.kind} of ${targetOf(job)}${actor ? ` by ${actor}` : ''} ${job.state} in ${seconds.toFixed(1)} s` +
        (job.error ? `: ${job.error}` : ''),
      data: { job: job.id, kind: job.kind, target: job.target, state: job.state, error: job.error, seconds },
    });
  }
}

function targetOf(job: Job): string {
  return job.target.type === 'all' ? 'all applications' : job.target.name;
}

/** The application and process a job's entries are about. */
function jobSubject(job: Job): Pick<NewHistoryEntry, 'kind' | 'application' | 'instance' | 'process'> {
  const { type, name } = job.target;
  return {
    kind: 'job',
    application: type === 'application' ? name : type === 'process' ? name.split(':')[0]! : null,
    instance: null,
    process: type === 'process' ? name : null,
  };
}
