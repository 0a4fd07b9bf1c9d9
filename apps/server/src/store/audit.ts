import type { AuditEntry } from '@supfleet/protocol';
import type { Migration, SqliteDatabase } from './database';

export type NewAuditEntry = Omit<AuditEntry, 'id'>;

export interface AuditQuery {
  actor?: string;
  target?: string;
  /** Epoch ms, inclusive. */
  since?: number;
  until?: number;
  limit: number;
}

/** Who did what, when, from where, and how it ended; newest first. */
export interface AuditRepository {
  append(entry: NewAuditEntry): number;
  /** The end of the job an entry started: its result goes from accepted to succeeded / failed. */
  finishJob(jobId: string, result: 'succeeded' | 'failed', reason: string | null): void;
  query(query: AuditQuery): AuditEntry[];
  /** Deletes the entries older than `before` (retention). */
  removeBefore(before: number): number;
}

export const AUDIT_MIGRATIONS: Migration[] = [
  {
    id: 'audit:1',
    sql: `CREATE TABLE audit (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      at INTEGER NOT NULL,
      actor TEXT NOT NULL,
      role TEXT,
      address TEXT,
      interface TEXT NOT NULL,
      action TEXT NOT NULL,
      target TEXT,
      params TEXT NOT NULL,
      result TEXT NOT NULL,
      reason TEXT,
      job_id TEXT
    );
    CREATE INDEX audit_at ON audit (at);
    CREATE INDEX audit_job ON audit (job_id)`,
  },
];

interface Row {
  id: number;
  at: number;
  actor: string;
  role: AuditEntry['role'];
  address: string | null;
  interface: AuditEntry['interface'];
  action: string;
  target: string | null;
  params: string;
  result: AuditEntry['result'];
  reason: string | null;
  job_id: string | null;
}

export function sqliteAudit(db: SqliteDatabase): AuditRepository {
  const append = db.prepare(
    `INSERT INTO audit (at, actor, role, address, interface, action, target, params, result, reason, job_id)
     VALUES (@at, @actor, @role, @address, @interface, @action, @target, @params, @result, @reason, @jobId)`,
  );
  const finish = db.prepare(
    `UPDATE audit SET result = ?, reason = coalesce(?, reason) WHERE job_id = ? AND result = 'accepted'`,
  );
  const removeBefore = db.prepare('DELETE FROM audit WHERE at < ?');
  return {
    append: (entry) => Number(append.run({ ...entry, params: JSON.stringify(entry.params) }).lastInsertRowid),
    finishJob: (jobId, result, reason) => {
      finish.run(result, reason, jobId);
    },
    query: ({ actor, target, since, until, limit }) => {
      const filters: [string, string | number | undefined][] = [
        ['actor = ?', actor],
        ['target = ?', target],
        ['at >= ?', since],
        ['at <= ?', until],
      ];
      const given = filters.filter((f): f is [string, string | number] => f[1] !== undefined);
      const where = given.map(([clause]) => clause);
      const values = given.map(([, value]) => value);
      const sql = `SELECT * FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
      return db
        .prepare<(string | number)[], Row>(sql)
        .all(...values, limit)
        .map((row) => ({
          id: row.id,
          at: row.at,
          actor: row.actor,
          role: row.role,
          address: row.address,
          interface: row.interface,
          action: row.action,
          target: row.target,
          params: JSON.parse(row.params) as Record<string, unknown>,
          result: row.result,
          reason: row.reason,
          jobId: row.job_id,
        }));
    },
    removeBefore: (before) => removeBefore.run(before).changes,
  };
}
