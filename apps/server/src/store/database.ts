import { mkdirSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export type SqliteDatabase = Database.Database;

/** One schema change of one part of the store; applied once, in order, and recorded. */
export interface Migration {
  /** Unique and stable: `<part>:<n>`, e.g. `users:1`. */
  id: string;
  sql: string;
}

export const DATABASE_FILE = 'supfleet.db';

/**
 * Opens (and creates) the database file in `dataDir`, a directory only its owner may read, and
 * applies the migrations not applied yet, each in its own transaction.
 */
export function openDatabase(dataDir: string, migrations: readonly Migration[]): SqliteDatabase {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  const file = join(dataDir, DATABASE_FILE);
  const db = new Database(file);
  // Password hashes and the audit log: the owner's only, whatever the umask.
  chmodSync(file, 0o600);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db, migrations);
  return db;
}

export function migrate(db: SqliteDatabase, migrations: readonly Migration[]): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)');
  const applied = new Set(
    db
      .prepare<[], { id: string }>('SELECT id FROM schema_migrations')
      .all()
      .map((row) => row.id),
  );
  const record = db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)');
  for (const migration of migrations) {
    if (applied.has(migration.id)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.id, Date.now());
    })();
  }
}
