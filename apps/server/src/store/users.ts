import type { Role, User } from '@supfleet/protocol';
import type { Migration, SqliteDatabase } from './database';

export interface UserRecord extends User {
  /** `scrypt$N$r$p$salt$hash` (auth/passwords.ts). */
  passwordHash: string;
}

/** The people who may log in, with their role and password hash. */
export interface UserRepository {
  list(): User[];
  get(username: string): UserRecord | undefined;
  count(): number;
  /** False when the name is taken. */
  add(user: UserRecord): boolean;
  /** False when there is no such user. */
  update(username: string, change: { role?: Role; passwordHash?: string }): boolean;
  remove(username: string): boolean;
}

export const USERS_MIGRATIONS: Migration[] = [
  {
    id: 'users:1',
    sql: `CREATE TABLE users (
      username TEXT PRIMARY KEY,
      role TEXT NOT NULL,
      password_hash TEXT NOT NULL,
      created_at INTEGER NOT NULL
    )`,
  },
];

interface Row {
  username: string;
  role: Role;
  password_hash: string;
  created_at: number;
}

export function sqliteUsers(db: SqliteDatabase): UserRepository {
  const list = db.prepare<[], Row>('SELECT * FROM users ORDER BY username');
  const get = db.prepare<[string], Row>('SELECT * FROM users WHERE username = ?');
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM users');
  const add = db.prepare(
    'INSERT OR IGNORE INTO users (username, role, password_hash, created_at) VALUES (?, ?, ?, ?)',
  );
  const setRole = db.prepare('UPDATE users SET role = ? WHERE username = ?');
  const setPassword = db.prepare('UPDATE users SET password_hash = ? WHERE username = ?');
  const remove = db.prepare('DELETE FROM users WHERE username = ?');
  const record = (row: Row): UserRecord => ({
    username: row.username,
    role: row.role,
    createdAt: row.created_at,
    passwordHash: row.password_hash,
  });
  return {
    list: () =>
      list.all().map(({ username, role, created_at }) => ({ username, role, createdAt: created_at })),
    get: (username) => {
      const row = get.get(username);
      return row && record(row);
    },
    count: () => count.get()!.n,
    add: (user) => add.run(user.username, user.role, user.passwordHash, user.createdAt).changes === 1,
    update: db.transaction((username: string, change: { role?: Role; passwordHash?: string }) => {
      if (!get.get(username)) return false;
      if (change.role) setRole.run(change.role, username);
      if (change.passwordHash) setPassword.run(change.passwordHash, username);
      return true;
    }),
    remove: (username) => remove.run(username).changes === 1,
  };
}
