import { sql, type Kysely } from 'kysely';
import type { Tables } from './schema';

/** What the database answered to an attempt: this replica holds the lease, or who does. */
export interface LeaseAnswer {
  granted: boolean;
  holder: string;
  epoch: number;
}

/**
 * The leader lease in PostgreSQL, on the database's clock only (the replicas' clocks never
 * compare): one row per lease, taken or renewed by one conditional statement, so two replicas
 * can never both be granted the same term. The epoch grows by one at each new term (a new
 * holder, or the same one after its term ran out), never on a renewal. The reducer in core
 * (leaseReducer) decides when to call it. Not wired into the service yet.
 */
export interface LeaderLease {
  /** Acquires the lease if it is free or ran out, renews it if `holder` has it; `termMs` from now on the database. */
  attempt(holder: string, termMs: number): Promise<LeaseAnswer>;
  /** True while `holder` leads at `epoch`: the check before a call that changes a supervisord. */
  holds(holder: string, epoch: number): Promise<boolean>;
  /** Gives the lease back at once (a stopping leader), if it still holds that term. */
  release(holder: string, epoch: number): Promise<void>;
}

export function postgresLeaderLease(db: Kysely<Tables>, name = 'supfleet'): LeaderLease {
  return {
    async attempt(holder, termMs) {
      const { rows } = await sql<{ holder: string; epoch: number }>`
        INSERT INTO leader_lease AS lease (name, holder, epoch, expires_at)
        VALUES (${name}, ${holder}, 1, now() + ${termMs}::integer * interval '1 millisecond')
        ON CONFLICT (name) DO UPDATE SET
          holder = excluded.holder,
          epoch = CASE WHEN lease.holder = excluded.holder AND lease.expires_at > now()
                       THEN lease.epoch ELSE lease.epoch + 1 END,
          expires_at = excluded.expires_at
        WHERE lease.expires_at <= now() OR lease.holder = excluded.holder
        RETURNING holder, epoch`.execute(db);
      if (rows[0]) return { granted: true, holder: rows[0].holder, epoch: rows[0].epoch };
      const current = await db
        .selectFrom('leader_lease')
        .select(['holder', 'epoch'])
        .where('name', '=', name)
        .executeTakeFirstOrThrow();
      return { granted: false, holder: current.holder, epoch: current.epoch };
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
