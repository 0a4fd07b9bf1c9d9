// The fleet bench of `npm run bench`: N real supervisord × 20 processes on free ports, the server
// in this process, measured with the node agents and without them (issue 9's targets).
import { readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadRules } from '@supfleet/core';
import type { Process } from '@supfleet/protocol';
import {
  freePort,
  startSupervisord,
  stopAllSupervisords,
  type RunningSupervisord,
} from '@supfleet/supervisor-client/testing';
import { io, type Socket } from 'socket.io-client';
import { agentSection, testServiceConfig } from '../apps/server/src/__tests__/fleet-fixture';
import { silentLogger } from '../apps/server/src/logging/logger';
import { createService, type Service } from '../apps/server/src/service';

const PROCESSES = 20;
const CLK_TCK = 100;
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
  idleServerCpuPercent: number;
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

function ticks(pid: number): number {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
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

function connect(url: string, deflate = true): Promise<{ socket: Socket; ms: number }> {
  const started = performance.now();
  const socket = io(url, {
    transports: ['websocket'],
    forceNew: true,
    perMessageDeflate: deflate ? {} : false,
  } as never);
  return new Promise((resolve) =>
    socket.once('snapshot', () => resolve({ socket, ms: performance.now() - started })),
  );
}

/** Waits until every client saw `namespec` in `state`; resolves with when each saw it. */
function seen(sockets: Socket[], wanted: Map<string, string>): Promise<number> {
  return Promise.all(
    sockets.map(
      (socket) =>
        new Promise<number>((resolve) => {
          const left = new Map(wanted);
          const onUpdate = (process: Process) => {
            if (left.get(process.namespec) === process.state) left.delete(process.namespec);
            if (left.size === 0) {
              socket.off('process:updated', onUpdate);
              resolve(performance.now());
            }
          };
          socket.on('process:updated', onUpdate);
        }),
    ),
  ).then((times) => Math.max(...times));
}

async function until(
  what: string,
  predicate: () => boolean,
  timeoutMs: number,
  detail?: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline)
      throw new Error(`bench: timed out waiting for ${what}${detail ? `: ${detail()}` : ''}`);
    await sleep(100);
  }
}

async function measure(
  service: Service,
  url: string,
  nodes: RunningSupervisord[],
  watched: number[],
  baselineTicks: number,
  baselineMs: number,
  agents: boolean,
): Promise<FleetFigures> {
  const n = nodes.length;
  const total = n * PROCESSES;
  const idleMs = 20_000;
  await sleep(3000);
  // Idle: nothing changes; the server polls (or probes) and the agents send heartbeats.
  const cpu0 = process.cpuUsage();
  const sup0 = watched.reduce((sum, pid) => sum + ticks(pid), 0);
  const wall0 = performance.now();
  await sleep(idleMs);
  const wall = performance.now() - wall0;
  const cpu = process.cpuUsage(cpu0);
  const supTicks = watched.reduce((sum, pid) => sum + ticks(pid), 0) - sup0;
  const idleServerCpuPercent = ((cpu.user + cpu.system) / 1000 / wall) * 100;
  const supervisordPercent = ((supTicks * 1000) / CLK_TCK / wall) * 100;
  const baselinePercent = ((baselineTicks * 1000) / CLK_TCK / baselineMs) * 100;
  const idleServerRssMb = process.memoryUsage().rss / 1e6;

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
    await client.stopProcess(namespec, true);
    await until('stopped', () => service.store.state.processes[namespec]?.state === 'STOPPED', 15_000);
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
    'burst restarted',
    () => burst.every((b) => service.store.state.processes[b.namespec]?.state === 'RUNNING'),
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

/** Both phases on one fleet of n instances: with the agents, then with them stopped. */
export async function fleetBench(n: number): Promise<FleetFigures[]> {
  const port = await freePort();
  const agentUrl = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'supfleet-bench-'));
  const ids = Array.from({ length: n }, (_, i) => `i${i}`);
  const rules = loadRules([{ file: 'rules.xml', text: RULES }], ids).rules!;
  let service: Service | undefined;
  try {
    const started = performance.now();
    const nodes = await pool(n, 6, (i) =>
      startSupervisord({ programs: programsOf(i, agentUrl), name: ids[i] }),
    );
    console.log(`  ${n} supervisord started in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const instances = ids.map((id, i) => ({ id, host: '127.0.0.1', port: nodes[i]!.port, node: id }));
    const config = testServiceConfig(
      instances,
      {
        pollPeriodMs: 1000,
        rpcTimeoutMs: 2500,
        silentAfterMs: 5000,
        lostAfterMs: 10_000,
        resyncPeriodMs: 10_000,
      },
      { port, dataDir },
    );
    const launch = async () => {
      const s = createService(config, { rules, logger: silentLogger() });
      const url = await s.start();
      await until(
        'every process RUNNING',
        () =>
          Object.values(s.store.state.processes).filter(
            (p) => p.application === 'app' && p.state === 'RUNNING',
          ).length ===
          n * PROCESSES,
        120_000,
        () => {
          const states = new Map<string, number>();
          for (const p of Object.values(s.store.state.processes)) {
            if (p.application === 'app') states.set(p.state, (states.get(p.state) ?? 0) + 1);
          }
          const instances = Object.values(s.store.state.instances).filter((i) => i.state !== 'RUNNING');
          return `${JSON.stringify([...states])}; instances not RUNNING: ${instances.map((i) => `${i.id} ${i.state}`).join(', ')}`;
        },
      );
      return { s, url };
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
    service = withAgents.s;
    await until(
      'agents alive',
      () => Object.values(service!.store.state.instances).every((i) => i.agent),
      30_000,
    );
    // The agents' whole cost counts as added.
    const watched = [...supervisords, ...agentPids];
    const a = await measure(service, withAgents.url, nodes, watched, baselineTicks, baselineMs, true);
    await service.stop();
    service = undefined;

    await Promise.all(nodes.map((node) => node.client.stopProcess(AGENT, true)));
    const without = await launch();
    service = without.s;
    const b = await measure(service, without.url, nodes, supervisords, baselineTicks, baselineMs, false);
    return [a, b];
  } finally {
    await service?.stop();
    await stopAllSupervisords();
    rmSync(dataDir, { recursive: true, force: true });
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
