import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { POSTGRESQL_MIGRATIONS } from './migrations/postgresql';
import { unknownMigrations, type Migration } from './migrations/migration';
import { StoreOpenError } from './open-error';
import type { Tables } from './schema';

/** Where the PostgreSQL store is: the URL of `database_url` and the password kept apart from it. */
export interface PostgresLocation {
  /** `postgresql://user@host:port/database`, without a password. */
  url: string;
  /** From database_password_file, SUPFLEET_DATABASE_PASSWORD or the URL itself. */
  password: string | undefined;
}

export const CONNECT_TIMEOUT_MS = 5000;
/** A database cut off without a reset (a cable, a firewall) fails the call instead of hanging it. */
const QUERY_TIMEOUT_MS = 15_000;
/** Serialises the migrations of replicas started together. */
const MIGRATION_LOCK = 0x5f5f_5355; // arbitrary, fixed
const INT8_OID = 20;

/** Epoch ms and counts are BIGINT: numbers, exact up to 2^53. */
const types = {
  getTypeParser: ((oid: number, format: 'text' | 'binary' = 'text'): unknown =>
    oid === INT8_OID && format === 'text'
      ? Number
      : (pg.types.getTypeParser(oid, format) as unknown)) as typeof pg.types.getTypeParser,
};

export interface PostgresOptions {
  migrations?: readonly Migration[];
  /** An idle connection broke (the database restarted): the next call reconnects; this says so. */
  onIdleError?: (error: Error) => void;
}

/** The URL with its password, for the driver only: never logged, never shown. */
export function connectionString(location: PostgresLocation): string {
  const url = new URL(location.url);
  if (location.password !== undefined) url.password = location.password;
  return url.toString();
}

/** Connects, applies the migrations not applied yet (one transaction, under a lock), returns the store's Kysely. */
export async function openPostgres(
  location: PostgresLocation,
  options: PostgresOptions = {},
): Promise<Kysely<Tables>> {
  const pool = new pg.Pool({
    connectionString: connectionString(location),
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    query_timeout: QUERY_TIMEOUT_MS,
    keepAlive: true,
    max: 10,
    types,
  });
  // Without a listener, an idle connection's error would end the process.
  pool.on('error', (error) => options.onIdleError?.(error));
  try {
    await migrate(pool, options.migrations ?? POSTGRESQL_MIGRATIONS, location.url);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw openError(error, location.url);
  }
  return new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
}

async function migrate(pool: pg.Pool, migrations: readonly Migration[], shown: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)',
    );
    const applied = new Set(
      (await client.query<{ id: string }>('SELECT id FROM schema_migrations')).rows.map((row) => row.id),
    );
    const unknown = unknownMigrations(applied, migrations);
    if (unknown.length > 0) {
      throw new StoreOpenError(
        `database_url: ${shown} has a schema of a newer supfleet (${unknown.join(', ')}); run that version`,
      );
    }
    for (const migration of migrations) {
      if (applied.has(migration.id)) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (id, applied_at) VALUES ($1, $2)', [
        migration.id,
        Date.now(),
      ]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** One line naming the setting, never the password. */
function openError(error: unknown, shown: string): StoreOpenError {
  if (error instanceof StoreOpenError) return error;
  const { code, message } = error as { code?: string; message?: string };
  const reason =
    code === 'ECONNREFUSED'
      ? 'connection refused'
      : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? 'unknown host'
        : /timeout/i.test(message ?? '')
          ? `no answer within ${CONNECT_TIMEOUT_MS / 1000} s`
          : code === '28P01' || code === '28000'
            ? `${message} (the password comes from database_password_file, SUPFLEET_DATABASE_PASSWORD or the URL)`
            : (message ?? String(error)).split('\n')[0];
  return new StoreOpenError(`database_url: cannot use ${shown}: ${reason}`);
}
