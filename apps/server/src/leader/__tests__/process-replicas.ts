import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServiceAnswer } from '@supfleet/protocol';
import { startSupervisord, type RunningSupervisord } from '@supfleet/supervisor-client/testing';
import { expect, vi } from 'vitest';
import {
  startServiceProcess,
  stopServiceProcess,
  writeServiceConfig,
  type ServiceProcess,
} from '../../__tests__/service-process';
import { startRelay, type Relay } from '../../__tests__/tcp-relay';
import { startPostgres, type PostgresServer } from '../../store/__tests__/postgres-server';
import { REPLICA_RULES, replicaPrograms } from './replica-fleet';

export interface ProcessReplicas {
  replicas: Record<string, ServiceProcess>;
  /** Each replica's relay to the one supervisord: what it sends there. */
  toSupervisord: Record<string, Relay>;
  /** With relayDatabase: each replica's relay to PostgreSQL, to cut it off. */
  toDatabase: Record<string, Relay>;
  stop(): Promise<void>;
}

/**
 * PostgreSQL, one supervisord with replicaPrograms, and replicas `a` then `b` of the real service
 * in processes of their own (`supfleet serve` from the sources), each through relays of its own;
 * `a` leads before `b` starts. `headers` go with the requests that ask who leads.
 */
export async function startProcessReplicas(options: {
  ttlS: number;
  startsecs: number;
  relayDatabase?: boolean;
  settings?: Record<string, string | number>;
  headers?: Record<string, string>;
}): Promise<ProcessReplicas> {
  const dir = mkdtempSync(join(tmpdir(), 'supfleet-replicas-'));
  const replicas: Record<string, ServiceProcess> = {};
  const toSupervisord: Record<string, Relay> = {};
  const toDatabase: Record<string, Relay> = {};
  let postgres: PostgresServer | undefined;
  let node: RunningSupervisord | undefined;
  const stop = async () => {
    for (const replica of Object.values(replicas)) {
      replica.child.kill('SIGCONT');
      await stopServiceProcess(replica, 3000).catch(() => undefined);
    }
    await Promise.all([...Object.values(toSupervisord), ...Object.values(toDatabase)].map((r) => r.close()));
    await node?.stop();
    await postgres?.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    postgres = await startPostgres();
    const database = new URL(await postgres.createDatabase('replicas'));
    node = await startSupervisord({ programs: replicaPrograms(options.startsecs) });
    writeFileSync(join(dir, 'rules.xml'), REPLICA_RULES);
    for (const name of ['a', 'b']) {
      toSupervisord[name] = await startRelay(node.port);
      if (options.relayDatabase) {
        toDatabase[name] = await startRelay(postgres.port);
        database.port = String(toDatabase[name].port);
      }
      const config = writeServiceConfig(mkdtempSync(join(dir, `${name}-`)), {
        supvisors_list: `<n1>127.0.0.1:${toSupervisord[name].port}`,
        rules_files: join(dir, 'rules.xml'),
        database_url: database.toString(),
        replica_name: name,
        lease_ttl: options.ttlS,
        poll_period: 0.3,
        ...options.settings,
      });
      replicas[name] = await startServiceProcess(config);
      if (name === 'a')
        await vi.waitFor(
          async () => {
            const answer = await fetch(`${replicas.a!.url}/api/v1/service`, { headers: options.headers });
            expect(((await answer.json()) as ServiceAnswer).leader).toBe(true);
          },
          { timeout: 5000, interval: 50 },
        );
    }
    return { replicas, toSupervisord, toDatabase, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
