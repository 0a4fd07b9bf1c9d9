import type { Kysely } from 'kysely';
import { jobSchema, type Job } from '@supfleet/protocol';
import type { Tables } from './schema';

/** Jobs with their steps and results, kept across restarts of the service. */
export interface JobsRepository {
  /** Inserts or replaces the job (every transition of a running job is saved). */
  save(job: Job): Promise<void>;
  get(id: string): Promise<Job | undefined>;
  /** Newest first; `before`: only jobs created before that job (paging). */
  list(options?: { limit?: number; before?: string }): Promise<Job[]>;
  /** Jobs saved as running: after a restart, those the previous service left unfinished. */
  running(): Promise<Job[]>;
  /** The highest N of the `job-N` ids given so far, 0 when none. */
  lastNumber(): Promise<number>;
  /** Keeps the `keep` newest finished jobs (running ones are always kept). */
  prune(keep: number): Promise<void>;
}

/** `job-12` → 12; ids of another shape sort first. */
function numberOf(id: string): number {
  const match = /^job-(\d+)$/.exec(id);
  return match ? Number(match[1]) : 0;
}

// What the database holds was written by us, but a file can be damaged or come from another version.
const read = (row: { body: string }): Job => jobSchema.parse(JSON.parse(row.body));

export function kyselyJobs(db: Kysely<Tables>): JobsRepository {
  return {
    async save(job) {
      const row = {
        id: job.id,
        number: numberOf(job.id),
        state: job.state,
        created_at: job.createdAt,
        ended_at: job.endedAt,
        body: JSON.stringify(job),
      };
      await db
        .insertInto('jobs')
        .values(row)
        .onConflict((oc) =>
          oc.column('id').doUpdateSet({ state: row.state, ended_at: row.ended_at, body: row.body }),
        )
        .execute();
    },
    async get(id) {
      const row = await db.selectFrom('jobs').select('body').where('id', '=', id).executeTakeFirst();
      return row ? read(row) : undefined;
    },
    async list({ limit = 100, before } = {}) {
      const below = before === undefined ? Number.MAX_SAFE_INTEGER : numberOf(before);
      const rows = await db
        .selectFrom('jobs')
        .select('body')
        .where('number', '<', below)
        .orderBy('number', 'desc')
        .limit(limit)
        .execute();
      return rows.map(read);
    },
    async running() {
      const rows = await db
        .selectFrom('jobs')
        .select('body')
        .where('state', '=', 'running')
        .orderBy('number')
        .execute();
      return rows.map(read);
    },
    async lastNumber() {
      const row = await db
        .selectFrom('jobs')
        .select((eb) => eb.fn.max('number').as('n'))
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
    async prune(keep) {
      await db
        .deleteFrom('jobs')
        .where('state', '!=', 'running')
        .where('number', 'not in', (eb) =>
          eb
            .selectFrom('jobs')
            .select('number')
            .where('state', '!=', 'running')
            .orderBy('number', 'desc')
            .limit(keep),
        )
        .execute();
    },
  };
}
