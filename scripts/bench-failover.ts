// `npx tsx scripts/bench-failover.ts [--tries 10] [--ttl 2]`: how long the fleet is without a
// replica that acts when the leader dies. A throwaway PostgreSQL, three real supervisord with a
// small staged application (a step waiting for its exit, then two programs per node), two
// replicas of the built server (`lease_ttl` 2 s), then each try: kill -9 the leader, and POST
// `/api/v1/applications/app/restart {"wait":true}` to the other one until it answers 200 with the
// job succeeded (503 while it does not lead yet). The figure is from the kill to that answer: the
// takeover plus one whole staged restart. The killed replica is started again as a follower
// before the next try. Prints every sample, p50 and max; nothing here asserts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { ActionResult, ServiceAnswer } from '@supfleet/protocol';
import {
  startSupervisord,
  stopAllSupervisords,
  type RunningSupervisord,
} from '@supfleet/supervisor-client/testing';
import { get, post, program } from '../apps/server/src/__tests__/fleet-fixture';
import {
  startServiceProcess,
  stopServiceProcess,
  writeServiceConfig,
  type ServiceProcess,
} from '../apps/server/src/__tests__/service-process';
import { startPostgres, type PostgresServer } from '../apps/server/src/store/__tests__/postgres-server';
import { buildServer } from './bench-fleet';

const RULES = `<root>
  <application name="app"><start_sequence>1</start_sequence>
    <programs>
      <program pattern="wait_"><start_sequence>1</start_sequence><wait_exit>true</wait_exit></program>
      <program pattern=""><start_sequence>2</start_sequence><required>true</required></program>
    </programs>
  </application>
</root>`;
const NODES = 3;

export interface FailoverFigures {
  ttlS: number;
  /** kill -9 of the leader -> the other replica answered its first /service with leader: true. */
  takeoverMs: number[];
  /** kill -9 of the leader -> the other replica answered 200 to a restart with wait:true, job succeeded. */
  restartedMs: number[];
  /** One staged restart on a settled leader, for comparison. */
  restartAloneMs: number;
  load: string;
}

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const p50 = (values: number[]) => sorted(values)[Math.floor((values.length - 1) / 2)]!;
const max = (values: number[]) => Math.max(...values);

const serviceOf = async (replica: ServiceProcess) =>
  (await get<ServiceAnswer>(`${replica.url}/api/v1/service`)).body;

