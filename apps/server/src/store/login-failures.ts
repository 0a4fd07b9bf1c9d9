import type { Kysely } from 'kysely';
import type { Tables } from './schema';

/**
 * Failed logins by key (`address:…`, `user:…`), kept in the store so that every replica counts
 * the same failures (auth/failure-limiter.ts decides what they mean).
 */
export interface LoginFailureRepository {
  /** Notes a failure of each key at `at`; forgets every failure at or before `before`, of any key. */
  add(keys: readonly string[], at: number, before: number): Promise<void>;
  /** The times of the key's failures after `since`, newest first, at most `limit`. */
  recent(key: string, since: number, limit: number): Promise<number[]>;
  /** Forgets the key's failures (a user who logged in). */
  clear(key: string): Promise<void>;
}

export function kyselyLoginFailures(db: Kysely<Tables>): LoginFailureRepository {
  return {
    add: async (keys, at, before) => {
      // Pruning here bounds the table to one window of failures, however many keys are sprayed.
      await db.deleteFrom('login_failures').where('at', '<=', before).execute();
      if (keys.length > 0) {
        await db
          .insertInto('login_failures')
          .values(keys.map((key) => ({ key, at })))
          .execute();
      }
    },
    recent: async (key, since, limit) => {
      const rows = await db
        .selectFrom('login_failures')
        .select('at')
        .where('key', '=', key)
        .where('at', '>', since)
        .orderBy('at', 'desc')
        .limit(limit)
        .execute();
      return rows.map((row) => Number(row.at));
    },
    clear: async (key) => {
      await db.deleteFrom('login_failures').where('key', '=', key).execute();
    },
  };
}

/**
 * The same in this process's memory, at most `maxRows` failures (the oldest go first): where the
 * limiter counts while the database cannot answer.
 */
export function memoryLoginFailures(maxRows = 10_000): LoginFailureRepository {
  let rows: { key: string; at: number }[] = [];
  return {
    add: (keys, at, before) => {
      rows = rows.filter((row) => row.at > before).concat(keys.map((key) => ({ key, at })));
      if (rows.length > maxRows) rows = rows.slice(-maxRows);
      return Promise.resolve();
    },
    recent: (key, since, limit) =>
      Promise.resolve(
        rows
          .filter((row) => row.key === key && row.at > since)
          .map((row) => row.at)
          .sort((a, b) => b - a)
          .slice(0, limit),
      ),
    clear: (key) => {
      rows = rows.filter((row) => row.key !== key);
      return Promise.resolve();
    },
  };
}
