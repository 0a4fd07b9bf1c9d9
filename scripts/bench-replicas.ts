// What several replicas cost (issue 16): every replica monitors the whole fleet itself, so each
// supervisord answers each replica's polls (and its agent pushes to each replica); and what the
// store on PostgreSQL costs next to SQLite. The built server (`node apps/server/dist/main.mjs
// --config FILE`, what `supfleet serve` runs) in processes of their own, real supervisord, a
// throwaway PostgreSQL (trust auth, fsync off). CPU from /proc: utime + stime of each supervisord,
// each agent, each server process, and the postgres processes (the postmaster, its live children
// and the children it reaped).
// `npx tsx scripts/bench-replicas.ts [--sizes 20,50] [--window S] [--rounds R] [--no-postgres]
// [--no-replicas]` (the store part runs on the first size only).
import { readdirSync, readFileSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
  freePort,
  startSupervisord,
  stopAllSupervisords,
  type RunningSupervisord,
} from '@supfleet/supervisor-client/testing';
import { agentSection } from '../apps/server/src/__tests__/fleet-fixture';
import {
  startServiceProcess,
  stopServiceProcess,
  writeServiceConfig,
  type ServiceProcess,
} from '../apps/server/src/__tests__/service-process';
import { startPostgres, type PostgresServer } from '../apps/server/src/store/__tests__/postgres-server';
import { buildServer, CLK_TCK, ticks } from './bench-fleet';

const PROCESSES = 20;
/** One agent pushing to replica A only, one pushing to A and B (the same script, two URLs). */
const AGENT_ONE = 'agent1:agent1';
const AGENT_TWO = 'agent2:agent2';
const RULES = `<root><application name="app"><start_sequence>1</start_sequence>
  <programs><program pattern=""><start_sequence>1</start_sequence><required>true</required></program></programs>
</application></root>`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const sum = (pids: number[]) => pids.reduce((total, pid) => total + ticks(pid), 0);
/** CPU-seconds per minute from ticks over ms. */
const perMinute = (t: number, ms: number) => (t / CLK_TCK) * (60_000 / ms);
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/** The stat fields after the command name: utime 11, stime 12, cutime 13, cstime 14 (0-based). */
function stat(pid: number): string[] | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/**
 * Every postgres process of the server on `port`: the postmaster's own time and its reaped
 * children's (cutime + cstime), plus every live child's, in clock ticks.
 */
function postgresTicks(port: number): number {
  let postmaster: number | undefined;
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const fields = stat(pid);
    if (!fields) continue;
    parents.set(pid, Number(fields[1]));
    if (postmaster === undefined) {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        if (cmdline[0]?.endsWith('/postgres') && cmdline.join(' ').includes(`-p ${port} `)) postmaster = pid;
      } catch {
        // gone
      }
    }
  }
  if (postmaster === undefined) return 0;
  let total = 0;
  const add = (pid: number) => {
    const f = stat(pid);
    if (f) total += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
  };
  add(postmaster);
  for (const [pid, parent] of parents) if (parent === postmaster) add(pid);
  return total;
}

async function pool<T>(count: number, limit: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, count) }, async () => {
      while (next < count) {
        const index = next++;
        results[index] = await task(index);
      }
    }),
  );
  return results;
}

async function waitFor(what: string, predicate: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`replicas bench: timed out waiting for ${what}`);
    await sleep(250);
  }
}

const getJson = async <T>(url: string): Promise<T> => (await (await fetch(url)).json()) as T;

const allRunning = (url: string, n: number) => async () =>
  (await getJson<{ application: string; state: string }[]>(`${url}/api/v1/processes`)).filter(
    (p) => p.application === 'app' && p.state === 'RUNNING',
  ).length ===
  n * PROCESSES;
const agentsAlive = (url: string) => async () =>
  (await getJson<{ agent: boolean }[]>(`${url}/api/v1/instances`)).every((i) => i.agent);