async function until<T>(limitMs: number, what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const began = performance.now();
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (performance.now() - began > limitMs) throw new Error(`no ${what} within ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function nodePrograms(index: number) {
  const names = [`wait_${index}`, `a${index}`, `b${index}`];
  return {
    [`program:wait_${index}`]: program({ command: '/bin/sh -c "exit 0"', exitcodes: '0' }),
    [`program:a${index}`]: program({ startsecs: 0 }),
    [`program:b${index}`]: program({ startsecs: 0 }),
    'group:app': { programs: names.join(',') },
  };
}

export async function failoverBench(tries = 10, ttlS = 2): Promise<FailoverFigures> {
  buildServer();
  let postgres: PostgresServer | undefined;
  const nodes: RunningSupervisord[] = [];
  const dir = mkdtempSync(join(os.tmpdir(), 'supfleet-failover-'));
  const replicas: Record<string, ServiceProcess> = {};
  const configs: Record<string, string> = {};
  try {
    postgres = await startPostgres();
    const database = await postgres.createDatabase('failover');
    for (let i = 0; i < NODES; i += 1) nodes.push(await startSupervisord({ programs: nodePrograms(i) }));
    writeFileSync(join(dir, 'rules.xml'), RULES);
    for (const name of ['a', 'b']) {
      const home = mkdtempSync(join(dir, `${name}-`));
      configs[name] = writeServiceConfig(home, {
        supvisors_list: nodes.map((node, i) => `<n${i}>127.0.0.1:${node.port}`).join(','),
        rules_files: join(dir, 'rules.xml'),
        database_url: database,
        replica_name: name,
        lease_ttl: ttlS,
        poll_period: 0.5,
        auto_start: 'false',
      });
      replicas[name] = await startServiceProcess(configs[name], 'built');
      if (name === 'a')
        await until(10_000, 'a leads', async () =>
          (await serviceOf(replicas.a!)).leader ? true : undefined,
        );
    }
    const leaderName = async () => (await serviceOf(replicas.a!)).leaderName ?? undefined;
    // Both see the application, and a restart on the settled leader works.
    for (const replica of Object.values(replicas))
      await until(10_000, 'app seen', async () =>
        (await get<unknown[]>(`${replica.url}/api/v1/applications`)).body.length === 1 ? true : undefined,
      );
    const first = (await leaderName())!;
    const alone = performance.now();
    const warm = await post<ActionResult>(`${replicas[first]!.url}/api/v1/applications/app/restart`, {
      wait: true,
    });
    const restartAloneMs = performance.now() - alone;
    if (warm.body.job?.state !== 'succeeded')
      throw new Error(`the first restart did not succeed: ${JSON.stringify(warm.body)}`);

    const takeoverMs: number[] = [];
    const restartedMs: number[] = [];
    for (let t = 1; t <= tries; t += 1) {
      const leader = (await serviceOf(replicas.a!)).leaderName!;
      const other = leader === 'a' ? 'b' : 'a';
      const survivor = replicas[other]!;
      // Not timed against the renewals: the kill lands anywhere in the leader's renewal period.
      replicas[leader]!.child.kill('SIGKILL');
      const killed = performance.now();
      let takeover: number | undefined;
      const watch = until(ttlS * 5000, `${other} leads`, async () =>
        (await serviceOf(survivor)).leader ? (takeover = performance.now() - killed) : undefined,
      );
      const done = await until(ttlS * 5000, `a restart accepted by ${other}`, async () => {
        const answer = await post<ActionResult>(`${survivor.url}/api/v1/applications/app/restart`, {
          wait: true,
        });
        if (answer.status === 503) return undefined;
        if (answer.status !== 200 || answer.body.job?.state !== 'succeeded')
          throw new Error(`restart on ${other}: ${answer.status} ${JSON.stringify(answer.body)}`);
        return performance.now() - killed;
      });
      await watch;
      takeoverMs.push(takeover!);
      restartedMs.push(done);
      console.log(
        `try ${t}: killed ${leader}; ${other} led after ${takeover!.toFixed(0)} ms, restart done after ${done.toFixed(0)} ms`,
      );
      await replicas[leader]!.exited;
      replicas[leader] = await startServiceProcess(configs[leader]!, 'built');
      await until(10_000, `${leader} follows ${other}`, async () =>
        (await serviceOf(replicas[leader]!)).leaderName === other ? true : undefined,
      );
    }
    const figures: FailoverFigures = {
      ttlS,
      takeoverMs,
      restartedMs,
      restartAloneMs,
      load: os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' '),
    };
    printFailover(figures);
    return figures;
  } finally {
    for (const replica of Object.values(replicas))
      await stopServiceProcess(replica, 3000).catch(() => undefined);
    await stopAllSupervisords();
    await postgres?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printFailover(f: FailoverFigures): void {
  const fmt = (values: number[]) =>
    `p50 ${p50(values).toFixed(0)} ms, max ${max(values).toFixed(0)} ms (${values.map((v) => v.toFixed(0)).join(', ')})`;
  console.log(`failover, lease_ttl ${f.ttlS} s, ${f.takeoverMs.length} kill -9 of the leader:`);
  console.log(`  kill -9 -> the other replica leads:                 ${fmt(f.takeoverMs)}`);
  console.log(`  kill -9 -> its restart (wait:true) done, succeeded: ${fmt(f.restartedMs)}`);
  console.log(`  one restart on a settled leader: ${f.restartAloneMs.toFixed(0)} ms; load average ${f.load}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const option = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  await failoverBench(Number(option('--tries') ?? 10), Number(option('--ttl') ?? 2));
}
