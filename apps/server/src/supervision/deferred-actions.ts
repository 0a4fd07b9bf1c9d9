import type { Logger } from '../logging/logger';
import type { Job } from '@supfleet/protocol';
import { DomainError } from '../errors';
import { jobsEnded, type FleetChange } from '../fleet-change';

/** An action of supfleet itself: launches a job, or returns null when there is nothing to do. */
export type Attempt = () => Promise<Job> | null;

interface Pending {
  attempt: Attempt;
  /** Checked again before a retry: the reason for the action may have gone meanwhile. */
  stillWanted: () => boolean;
}

/**
 * Runs supfleet's own actions (running failures, conflicts, auto_start). One refused because a job
 * holds the application (409) waits and is tried again when a job ends; a newer action with the
 * same key replaces a waiting one. Any other refusal is logged and dropped.
 */
export class DeferredActions {
  readonly #pending = new Map<string, Pending>();
  #disposed = false;

  constructor(private readonly log: Logger) {}

  /** A job's end frees its applications (before the change is announced): the waiting actions try again. */
  onChange(change: FleetChange): void {
    if (this.#pending.size > 0 && jobsEnded(change).length > 0) this.#retry();
  }

  run(key: string, attempt: Attempt, stillWanted: () => boolean = () => true): void {
    if (this.#disposed) return;
    this.#pending.delete(key);
    this.#try(key, { attempt, stillWanted });
  }

  dispose(): void {
    this.#disposed = true;
    this.#pending.clear();
  }

  #retry(): void {
    const waiting = [...this.#pending];
    this.#pending.clear();
    for (const [key, pending] of waiting)
      if (!this.#disposed && pending.stillWanted()) this.#try(key, pending);
  }

  #try(key: string, pending: Pending): void {
    let launched: Promise<Job> | null;
    try {
      launched = pending.attempt();
    } catch (error) {
      this.#refused(key, pending, error);
      return;
    }
    launched?.then(
      (job) => this.log.info(`${key}: ${job.id} launched`),
      (error: unknown) => this.#refused(key, pending, error),
    );
  }

  #refused(key: string, pending: Pending, error: unknown): void {
    if (error instanceof DomainError && error.code === 'CONFLICT') {
      if (!this.#pending.has(key)) this.#pending.set(key, pending);
      this.log.info(`${key}: waits for the end of the running job (${error.message})`);
      return;
    }
    if (error instanceof DomainError && (error.code === 'ALREADY_STARTED' || error.code === 'NOT_RUNNING')) {
      this.log.info(`${key}: nothing to do (${error.message})`);
      return;
    }
    this.log.warn(`${key}: not done: ${error instanceof Error ? error.message : String(error)}`);
  }
}
