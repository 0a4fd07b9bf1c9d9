import { jobSchema, type Job } from '@supfleet/protocol';
import type { Migration, SqliteDatabase } from './database';

/** Jobs with their steps and results, kept across restarts of the service. */
export interface JobsRepository {
  /** Inserts or replaces the job (every transition of a running job is saved). */
  save(job: Job): void;
  get(id: string): Job | undefined;
  /** Newest first; `before`: only jobs created before that job (paging). */
  list(options?: { limit?: number; before?: string }): Job[];
  /** Jobs saved as running: after a restart, those the previous service left unfinished. */
  running(): Job[];
  /** The highest N of the `job-N` ids given so far, 0 when none. */
  lastNumber(): number;
  /** Keeps the `keep` newest finished jobs (running ones are always kept). */
  prune(keep: number): void;
}

export const JOBS_MIGRATIONS: readonly Migration[] = [
  {
    id: 'jobs:1',
    sql: `CREATE TABLE jobs (
      id TEXT PRIMARY KEY,
      number INTEGER NOT NULL,
      state TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      ended_at INTEGER,
      body TEXT NOT NULL
    );
    CREATE INDEX jobs_by_number ON jobs (number);`,
  },
];

/** `job-12` → 12; ids of another shape sort first. */
function numberOf(id: string): number {
  const match = /^job-(\d+)$/.exec(id);
  return match ? Number(match[1]) : 0;
}

export function sqliteJobs(db: SqliteDatabase): JobsRepository {
  const upsert = db.prepare<[string, number, string, number, number | null, string]>(
    `INSERT INTO jobs (id, number, state, created_at, ended_at, body) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET state = excluded.state, ended_at = excluded.ended_at, body = excluded.body`,
  );
  const byId = db.prepare<[string], { body: string }>('SELECT body FROM jobs WHERE id = ?');
  const page = db.prepare<[number, number], { body: string }>(
    'SELECT body FROM jobs WHERE number < ? ORDER BY number DESC LIMIT ?',
  );
  const running = db.prepare<[], { body: string }>(
    "SELECT body FROM jobs WHERE state = 'running' ORDER BY number",
  );
  const last = db.prepare<[], { n: number | null }>('SELECT MAX(number) AS n FROM jobs');
  const prune = db.prepare<[number]>(
    `DELETE FROM jobs WHERE state != 'running' AND number NOT IN (
       SELECT number FROM jobs WHERE state != 'running' ORDER BY number DESC LIMIT ?)`,
  );
  // What the database holds was written by us, but a file can be damaged or come from another version.
  const read = (row: { body: string }): Job => jobSchema.parse(JSON.parse(row.body));
  return {
    save(job) {
      upsert.run(job.id, numberOf(job.id), job.state, job.createdAt, job.endedAt, JSON.stringify(job));
    },
    get(id) {
      const row = byId.get(id);
      return row ? read(row) : undefined;
    },
    list({ limit = 100, before } = {}) {
      const below = before === undefined ? Number.MAX_SAFE_INTEGER : numberOf(before);
      return page.all(below, limit).map(read);
    },
    running() {
      return running.all().map(read);
    },
    lastNumber() {
      return last.get()?.n ?? 0;
    },
    prune(keep) {
      prune.run(keep);
    },
  };
}
