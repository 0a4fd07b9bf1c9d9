import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresLeaderLease } from '../leader-lease';
import { openPostgres } from '../postgres-database';
import type { Tables } from '../schema';
import { startPostgres, type PostgresServer } from './postgres-server';
import { sleep, systemClock } from '../../clock/clock';

const TERM_MS = 60_000;

describe('the leader lease in PostgreSQL', () => {
  let postgres: PostgresServer;
  let db: Kysely<Tables>;
  beforeAll(async () => {
    postgres = await startPostgres();
    db = await openPostgres({ url: await postgres.createDatabase('lease'), password: undefined });
  });
  afterAll(async () => {
    await db.destroy();
    await postgres.stop();
  });

  it('grants one holder at a time; renews at the same epoch; a new term after expiry or release has a higher epoch', async () => {
    const lease = postgresLeaderLease(db, 'terms');
    expect(await lease.attempt('a', TERM_MS)).toEqual({ granted: true, holder: 'a', epoch: 1, url: '' });
    expect(await lease.attempt('b', TERM_MS)).toEqual({ granted: false, holder: 'a', epoch: 1, url: '' });
    expect(await lease.attempt('a', TERM_MS)).toEqual({ granted: true, holder: 'a', epoch: 1, url: '' });
    expect(await lease.holds('a', 1)).toBe(true);
    expect(await lease.holds('b', 1)).toBe(false);

    // A term of 1 ms runs out on the database's clock: b takes the next term.
    await lease.attempt('a', 1);
    await sleep(systemClock, 20);
    expect(await lease.holds('a', 1)).toBe(false);
    expect(await lease.attempt('b', TERM_MS)).toEqual({ granted: true, holder: 'b', epoch: 2, url: '' });
    expect(await lease.attempt('a', TERM_MS)).toEqual({ granted: false, holder: 'b', epoch: 2, url: '' });

    // A stale release (an older epoch) changes nothing; b's own ends its term at once.
    await lease.release('b', 1);
    expect(await lease.holds('b', 2)).toBe(true);
    await lease.release('b', 2);
    expect(await lease.attempt('a', TERM_MS)).toEqual({ granted: true, holder: 'a', epoch: 3, url: '' });
    // The same holder after its own term ran out: a new term, a new epoch.
    await lease.attempt('a', 1);
    await sleep(systemClock, 20);
    expect(await lease.attempt('a', TERM_MS)).toEqual({ granted: true, holder: 'a', epoch: 4, url: '' });
  });

  it('grants a free lease to exactly one of many replicas asking at once', async () => {
    const lease = postgresLeaderLease(db, 'race');
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => lease.attempt(`replica-${i}`, TERM_MS)),
    );
    const winners = answers.filter((answer) => answer.granted);
    expect(winners).toHaveLength(1);
    expect(answers.every((answer) => answer.holder === winners[0]!.holder && answer.epoch === 1)).toBe(true);
  });
});
