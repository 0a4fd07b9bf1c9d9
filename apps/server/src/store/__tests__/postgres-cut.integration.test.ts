import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startRelay, type Relay } from '../../__tests__/tcp-relay';
import { openPostgres } from '../postgres-database';
import type { Tables } from '../schema';
import { startPostgres, type PostgresServer } from './postgres-server';

describe('the PostgreSQL store, its connections reset while in use', () => {
  let postgres: PostgresServer;
  let relay: Relay;
  let db: Kysely<Tables>;
  const idleErrors: string[] = [];

  beforeAll(async () => {
    postgres = await startPostgres();
    const url = new URL(await postgres.createDatabase('cut'));
    relay = await startRelay(postgres.port);
    url.port = String(relay.port);
    db = await openPostgres(
      { url: url.toString(), password: undefined },
      { onIdleError: (error) => idleErrors.push(error.message) },
    );
  }, 60_000);
  afterAll(async () => {
    await db?.destroy().catch(() => undefined);
    await relay?.close();
    await postgres?.stop();
  });

  it('fails the calls in flight, and the process goes on (no unhandled error event)', async () => {
    await sql`SELECT 1`.execute(db);
    // A call holding its connection (a transaction), and a query in flight on it, when the cut comes.
    const held = db.transaction().execute(async (trx) => {
      await sql`SELECT 1`.execute(trx);
      await sql`SELECT pg_sleep(5)`.execute(trx);
    });
    const outcome = held.then(
      () => 'committed',
      (error: unknown) => (error as Error).message,
    );
    // Seen from a connection of its own, straight to the server: the sleep runs.
    const observer = new pg.Client({ connectionString: postgres.url('cut') });
    await observer.connect();
    try {
      await vi.waitFor(
        async () => {
          const { rows } = await observer.query<{ n: string }>(
            "SELECT count(*) AS n FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%'",
          );
          expect(Number(rows[0]!.n)).toBe(1);
        },
        { timeout: 5000, interval: 20 },
      );
    } finally {
      await observer.end();
    }
    await relay.cut();
    expect(await outcome).toMatch(
      /Connection terminated|ECONNRESET|Client has encountered a connection error/,
    );
    // Cut for good: the next call fails at once, it does not hang.
    await expect(sql`SELECT 1`.execute(db)).rejects.toThrow();
  });
});
