import type { Kysely } from 'kysely';
import type { Tables } from './schema';

export interface SessionRecord {
  /** sha256 of the cookie's secret id, hex. */
  hash: string;
  username: string;
  createdAt: number;
  expiresAt: number;
}

/** Login sessions: the cookie carries a random id, the store only its hash. */
export interface SessionRepository {
  add(session: SessionRecord): Promise<void>;
  get(hash: string): Promise<SessionRecord | undefined>;
  remove(hash: string): Promise<void>;
  /** Every session of a user (password changed, user removed). */
  removeUser(username: string): Promise<void>;
  removeExpired(now: number): Promise<void>;
}

export function kyselySessions(db: Kysely<Tables>): SessionRepository {
  return {
    add: async (s) => {
      await db
        .insertInto('sessions')
        .values({ hash: s.hash, username: s.username, created_at: s.createdAt, expires_at: s.expiresAt })
        .execute();
    },
    get: async (hash) => {
      const row = await db.selectFrom('sessions').selectAll().where('hash', '=', hash).executeTakeFirst();
      return (
        row && {
          hash: row.hash,
          username: row.username,
          createdAt: row.created_at,
          expiresAt: row.expires_at,
        }
      );
    },
    remove: async (hash) => {
      await db.deleteFrom('sessions').where('hash', '=', hash).execute();
    },
    removeUser: async (username) => {
      await db.deleteFrom('sessions').where('username', '=', username).execute();
    },
    removeExpired: async (now) => {
      await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
    },
  };
}
