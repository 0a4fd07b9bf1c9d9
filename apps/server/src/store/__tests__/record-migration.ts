import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { DATABASE_FILE } from '../sqlite-database';
import type { StoreLocation } from '../store';

/** Records a migration as applied, as a newer supfleet would have: the store must then refuse to open. */
export async function recordMigration(location: StoreLocation, id: string): Promise<void> {
  if (location.engine === 'sqlite') {
    const db = new Database(join(location.dataDir, DATABASE_FILE));
    db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)').run(id, Date.now());
    db.close();
    return;
  }
  const url = new URL(location.url);
  if (location.password !== undefined) url.password = location.password;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query('INSERT INTO schema_migrations (id, applied_at) VALUES ($1, $2)', [id, Date.now()]);
  } finally {
    await client.end();
  }
}
