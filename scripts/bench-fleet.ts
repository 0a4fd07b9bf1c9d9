// The fleet bench of `npm run bench`: N real supervisord × 20 processes on free ports, the built
// server (`node apps/server/dist/main.mjs`, what `supfleet serve` runs) in a process of its own,
// measured with the node agents and without them (issue 9's targets). The bench knows the server
// only as its clients do (socket.io) and as the kernel does (/proc/PID for its CPU and RSS).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
  BATCHED_DELTAS_QUERY,
  type BatchedDelta,
  type ClientToServerEvents,
  type Instance,
  type Process,
  type ServerToClientEvents,
} from '@supfleet/protocol';
import {
  freePort,
  startSupervisord,
  stopAllSupervisords,
  type RunningSupervisord,
} from '@supfleet/supervisor-client/testing';
import { io, type Socket } from 'socket.io-client';
import { agentSection } from '../apps/server/src/__tests__/fleet-fixture';
import {
  startServiceProcess,
  stopServiceProcess,
  writeServiceConfig,
  type ServiceProcess,
} from '../apps/server/src/__tests__/service-process';

const PROCESSES = 20;
export const CLK_TCK = 100;
const AGENT = 'supfleet:supfleet';
const RULES = `<root><application name="app"><start_sequence>1</start_sequence>
  <programs><program pattern=""><start_sequence>1</start_sequence><required>true</required></program></programs>
</application></root>`;