function programsOf(index: number, urlA: string, urlB: string) {
  const programs: Record<string, Record<string, string | number | boolean>> = {};
  const names: string[] = [];
  for (let p = 0; p < PROCESSES; p += 1) {
    const name = `i${index}_p${p}`;
    programs[`program:${name}`] = {
      command: '/bin/sleep 100000',
      autostart: true,
      autorestart: false,
      startsecs: 0,
      stopwaitsecs: 2,
    };
    names.push(name);
  }
  programs['group:app'] = { programs: names.join(',') };
  // Started by the bench when a phase needs them.
  programs['eventlistener:agent1'] = { ...agentSection(urlA, `i${index}`), autostart: false };
  programs['eventlistener:agent2'] = {
    ...agentSection(urlA, `i${index}`, `--url ${urlB}`),
    autostart: false,
  };
  return programs;
}

export interface ReplicaWindow {
  instances: number;
  agents: boolean;
  servers: 1 | 2;
  /** CPU-seconds per minute: all supervisord together, all agents together, each server. */
  supervisords: number;
  agentsCpu: number;
  serverA: number;
  serverB: number;
  load: string;
}

export interface StoreFigures {
  store: 'sqlite' | 'postgresql';
  /** CPU-s per minute while idle: the server, the postgres processes. */
  idleServer: number;
  idlePostgres: number;
  /** CPU-s over each burst window (the same length for both stores). */
  historyServer: number;
  historyPostgres: number;
  historyEntries: number;
  /** From the first call until the server showed the last change and its history was written. */
  historyMs: number;
  jobsServer: number;
  jobsPostgres: number;
  jobs: number;
  /** The jobs one after the other (one job per application at a time), until the last was saved. */
  jobsMs: number;
  load: string;
}

interface Fleet {
  nodes: RunningSupervisord[];
  ids: string[];
  portA: number;
  portB: number;
  dir: string;
}

function config(fleet: Fleet, name: string, port: number, extra: Record<string, string> = {}): string {
  const dir = join(fleet.dir, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'rules.xml'), RULES);
  return writeServiceConfig(dir, {
    supvisors_list: fleet.ids.map((id, i) => `<${id}>127.0.0.1:${fleet.nodes[i]!.port}`).join(','),
    rules_files: 'rules.xml',
    listen: `127.0.0.1:${port}`,
    data_dir: join(dir, 'data'),
    poll_period: 1,
    rpc_timeout: 2.5,
    silent_after: 5,
    lost_after: 10,
    resync_period: 10,
    ...extra,
  });
}

async function window(
  fleet: Fleet,
  windowS: number,
  servers: ServiceProcess[],
  agentPids: number[],
  agents: boolean,
): Promise<ReplicaWindow> {
  const sup = fleet.nodes.map((node) => node.pid);
  const [a, b] = servers.map((s) => s.child.pid!);
  const s0 = sum(sup);
  const ag0 = sum(agentPids);
  const a0 = a ? ticks(a) : 0;
  const b0 = b ? ticks(b) : 0;
  const t0 = performance.now();
  await sleep(windowS * 1000);
  const ms = performance.now() - t0;
  return {
    instances: fleet.nodes.length,
    agents,
    servers: servers.length as 1 | 2,
    supervisords: perMinute(sum(sup) - s0, ms),
    agentsCpu: perMinute(sum(agentPids) - ag0, ms),
    serverA: a ? perMinute(ticks(a) - a0, ms) : 0,
    serverB: b ? perMinute(ticks(b) - b0, ms) : 0,
    load: load(),
  };
}

async function startAgents(fleet: Fleet, name: string): Promise<number[]> {
  await Promise.all(fleet.nodes.map((node) => node.client.startProcess(name, true)));
  return Promise.all(fleet.nodes.map(async (node) => (await node.client.getProcessInfo(name)).pid));
}
const stopAgents = (fleet: Fleet, name: string) =>
  Promise.all(fleet.nodes.map((node) => node.client.stopProcess(name, true)));

