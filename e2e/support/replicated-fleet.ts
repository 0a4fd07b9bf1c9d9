import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  startServiceProcess,
  stopServiceProcess,
  writeServiceConfig,
  type ServiceProcess,
} from '../../apps/server/src/__tests__/service-process';
import { startPostgres, type PostgresServer } from '../../apps/server/src/store/__tests__/postgres-server';
import { freePort, readFleetConf, startFleet, type Fleet } from '../../scripts/lib/fleet.mjs';
import { copyDemoOnFreePorts } from './free-port-demo';

export interface Replica {
  name: string;
  /** host:port it listens on, for the load balancer. */
  address: string;
  process: ServiceProcess;
}

export interface ReplicatedFleet {
  replicas: Replica[];
  /** What the supervisord instances and the replicas printed, to attach to a failed test. */
  output(): string;
  /** Stops the replicas, the supervisord instances, then PostgreSQL, and removes the run directory. */
  stop(): Promise<void>;
}

/**
 * Scenario 1 on free ports (three supervisord, their agents pushing to every replica), a
 * throwaway PostgreSQL, and `names.length` replicas of the built server sharing it, each with
 * `lease_ttl` and auto_start on (the leader starts scen1).
 * Whatever fails, what was started is stopped.
 */
export async function startReplicatedFleet(
  names: string[],
  options: { leaseTtlS: number },
): Promise<ReplicatedFleet> {
  const runRoot = await mkdtemp(path.join(os.tmpdir(), 'supfleet-e2e-replicas-'));
  const lines: string[] = [];
  const replicas: Replica[] = [];
  let postgres: PostgresServer | undefined;
  let fleet: Fleet | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await Promise.all(replicas.map((r) => stopServiceProcess(r.process, 5000).catch(() => undefined)));
      await fleet?.stop();
      await postgres?.stop();
      await rm(runRoot, { recursive: true, force: true });
    })());
  try {
    const { conf, etc } = await copyDemoOnFreePorts(runRoot);
    const addresses = await Promise.all(names.map(async () => `127.0.0.1:${await freePort()}`));
    postgres = await startPostgres();
    const database = await postgres.createDatabase('supfleet');
    fleet = await startFleet({
      conf,
      runRoot,
      nfsPath: path.join(runRoot, 'nfs'),
      nfsDelayMs: 500,
      server: false,
      agentUrl: addresses.map((address) => `http://${address}`).join(','),
      onLine: (source, line) => lines.push(`[${source}] ${line}`),
    });
    const { instances } = await readFleetConf(conf);
    for (const [index, name] of names.entries()) {
      const home = path.join(runRoot, name);
      await mkdir(home);
      const config = writeServiceConfig(home, {
        listen: addresses[index]!,
        supvisors_list: instances.map(({ id, host, port }) => `<${id}>${host}:${port}`).join(','),
        rules_files: path.join(etc, 'supfleet_rules.xml'),
        poll_period: 1,
        auto_start: 'true',
        data_dir: path.join(home, 'data'),
        database_url: database,
        replica_name: name,
        lease_ttl: options.leaseTtlS,
      });
      replicas.push({
        name,
        address: addresses[index]!,
        process: await startServiceProcess(config, 'built'),
      });
    }
    return {
      replicas,
      output: () => [...lines, ...replicas.map((r) => `--- ${r.name}\n${r.process.output()}`)].join('\n'),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
