import type { Role, Token } from '@supfleet/protocol';
import type { Migration, SqliteDatabase } from './database';

export interface TokenRecord extends Token {
  /** sha256 of the secret, hex: the secret itself is never stored. */
  hash: string;
}

/** API tokens (service accounts): a name, a role, the hash of the secret, an optional expiry. */
export interface TokenRepository {
  list(): Token[];
  byHash(hash: string): TokenRecord | undefined;
  /** False when the name is taken. */
  add(token: TokenRecord): boolean;
  remove(name: string): boolean;
  touch(name: string, at: number): void;
}

export const TOKENS_MIGRATIONS: Migration[] = [
  {
    id: 'tokens:1',
    sql: `CREATE TABLE tokens (
      name TEXT PRIMARY KEY,
      role TEXT NOT NULL,
      hash TEXT NOT NULL UNIQUE,
      created_at INTEGER NOT NULL,
      expires_at INTEGER,
      last_used_at INTEGER
    )`,
  },
];

interface Row {
  name: string;
  role: Role;
  hash: string;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
}

const token = (row: Row): Token => ({
  name: row.name,
  role: row.role,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  lastUsedAt: row.last_used_at,
});

export function sqliteTokens(db: SqliteDatabase): TokenRepository {
  const list = db.prepare<[], Row>('SELECT * FROM tokens ORDER BY name');
  const byHash = db.prepare<[string], Row>('SELECT * FROM tokens WHERE hash = ?');
  const add = db.prepare(
    'INSERT OR IGNORE INTO tokens (name, role, hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
  );
  const remove = db.prepare('DELETE FROM tokens WHERE name = ?');
  const touch = db.prepare('UPDATE tokens SET last_used_at = ? WHERE name = ?');
  return {
    list: () => list.all().map(token),
    byHash: (hash) => {
      const row = byHash.get(hash);
      return row && { ...token(row), hash: row.hash };
    },
    add: (t) => add.run(t.name, t.role, t.hash, t.createdAt, t.expiresAt).changes === 1,
    remove: (name) => remove.run(name).changes === 1,
    touch: (name, at) => {
      touch.run(at, name);
    },
  };
}
