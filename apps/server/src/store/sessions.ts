import type { Migration, SqliteDatabase } from './database';

export interface SessionRecord {
  /** sha256 of the cookie's secret id, hex. */
  hash: string;
  username: string;
  createdAt: number;
  expiresAt: number;
}

/** Login sessions: the cookie carries a random id, the store only its hash. */
export interface SessionRepository {
  add(session: SessionRecord): void;
  get(hash: string): SessionRecord | undefined;
  remove(hash: string): void;
  /** Every session of a user (password changed, user removed). */
  removeUser(username: string): void;
  removeExpired(now: number): void;
}

export const SESSIONS_MIGRATIONS: Migration[] = [
  {
    id: 'sessions:1',
    sql: `CREATE TABLE sessions (
      hash TEXT PRIMARY KEY,
      username TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL
    );
    CREATE INDEX sessions_username ON sessions (username)`,
  },
];

interface Row {
  hash: string;
  username: string;
  created_at: number;
  expires_at: number;
}

export function sqliteSessions(db: SqliteDatabase): SessionRepository {
  const add = db.prepare('INSERT INTO sessions (hash, username, created_at, expires_at) VALUES (?, ?, ?, ?)');
  const get = db.prepare<[string], Row>('SELECT * FROM sessions WHERE hash = ?');
  const remove = db.prepare('DELETE FROM sessions WHERE hash = ?');
  const removeUser = db.prepare('DELETE FROM sessions WHERE username = ?');
  const removeExpired = db.prepare('DELETE FROM sessions WHERE expires_at <= ?');
  return {
    add: (s) => {
      add.run(s.hash, s.username, s.createdAt, s.expiresAt);
    },
    get: (hash) => {
      const row = get.get(hash);
      return (
        row && {
          hash: row.hash,
          username: row.username,
          createdAt: row.created_at,
          expiresAt: row.expires_at,
        }
      );
    },
    remove: (hash) => {
      remove.run(hash);
    },
    removeUser: (username) => {
      removeUser.run(username);
    },
    removeExpired: (now) => {
      removeExpired.run(now);
    },
  };
}