export interface FleetFigures {
  instances: number;
  processes: number;
  agents: boolean;
  /** supervisord transition (the XML-RPC start call sent) → socket.io client, ms. */
  changeP50: number;
  changeP99: number;
  /** The server process's utime + stime (/proc/PID/stat) over 20 idle s, % of one core. */
  idleServerCpuPercent: number;
  /** The server process's VmRSS (/proc/PID/status) at the end of the idle window, MB. */
  idleServerRssMb: number;
  /** CPU of all supervisord (and agents) beyond their own idle cost, % of one core. */
  addedSupervisordCpuPercent: number;
  snapshotMs: number;
  snapshotMsNoDeflate: number;
  /** 200 stops at once (fewer below 11 instances), 20 clients: until every client had every change, from the first call / after the last answer. */
  burstFromFirstMs: number;
  burstAfterLastAnswerMs: number;
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const cpuPercent = (ticks: number, ms: number) => ((ticks * 1000) / CLK_TCK / ms) * 100;

type ServerSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The server bundle the fleet bench runs, built from the current sources (a few seconds). */
export function buildServer(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
}

/** utime + stime of a process (all its threads), in clock ticks. */
export function ticks(pid: number): number {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** Resident set size of a process, MB (VmRSS is in KiB). */
function rssMb(pid: number): number {
  const kib = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return (Number(kib) * 1024) / 1e6;
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

function programsOf(
  index: number,
  agentUrl: string | null,
): Record<string, Record<string, string | number | boolean>> {
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
  if (agentUrl) programs['eventlistener:supfleet'] = agentSection(agentUrl, `i${index}`);
  return programs;
}

function connect(url: string, deflate = true): Promise<{ socket: ServerSocket; ms: number }> {
  const started = performance.now();
  const socket: ServerSocket = io(url, {
    transports: ['websocket'],
    forceNew: true,
    perMessageDeflate: deflate ? {} : false,
    // As the web page does: the deltas of one turn of the server's loop in one message.
    query: BATCHED_DELTAS_QUERY,
  } as never);
  return new Promise((resolve) =>
    socket.once('snapshot', () => resolve({ socket, ms: performance.now() - started })),
  );
}

/** Waits until every client saw each namespec of `wanted` in its state; resolves with when the last did. */
function seen(sockets: ServerSocket[], wanted: Map<string, string>): Promise<number> {
  return Promise.all(
    sockets.map(
      (socket) =>
        new Promise<number>((resolve) => {
          const left = new Map(wanted);
          const onDeltas = (deltas: BatchedDelta[]) => {
            for (const [event, process] of deltas) {
              if (event === 'process:updated' && left.get(process.namespec) === process.state)
                left.delete(process.namespec);
            }
            if (left.size === 0) {
              socket.off('deltas', onDeltas);
              resolve(performance.now());
            }
          };
          socket.on('deltas', onDeltas);
        }),
    ),
  ).then((times) => Math.max(...times));
}

function within<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`bench: timed out waiting for ${what}`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

interface FleetView {
  processes: Map<string, Process>;
  instances: Map<string, Instance>;
}

/**
 * Resolves once `predicate` holds on the fleet as a new socket.io client of the server sees it:
 * the snapshot, then each `process:updated` / `instance:updated` replacing its entry. No gap check:
 * one socket loses deltas only by a disconnection, and the reconnection brings a new snapshot.
 */
async function until(
  url: string,
  what: string,
  predicate: (fleet: FleetView) => boolean,
  timeoutMs: number,
  detail?: (fleet: FleetView) => string,
): Promise<void> {
  const socket: ServerSocket = io(url, { transports: ['websocket'], forceNew: true });
  const fleet: FleetView = { processes: new Map(), instances: new Map() };
  let synced = false;
  const holds = new Promise<void>((resolve) => {
    const check = () => {
      if (synced && predicate(fleet)) resolve();
    };
    socket.on('snapshot', (snapshot) => {
      fleet.processes = new Map(snapshot.processes.map((p) => [p.namespec, p]));
      fleet.instances = new Map(snapshot.instances.map((i) => [i.id, i]));
      synced = true;
      check();
    });
    socket.on('process:updated', (process) => {
      fleet.processes.set(process.namespec, process);
      check();
    });
    socket.on('instance:updated', (instance) => {
      fleet.instances.set(instance.id, instance);
      check();
    });
  });
  try {
    await within(holds, timeoutMs, what).catch((error: Error) => {
      throw detail ? new Error(`${error.message}: ${detail(fleet)}`) : error;
    });
  } finally {
    socket.close();
  }
}

async function measure(
  server: ServiceProcess,
  nodes: RunningSupervisord[],
  watched: number[],
  baselineTicks: number,
  baselineMs: number,
  agents: boolean,
): Promise<FleetFigures> {
  const n = nodes.length;
  const total = n * PROCESSES;
  const idleMs = 20_000;
  const { url } = server;
  const serverPid = server.child.pid!;
  await sleep(3000);
  // Idle, no client connected: nothing changes; the server polls (or probes), the agents send
  // heartbeats.
  const server0 = ticks(serverPid);
  const sup0 = watched.reduce((sum, pid) => sum + ticks(pid), 0);
  const wall0 = performance.now();
  await sleep(idleMs);
  const wall = performance.now() - wall0;
  const idleServerCpuPercent = cpuPercent(ticks(serverPid) - server0, wall);
  const supervisordPercent = cpuPercent(watched.reduce((sum, pid) => sum + ticks(pid), 0) - sup0, wall);
  const baselinePercent = cpuPercent(baselineTicks, baselineMs);
  const idleServerRssMb = rssMb(serverPid);

  const snapshots: number[] = [];
  const plainSnapshots: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    const a = await connect(url, true);
    snapshots.push(a.ms);
    a.socket.close();
    const b = await connect(url, false);
    plainSnapshots.push(b.ms);
    b.socket.close();
  }

  // One change at a time: stop and start a process behind supfleet's back.
  const { socket } = await connect(url);
  const changes: number[] = [];
  for (let i = 0; i < 30; i += 1) {
    const index = i % n;
    const namespec = `app:i${index}_p${i % PROCESSES}`;
    const client = nodes[index]!.client;
    const stopped = seen([socket], new Map([[namespec, 'STOPPED']]));
    await client.stopProcess(namespec, true);
    await within(stopped, 15_000, `${namespec} STOPPED`);
    const arrived = seen([socket], new Map([[namespec, 'RUNNING']]));
    const started = performance.now();
    await client.startProcess(namespec, false);
    changes.push((await arrived) - started);
    await sleep(100);
  }
  socket.close();

  // 200 stops at once, watched by 20 clients.
  const clients = await Promise.all(Array.from({ length: 20 }, () => connect(url)));
  const burst = Array.from({ length: Math.min(200, n * (PROCESSES - 1)) }, (_, i) => ({
    index: i % n,
    namespec: `app:i${i % n}_p${Math.floor(i / n) + 1}`,
  }));
  const arrived = seen(
    clients.map((c) => c.socket),
    new Map(burst.map((b) => [b.namespec, 'STOPPED'])),
  );
  const first = performance.now();
  let lastAnswer = first;
  await Promise.all(
    burst.map(async ({ index, namespec }) => {
      await nodes[index]!.client.stopProcess(namespec, false);
      lastAnswer = Math.max(lastAnswer, performance.now());
    }),
  );
  const done = await Promise.race([arrived, sleep(30_000).then(() => NaN)]);
  for (const c of clients) c.socket.close();
  // Put them back for the next phase.
  await Promise.all(burst.map(({ index, namespec }) => nodes[index]!.client.startProcess(namespec, false)));
  await until(
    url,
    'burst restarted',
    (fleet) => burst.every((b) => fleet.processes.get(b.namespec)?.state === 'RUNNING'),
    30_000,
  );

  return {
    instances: n,
    processes: total,
    agents,
    changeP50: quantile(changes, 0.5),
    changeP99: quantile(changes, 0.99),
    idleServerCpuPercent,
    idleServerRssMb,
    addedSupervisordCpuPercent: Math.max(0, supervisordPercent - baselinePercent),
    snapshotMs: quantile(snapshots, 0.5),
    snapshotMsNoDeflate: quantile(plainSnapshots, 0.5),
    burstFromFirstMs: done - first,
    burstAfterLastAnswerMs: done - lastAnswer,
  };
}

/**
 * Both phases on one fleet of n instances: with the agents, then with them stopped (and a fresh
 * server process). Runs the bundle buildServer() wrote.
 */
export async function fleetBench(n: number): Promise<FleetFigures[]> {
  // The agents push to the server: its port is chosen before the supervisords start.
  const port = await freePort();
  const agentUrl = `http://127.0.0.1:${port}`;
  const dir = mkdtempSync(join(tmpdir(), 'supfleet-bench-'));
  const ids = Array.from({ length: n }, (_, i) => `i${i}`);
  let server: ServiceProcess | undefined;
  try {
    const started = performance.now();
    const nodes = await pool(n, 6, (i) =>
      startSupervisord({ programs: programsOf(i, agentUrl), name: ids[i] }),
    );
    console.log(`  ${n} supervisord started in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    writeFileSync(join(dir, 'rules.xml'), RULES);
    // log_level stays at info, the default: the helper waits for the "listening on" line, and
    // an idle fleet logs nothing (what the server prints is kept, not shown).
    const config = writeServiceConfig(dir, {
      supvisors_list: ids.map((id, i) => `<${id}>127.0.0.1:${nodes[i]!.port}`).join(','),
      rules_files: 'rules.xml',
      listen: `127.0.0.1:${port}`,
      data_dir: join(dir, 'data'),
      poll_period: 1,
      rpc_timeout: 2.5,
      silent_after: 5,
      lost_after: 10,
      resync_period: 10,
    });
    // Kept in `server` as soon as it runs, for the finally to stop it.
    const launch = async () => {
      server = await startServiceProcess(config, 'built');
      await until(
        server.url,
        'every process RUNNING',
        (fleet) =>
          [...fleet.processes.values()].filter((p) => p.application === 'app' && p.state === 'RUNNING')
            .length ===
          n * PROCESSES,
        120_000,
        (fleet) => {
          const states = new Map<string, number>();
          for (const p of fleet.processes.values()) {
            if (p.application === 'app') states.set(p.state, (states.get(p.state) ?? 0) + 1);
          }
          const instances = [...fleet.instances.values()].filter((i) => i.state !== 'RUNNING');
          return `${JSON.stringify([...states])}; instances not RUNNING: ${instances.map((i) => `${i.id} ${i.state}`).join(', ')}`;
        },
      );
      return server;
    };
    const agentPids = await Promise.all(
      nodes.map(async (node) => (await node.client.getProcessInfo(AGENT)).pid),
    );
    const supervisords = nodes.map((node) => node.pid);

    // What the supervisords cost by themselves, with no server asking them anything.
    const base0 = supervisords.reduce((sum, pid) => sum + ticks(pid), 0);
    const baseStart = performance.now();
    await sleep(10_000);
    const baselineMs = performance.now() - baseStart;
    const baselineTicks = supervisords.reduce((sum, pid) => sum + ticks(pid), 0) - base0;

    const withAgents = await launch();
    await until(
      withAgents.url,
      'agents alive',
      (fleet) => [...fleet.instances.values()].every((i) => i.agent),
      30_000,
    );
    // The agents' whole cost counts as added.
    const watched = [...supervisords, ...agentPids];
    const a = await measure(withAgents, nodes, watched, baselineTicks, baselineMs, true);
    await stopServiceProcess(withAgents);
    server = undefined;

    await Promise.all(nodes.map((node) => node.client.stopProcess(AGENT, true)));
    const without = await launch();
    const b = await measure(without, nodes, supervisords, baselineTicks, baselineMs, false);
    return [a, b];
  } finally {
    if (server) await stopServiceProcess(server);
    await stopAllSupervisords();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printFleetTable(rows: FleetFigures[]): void {
  const header = [
    'instances',
    'processes',
    'agents',
    'change p50 ms',
    'change p99 ms',
    'idle server CPU %',
    'server RSS MB',
    'added supervisord CPU %',
    'snapshot ms (deflate / plain)',
    '200 changes, 20 clients: ms from first / after last answer',
  ];
  console.log(`| ${header.join(' | ')} |`);
  console.log(`| ${header.map(() => '---').join(' | ')} |`);
  for (const r of rows) {
    console.log(
      `| ${[
        r.instances,
        r.processes,
        r.agents ? 'yes' : 'no',
        r.changeP50.toFixed(1),
        r.changeP99.toFixed(1),
        r.idleServerCpuPercent.toFixed(2),
        r.idleServerRssMb.toFixed(0),
        r.addedSupervisordCpuPercent.toFixed(2),
        `${r.snapshotMs.toFixed(0)} / ${r.snapshotMsNoDeflate.toFixed(0)}`,
        `${r.burstFromFirstMs.toFixed(0)} / ${r.burstAfterLastAnswerMs.toFixed(0)}`,
      ].join(' | ')} |`,
    );
  }
}
