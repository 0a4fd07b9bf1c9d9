import { errorBodySchema } from '@supfleet/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestFleet } from '../../__tests__/fleet-fixture';
import { startReplicaFleet } from '../../leader/__tests__/replica-fleet';
import type { Service } from '../../service';
import { startPostgres, type PostgresServer } from '../../store/__tests__/postgres-server';

const PASSWORD = 'the right one';

describe('failed logins on replicas sharing PostgreSQL', () => {
  let postgres: PostgresServer;
  let fleet: TestFleet;
  let r2: { service: Service; url: string };

  beforeAll(async () => {
    postgres = await startPostgres();
    fleet = await startReplicaFleet({
      postgres,
      databaseName: 'login_limits',
      slowStartsecs: 1,
      leaseTtlMs: 6000,
      onSupervisorChange: () => undefined,
    });
    r2 = await fleet.startReplica({ replicaName: 'r2' });
    await fleet.service.accounts.addUser('alice', 'operator', PASSWORD);
  }, 60_000);
  afterAll(async () => {
    await r2?.service.stop().catch(() => undefined);
    await fleet?.stop().catch(() => undefined);
    await postgres?.stop();
  });

  const login = (url: string, password: string) =>
    fetch(`${url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'alice', password }),
    });

  it('count together: the 11th wrong password for a user answers 429 on either replica', async () => {
    const urls = [fleet.url, r2.url];
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await login(urls[i % 2]!, `wrong-${i}`)).status);
    expect(statuses).toEqual(Array(10).fill(401));
    for (const url of urls) {
      const limited = await login(url, `wrong-again`);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(300);
      expect(errorBodySchema.parse(await limited.json()).error.code).toBe('RATE_LIMITED');
      // Even the right password waits.
      expect((await login(url, PASSWORD)).status).toBe(429);
    }
  });
});
