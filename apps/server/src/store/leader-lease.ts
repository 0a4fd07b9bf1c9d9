import { sql, type Kysely } from 'kysely';
import type { Tables } from './schema';

/** What the database answered to an attempt: this replica holds the lease, or who does. */
export interface LeaseAnswer {
  granted: boolean;
  holder: string;
  epoch: number;
  /** Where the holder said it answers ('' when it did not). */
  url: string;
}

/**
 * The leader lease in PostgreSQL, on the database's clock only (the replicas' clocks never
 * compare): one row per lease, taken or renewed by one conditional statement, so two replicas
 * can never both be granted the same term. The epoch grows by one at each new term (a new
 * holder, or the same one after its term ran out), never on a renewal. The reducer in core
 * (leaseReducer) decides when to call it; leader/leadership.ts runs both.
 */
export interface LeaderLease {
  /** Acquires the lease if it is free or ran out, renews it if `holder` has it; `termMs` from now on the database. */
  attempt(holder: string, termMs: number, url?: string): Promise<LeaseAnswer>;
  /** True while `holder` leads at `epoch`: the check before a call that changes a supervisord. */
  holds(holder: string, epoch: number): Promise<boolean>;
  /** Gives the lease back at once (a stopping leader), if it still holds that term. */
  release(holder: string, epoch: number): Promise<void>;
}

export function postgresLeaderLease(db: Kysely<Tables>, name = 'supfleet'): LeaderLease {
  return {
    async attempt(holder, termMs, url = '') {
      const { rows } = await sql<{ holder: string; epoch: number; url: string }>`
        INSERT INTO leader_lease AS lease (name, holder, epoch, expires_at, url)
        VALUES (${name}, ${holder}, 1, now() + ${termMs}::integer * interval '1 millisecond', ${url})
        ON CONFLICT (name) DO UPDATE SET
          holder = excluded.holder,
          epoch = CASE WHEN lease.holder = excluded.holder AND lease.expires_at > now()
                       THEN lease.epoch ELSE lease.epoch + 1 END,
          expires_at = excluded.expires_at,
          url = excluded.url
        WHERE lease.expires_at <= now() OR lease.holder = excluded.holder
        RETURNING holder, epoch, url`.execute(db);
      if (rows[0]) return { granted: true, ...rows[0], epoch: Number(rows[0].epoch) };
      const current = await db
        .selectFrom('leader_lease')
        .select(['holder', 'epoch', 'url'])
        .where('name', '=', name)
        .executeTakeFirstOrThrow();
      return { granted: false, ...current, epoch: Number(current.epoch) };
    },
    async holds(holder, epoch) {
      const row = await db
        .selectFrom('leader_lease')
        .select('epoch')
        .where('name', '=', name)
        .where('holder', '=', holder)
        .where('epoch', '=', epoch)
        .where('expires_at', '>', sql<Date>`now()`)
        .executeTakeFirst();
      return row !== undefined;
    },
    async release(holder, epoch) {
      await db
        .updateTable('leader_lease')
        .set({ expires_at: sql<Date>`now()` })
        .where('name', '=', name)
        .where('holder', '=', holder)
        .where('epoch', '=', epoch)
        .execute();
    },
  };
}
