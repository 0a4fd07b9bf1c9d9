import type { Kysely } from 'kysely';
import type { AuditEntry } from '@supfleet/protocol';
import type { Tables } from './schema';

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
  append(entry: NewAuditEntry): Promise<number>;
  /** The end of the job an entry started: its result goes from accepted to succeeded / failed. */
  finishJob(jobId: string, result: 'succeeded' | 'failed', reason: string | null): Promise<void>;
  query(query: AuditQuery): Promise<AuditEntry[]>;
  /** Deletes the entries older than `before` (retention). */
  removeBefore(before: number): Promise<number>;
}

export function kyselyAudit(db: Kysely<Tables>): AuditRepository {
  return {
    append: async (entry) => {
      const row = await db
        .insertInto('audit')
        .values({
          at: entry.at,
          actor: entry.actor,
          role: entry.role,
          address: entry.address,
          interface: entry.interface,
          action: entry.action,
          target: entry.target,
          params: JSON.stringify(entry.params),
          result: entry.result,
          reason: entry.reason,
          job_id: entry.jobId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(row.id);
    },
    finishJob: async (jobId, result, reason) => {
      await db
        .updateTable('audit')
        .set(reason === null ? { result } : { result, reason })
        .where('job_id', '=', jobId)
        .where('result', '=', 'accepted')
        .execute();
    },
    query: async ({ actor, target, since, until, limit }) => {
      let query = db.selectFrom('audit').selectAll();
      if (actor !== undefined) query = query.where('actor', '=', actor);
      if (target !== undefined) query = query.where('target', '=', target);
      if (since !== undefined) query = query.where('at', '>=', since);
      if (until !== undefined) query = query.where('at', '<=', until);
      const rows = await query.orderBy('id', 'desc').limit(limit).execute();
      return rows.map((row) => ({
        id: row.id,
        at: row.at,
        actor: row.actor,
        role: row.role as AuditEntry['role'],
        address: row.address,
        interface: row.interface as AuditEntry['interface'],
        action: row.action,
        target: row.target,
        params: JSON.parse(row.params) as Record<string, unknown>,
        result: row.result as AuditEntry['result'],
        reason: row.reason,
        jobId: row.job_id,
      }));
    },
    removeBefore: async (before) =>
      Number((await db.deleteFrom('audit').where('at', '<', before).executeTakeFirst()).numDeletedRows),
  };
}
