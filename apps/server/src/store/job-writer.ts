import type { Job } from '@supfleet/protocol';
import type { JobsRepository } from './jobs';

/**
 * Saves jobs in the background for FleetModel, whose JobSink is synchronous: a job is saved on
 * each transition, and a transition still waiting to be written is replaced by the newer one of
 * the same job (only the latest matters), so a slow database delays the saves without piling
 * them up. One write at a time, in order; after a job ends, the old jobs are pruned. Errors go to
 * `onError`: the job itself goes on.
 */
export class JobWriter {
  readonly #pending = new Map<string, Job>();
  #prune = false;
  #running: Promise<void> | undefined;

  constructor(
    private readonly jobs: JobsRepository,
    private readonly retention: number,
    private readonly onError: (error: unknown, what: string) => void,
    /** Told of each job once written (the leader signals the followers). */
    private readonly onSaved?: (job: Job) => void,
  ) {}

  save(job: Job): void {
    this.#pending.set(job.id, job);
    this.#kick();
  }

  ended(): void {
    this.#prune = true;
    this.#kick();
  }

  /** Resolves once every job handed over so far is written (stop, tests). */
  async flush(): Promise<void> {
    while (this.#running) await this.#running;
  }

  #kick(): void {
    if (this.#running) return;
    this.#running = this.#drain().finally(() => {
      this.#running = undefined;
      if (this.#pending.size > 0 || this.#prune) this.#kick();
    });
  }

  async #drain(): Promise<void> {
    for (;;) {
      const next = this.#pending.values().next();
      if (!next.done) {
        const job = next.value;
        this.#pending.delete(job.id);
        await this.jobs.save(job).then(
          () => this.onSaved?.(job),
          (error: unknown) => this.onError(error, `cannot save ${job.id}`),
        );
      } else if (this.#prune) {
        this.#prune = false;
        await this.jobs
          .prune(this.retention)
          .catch((error: unknown) => this.onError(error, 'cannot remove old jobs'));
      } else {
        return;
      }
    }
  }
}