/** Part 1: supervisord CPU with one replica vs two, agents off then on, `rounds` windows each. */
async function replicaCost(
  fleet: Fleet,
  windowS: number,
  rounds: number,
  track: (s: ServiceProcess | undefined, slot: 'A' | 'B') => void,
): Promise<{ baseline: number; windows: ReplicaWindow[] }> {
  const n = fleet.nodes.length;
  const sup = fleet.nodes.map((node) => node.pid);
  const b0 = sum(sup);
  const t0 = performance.now();
  await sleep(Math.min(windowS, 15) * 1000);
  const baseline = perMinute(sum(sup) - b0, performance.now() - t0);

  const windows: ReplicaWindow[] = [];
  const cfgA = config(fleet, 'a', fleet.portA);
  const cfgB = config(fleet, 'b', fleet.portB);
  const urlA = `http://127.0.0.1:${fleet.portA}`;
  const urlB = `http://127.0.0.1:${fleet.portB}`;
  const a = await startServiceProcess(cfgA, 'built');
  track(a, 'A');
  await waitFor('replica A: every process RUNNING', allRunning(urlA, n));
  await sleep(5000);
  const startB = async () => {
    const b = await startServiceProcess(cfgB, 'built');
    track(b, 'B');
    await waitFor('replica B: every process RUNNING', allRunning(urlB, n));
    await sleep(5000);
    return b;
  };
  const stopB = async (b: ServiceProcess) => {
    await stopServiceProcess(b);
    track(undefined, 'B');
  };

  for (let r = 0; r < rounds; r += 1) {
    windows.push(await window(fleet, windowS, [a], [], false));
    const b = await startB();
    windows.push(await window(fleet, windowS, [a, b], [], false));
    await stopB(b);
  }
  for (let r = 0; r < rounds; r += 1) {
    let pids = await startAgents(fleet, AGENT_ONE);
    await waitFor('agents on A', agentsAlive(urlA));
    await sleep(5000);
    windows.push(await window(fleet, windowS, [a], pids, true));
    const b = await startB();
    await stopAgents(fleet, AGENT_ONE);
    pids = await startAgents(fleet, AGENT_TWO);
    await waitFor('agents on A', agentsAlive(urlA));
    await waitFor('agents on B', agentsAlive(urlB));
    await sleep(5000);
    windows.push(await window(fleet, windowS, [a, b], pids, true));
    await stopAgents(fleet, AGENT_TWO);
    await stopB(b);
  }
  await stopServiceProcess(a);
  track(undefined, 'A');
  return { baseline, windows };
}

