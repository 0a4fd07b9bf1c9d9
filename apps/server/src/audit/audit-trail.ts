import { SYSTEM_ACTOR, type AuditEntry, type Job } from '@supfleet/protocol';
import { jobsCreated, jobsEnded, type FleetChange } from '../fleet-change';
import type { FleetModel } from '../fleet-model';
import type { AuditRepository, NewAuditEntry } from '../store/audit';
import { silentLogger, type Logger } from '../logging/logger';
import { WriteQueue } from '../store/write-queue';

const DAY_MS = 86_400_000;
/** Field names whose values never reach the log. */
const SECRET_KEYS = /pass|secret|token/i;

export type AuditRecord = Omit<NewAuditEntry, 'at' | 'params' | 'reason' | 'jobId'> &
  Partial<Pick<NewAuditEntry, 'params' | 'reason' | 'jobId'>>;

/**
 * Writes who did what to the audit repository: requests (http/audit-requests.ts), XML-RPC calls
 * (xmlrpc/method-table.ts), CLI commands, and supfleet's own jobs; and the end of every job an
 * entry started. A failure to write is logged, never thrown at the action it records.
 */
export class AuditTrail {
  readonly #repository: AuditRepository;
  readonly #now: () => number;
  /** Jobs that ended lately: an entry written just after its job's end still gets it. */
  readonly #ended = new Map<string, { result: 'succeeded' | 'failed'; reason: string | null }>();

  readonly #log: Logger;
  /** Entries are written in the background, in order: an action never waits for its audit entry. */
  readonly #writes: WriteQueue;

  constructor(repository: AuditRepository, options: { now?: () => number; log?: Logger } = {}) {
    this.#repository = repository;
    this.#now = options.now ?? Date.now;
    this.#log = options.log ?? silentLogger();
    this.#writes = new WriteQueue((error) =>
      this.#log.error({ err: error }, 'cannot write to the audit log'),
    );
  }

  record(entry: AuditRecord): void {
    const ended = entry.jobId && entry.result === 'accepted' ? this.#ended.get(entry.jobId) : undefined;
    if (ended) entry = { ...entry, result: ended.result, reason: ended.reason };
    const row = {
      at: this.#now(),
      params: {},
      reason: null,
      jobId: null,
      ...entry,
      ...(entry.params ? { params: redact(entry.params) } : {}),
    };
    this.#writes.push(async () => {
      await this.#repository.append(row);
    });
  }

  /** Newest first, with every entry recorded before the call. */
  async query(...args: Parameters<AuditRepository['query']>): Promise<AuditEntry[]> {
    await this.#writes.settled();
    return this.#repository.query(...args);
  }

  /** Deletes what is older than the retention; resolves with how many entries went. */
  async purge(retentionDays: number): Promise<number> {
    await this.#writes.settled();
    return this.#repository.removeBefore(this.#now() - retentionDays * DAY_MS);
  }

  /** Resolves once the entries recorded so far are written. */
  settled(): Promise<void> {
    return this.#writes.settled();
  }

  /**
   * supfleet's own jobs (a `cause`: running failures, conciliation, auto_start) are recorded as
   * the actor `supfleet`; the end of every job completes the entry that started it.
   */
  watchJobs(store: FleetModel, mine: () => boolean = () => true): () => void {
    // `mine` false (a follower's mirror of the leader's job): the leader records supfleet's own
    // jobs; the end is completed here too (the same values), so that an entry this replica
    // wrote after the leader completed it still gets it.
    const listener = (change: FleetChange) => {
      for (const job of jobsCreated(change))
        if (job.cause !== undefined && !/by request/.test(job.cause) && mine()) this.#systemJob(job);
      for (const job of jobsEnded(change)) {
        const end = {
          result: job.state === 'succeeded' ? ('succeeded' as const) : ('failed' as const),
          reason: job.state === 'cancelled' ? (job.error ?? 'cancelled') : job.error,
        };
        this.#ended.set(job.id, end);
        if (this.#ended.size > 200) this.#ended.delete(this.#ended.keys().next().value!);
        this.#writes.push(() => this.#repository.finishJob(job.id, end.result, end.reason));
      }
    };
    store.on('change', listener);
    return () => store.off('change', listener);
  }

  #systemJob(job: Job): void {
    this.record({
      actor: SYSTEM_ACTOR,
      role: null,
      address: null,
      interface: 'system',
      action: `${job.target.type}.${job.kind}`,
      target: job.target.type === 'all' ? null : job.target.name,
      params: { cause: job.cause, strategy: job.strategy },
      result: 'accepted',
      jobId: job.id,
    });
  }
}

/** A copy of the parameters with secrets masked, cut to a sane size. */
function redact(params: Record<string, unknown>): Record<string, unknown> {
  // No prototype: a key "__proto__" from a JSON body stays a plain key.
  const out = Object.create(null) as Record<string, unknown>;
  for (const [key, value] of Object.entries(params).slice(0, 32)) {
    if (SECRET_KEYS.test(key)) out[key] = '***';
    else if (typeof value === 'string') out[key] = value.length > 256 ? `${value.slice(0, 256)}…` : value;
    else if (value === null || typeof value === 'number' || typeof value === 'boolean') out[key] = value;
    else out[key] = JSON.stringify(value).slice(0, 256);
  }
  return out;
}
