import { program, startTestFleet, type TestFleet } from '../../__tests__/fleet-fixture';
import type { PostgresServer } from '../../store/__tests__/postgres-server';

/**
 * The rules of the replica tests: `app` (slow first, then b) and `other` (c), on one supervisord
 * whose programs the tests define (slow's startsecs sets how long a restart of app takes).
 */
export const REPLICA_RULES = `<root>
  <application name="app">
    <start_sequence>1</start_sequence>
    <programs>
      <program name="slow"><start_sequence>1</start_sequence></program>
      <program name="b"><start_sequence>2</start_sequence></program>
    </programs>
  </application>
  <application name="other">
    <programs><program name="c"><start_sequence>1</start_sequence></program></programs>
  </application>
</root>`;

/**
 * The first replica, `r1`, on a new database of `postgres`, with one supervisord `n1` running
 * the programs of REPLICA_RULES; `fleet.startReplica` adds the others.
 */
export async function startReplicaFleet(options: {
  postgres: PostgresServer;
  databaseName: string;
  slowStartsecs: number;
  leaseTtlMs: number;
  onSupervisorChange: (replica: string, what: string) => void;
}): Promise<TestFleet> {
  const database = { url: await options.postgres.createDatabase(options.databaseName), password: undefined };
  return startTestFleet(
    {
      n1: {
        'program:slow': program({ startsecs: options.slowStartsecs }),
        'program:b': program(),
        'group:app': { programs: 'slow,b' },
        'program:c': program(),
        'group:other': { programs: 'c' },
      },
    },
    REPLICA_RULES,
    { replicaName: 'r1', leaseTtlMs: options.leaseTtlMs },
    { database, onSupervisorChange: options.onSupervisorChange },
  );
}