/** Part 2: the same server on SQLite and on PostgreSQL: idle, 200 changes, 50 jobs. */
async function storeCost(
  fleet: Fleet,
  postgres: PostgresServer,
  windowS: number,
  rounds: number,
  track: (s: ServiceProcess | undefined, slot: 'A' | 'B') => void,
): Promise<{ postgresAlone: number; figures: StoreFigures[] }> {
  const n = fleet.nodes.length;
  const url = `http://127.0.0.1:${fleet.portA}`;
  // The postgres processes with no client at all.
  const p0 = postgresTicks(postgres.port);
  const t0 = performance.now();
  await sleep(10_000);
  const postgresAlone = perMinute(postgresTicks(postgres.port) - p0, performance.now() - t0);

  const figures: StoreFigures[] = [];
  const order = Array.from({ length: rounds }, () => ['sqlite', 'postgresql'] as const).flat();
  for (const store of order) {
    const extra: Record<string, string> =
      store === 'postgresql' ? { database_url: await postgres.createDatabase(`bench_${Date.now()}`) } : {};
    const server = await startServiceProcess(config(fleet, `store-${store}`, fleet.portA, extra), 'built');
    track(server, 'A');
    try {
      const pid = server.child.pid!;
      await waitFor(`${store}: every process RUNNING`, allRunning(url, n));
      await sleep(10_000);
      const measure = async (what: () => Promise<void>, ms: number) => {
        const s0 = ticks(pid);
        const q0 = postgresTicks(postgres.port);
        const started = performance.now();
        await what();
        const busy = performance.now() - started;
        const left = ms - (performance.now() - started);
        if (left > 0) await sleep(left);
        const elapsed = performance.now() - started;
        return { server: ticks(pid) - s0, postgres: postgresTicks(postgres.port) - q0, elapsed, busy };
      };
      const idle = await measure(() => Promise.resolve(), windowS * 1000);
      const historyBefore = (await getJson<unknown[]>(`${url}/api/v1/history?limit=5000`)).length;
      // 200 processes stopped and started behind supfleet's back: 400 transitions, 400 history entries.
      const burst = Array.from({ length: Math.min(200, n * (PROCESSES - 1)) }, (_, i) => ({
        node: fleet.nodes[i % n]!,
        namespec: `app:i${i % n}_p${Math.floor(i / n) + 1}`,
      }));
      const history = await measure(async () => {
        await Promise.all(burst.map((b) => b.node.client.stopProcess(b.namespec, false)));
        await waitFor('200 STOPPED', async () => {
          const stopped = (await getJson<{ state: string }[]>(`${url}/api/v1/processes`)).filter(
            (p) => p.state === 'STOPPED',
          ).length;
          return stopped >= burst.length;
        });
        await Promise.all(burst.map((b) => b.node.client.startProcess(b.namespec, false)));
        await waitFor('all RUNNING again', allRunning(url, n));
        // Reads of the history wait for its queued writes.
        await getJson(`${url}/api/v1/history?limit=1`);
      }, 15_000);
      const historyEntries =
        (await getJson<unknown[]>(`${url}/api/v1/history?limit=5000`)).length - historyBefore;
      const jobCount = Math.min(50, n * (PROCESSES - 1));
      // 50 restarts through supfleet: 50 jobs (a stop step and a start step), each saved as it goes.
      const jobs = await measure(async () => {
        // One job per application at a time (409 otherwise): one after the other.
        await pool(jobCount, 1, async (i) => {
          const namespec = `app:i${i % n}_p${Math.floor(i / n) + 1}`;
          const answer = await fetch(`${url}/api/v1/processes/${encodeURIComponent(namespec)}/restart`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ wait: true }),
          });
          if (!answer.ok) throw new Error(`restart ${namespec}: ${answer.status} ${await answer.text()}`);
        });
        await getJson(`${url}/api/v1/jobs?limit=1`);
      }, 15_000);
      figures.push({
        store,
        idleServer: perMinute(idle.server, idle.elapsed),
        idlePostgres: perMinute(idle.postgres, idle.elapsed),
        historyServer: history.server / CLK_TCK,
        historyPostgres: history.postgres / CLK_TCK,
        historyEntries,
        historyMs: history.busy,
        jobsServer: jobs.server / CLK_TCK,
        jobsPostgres: jobs.postgres / CLK_TCK,
        jobs: jobCount,
        jobsMs: jobs.busy,
        load: load(),
      });
    } finally {
      await stopServiceProcess(server);
      track(undefined, 'A');
    }
  }
  return { postgresAlone, figures };
}

