import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase } from 'kysely';
import { SQLITE_MIGRATIONS } from './migrations/sqlite';
import { unknownMigrations, type Migration } from './migrations/migration';
import { StoreOpenError } from './open-error';
import type { Tables } from './schema';

export const DATABASE_FILE = 'supfleet.db';
const MAX_STATEMENTS = 500;

/**
 * Opens (and creates) the database file in `dataDir`, a directory only its owner may read, and
 * applies the migrations not applied yet, each in its own transaction.
 */
export function openSqlite(
  dataDir: string,
  migrations: readonly Migration[] = SQLITE_MIGRATIONS,
): Kysely<Tables> {
  let db: Database.Database;
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    chmodSync(dataDir, 0o700);
    const file = join(dataDir, DATABASE_FILE);
    db = new Database(file);
    // Password hashes and the audit log: the owner's only, whatever the umask.
    chmodSync(file, 0o600);
  } catch (error) {
    throw new StoreOpenError(`data_dir: cannot open the database in ${dataDir}: ${(error as Error).message}`);
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations, dataDir);
  } catch (error) {
    db.close();
    if (error instanceof StoreOpenError) throw error;
    throw new StoreOpenError(`data_dir: cannot use the database in ${dataDir}: ${(error as Error).message}`);
  }
  return new Kysely<Tables>({ dialect: new SqliteDialect({ database: reusingStatements(db) }) });
}

/** The store's queries are a small fixed set: each is prepared once (Kysely would prepare it on every call). */
function reusingStatements(db: Database.Database): SqliteDatabase {
  const statements = new Map<string, Database.Statement>();
  return {
    close: () => db.close(),
    prepare(sql) {
      let statement = statements.get(sql);
      if (!statement) {
        // A bound on what a bug could make of it; the filters of audit and history give < 100.
        if (statements.size >= MAX_STATEMENTS) statements.clear();
        statement = db.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

function migrate(db: Database.Database, migrations: readonly Migration[], dataDir: string): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)');
  const applied = new Set(
    db
      .prepare<[], { id: string }>('SELECT id FROM schema_migrations')
      .all()
      .map((row) => row.id),
  );
  const unknown = unknownMigrations(applied, migrations);
  if (unknown.length > 0) {
    throw new StoreOpenError(
      `data_dir: the database in ${dataDir} has a schema of a newer supfleet (${unknown.join(', ')}); run that version`,
    );
  }
  const record = db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)');
  for (const migration of migrations) {
    if (applied.has(migration.id)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.id, Date.now());
    })();
  }
}