export async function replicasBench(
  sizes: number[],
  options: { windowS?: number; rounds?: number; postgres?: boolean; replicas?: boolean } = {},
): Promise<void> {
  const { windowS = 15, rounds = 2, postgres: withPostgres = true, replicas = true } = options;
  buildServer();
  const running: Partial<Record<'A' | 'B', ServiceProcess>> = {};
  const track = (s: ServiceProcess | undefined, slot: 'A' | 'B') => {
    running[slot] = s;
  };
  let postgres: PostgresServer | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'supfleet-replicas-'));
  try {
    for (const [index, n] of sizes.entries()) {
      const portA = await freePort();
      const portB = await freePort();
      const ids = Array.from({ length: n }, (_, i) => `i${i}`);
      const started = performance.now();
      const nodes = await pool(n, 6, (i) =>
        startSupervisord({
          programs: programsOf(i, `http://127.0.0.1:${portA}`, `http://127.0.0.1:${portB}`),
          name: ids[i],
        }),
      );
      console.log(
        `${n} supervisord × ${PROCESSES} started in ${((performance.now() - started) / 1000).toFixed(1)} s, load ${load()}`,
      );
      const fleet: Fleet = { nodes, ids, portA, portB, dir: join(dir, `n${n}`) };
      if (replicas) {
        const { baseline, windows } = await replicaCost(fleet, windowS, rounds, track);
        printReplicas(n, baseline, windows);
      }
      if (withPostgres && index === 0) {
        postgres = await startPostgres();
        const { postgresAlone, figures } = await storeCost(fleet, postgres, windowS * 2, rounds, track);
        printStores(n, postgresAlone, figures);
      }
      await stopAllSupervisords();
    }
  } finally {
    for (const s of Object.values(running)) if (s) await stopServiceProcess(s);
    await stopAllSupervisords();
    await postgres?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function printReplicas(n: number, baseline: number, windows: ReplicaWindow[]): void {
  console.log(
    `\n${n} instances × ${PROCESSES}: supervisords alone ${((baseline / n) * 1000).toFixed(1)} CPU-ms/min each`,
  );
  console.log(
    '| agents | replicas | supervisord CPU-ms/min each (median) | agent CPU-ms/min each | replica A CPU-s/min | replica B CPU-s/min | windows | load |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const agents of [false, true]) {
    for (const servers of [1, 2] as const) {
      const w = windows.filter((x) => x.agents === agents && x.servers === servers);
      if (w.length === 0) continue;
      console.log(
        `| ${agents ? 'on' : 'off'} | ${servers} | ${((median(w.map((x) => x.supervisords)) / n) * 1000).toFixed(1)} (${w
          .map((x) => ((x.supervisords / n) * 1000).toFixed(1))
          .join(', ')}) | ${((median(w.map((x) => x.agentsCpu)) / n) * 1000).toFixed(1)} | ${median(
          w.map((x) => x.serverA),
        ).toFixed(
          2,
        )} | ${servers === 2 ? median(w.map((x) => x.serverB)).toFixed(2) : '–'} | ${w.length} | ${w
          .map((x) => x.load.split(' ')[0])
          .join(', ')} |`,
      );
    }
  }
}

function printStores(n: number, postgresAlone: number, figures: StoreFigures[]): void {
  console.log(
    `\nstore, ${n} instances × ${PROCESSES}, agents off: postgres with no client ${postgresAlone.toFixed(3)} CPU-s/min`,
  );
  console.log(
    '| store | idle server CPU-s/min | idle postgres CPU-s/min | 200 stops + 200 starts (history entries): server / postgres CPU-s in the window (≥ 15 s) | restart jobs: server / postgres CPU-s in the window (≥ 15 s) | load |',
  );
  console.log('| --- | --- | --- | --- | --- | --- |');
  const rows = [...figures];
  for (const store of ['sqlite', 'postgresql'] as const) {
    const of = figures.filter((f) => f.store === store);
    if (of.length < 2) continue;
    const m = (key: keyof StoreFigures) => median(of.map((f) => f[key] as number));
    rows.push({
      store,
      idleServer: m('idleServer'),
      idlePostgres: m('idlePostgres'),
      historyServer: m('historyServer'),
      historyPostgres: m('historyPostgres'),
      historyEntries: m('historyEntries'),
      historyMs: m('historyMs'),
      jobsServer: m('jobsServer'),
      jobsPostgres: m('jobsPostgres'),
      jobs: m('jobs'),
      jobsMs: m('jobsMs'),
      load: 'median',
    });
  }
  for (const f of rows) {
    console.log(
      `| ${f.store} | ${f.idleServer.toFixed(3)} | ${f.idlePostgres.toFixed(3)} | ${f.historyServer.toFixed(2)} / ${f.historyPostgres.toFixed(2)} (${f.historyEntries} entries, ${(f.historyMs / 1000).toFixed(1)} s) | ${f.jobsServer.toFixed(2)} / ${f.jobsPostgres.toFixed(2)} (${f.jobs} jobs, ${(f.jobsMs / 1000).toFixed(1)} s) | ${f.load} |`,
    );
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const option = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const sizes = (option('--sizes') ?? '20').split(',').map(Number);
  await replicasBench(sizes, {
    windowS: Number(option('--window') ?? 15),
    rounds: Number(option('--rounds') ?? 2),
    postgres: !argv.includes('--no-postgres'),
    replicas: !argv.includes('--no-replicas'),
  });
}
