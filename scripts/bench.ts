// `npm run bench`: the numbers behind supfleet's claims, measured on real supervisord.
//   1. with the shipped liveness defaults: SIGKILL -> SILENT, SIGSTOP -> "not answering",
//      SIGSTOP -> lost, SIGCONT -> RUNNING, and a restart of the service -> state rebuilt;
//   2. how long a staged restart of a 3-instance application takes, and against its floor (the
//      same sequence as raw XML-RPC, scripts/bench-restart.ts);
//   3. how long a change takes from supervisord to a socket.io client;
//   4. what one poll of 500 unchanged processes costs the fleet model;
//   5. kill -9 of a supervisord -> shown lost, with the node agent (its kept connection closes)
//      and without (the next poll is refused), ten kills each;
//   6. the idle cost of the demo's shape (scripts/bench-idle.ts): 3 instances, agents on and off;
//   7. the fleet bench (scripts/bench-fleet.ts): N supervisord × 20 processes, with and without
//      the node agents: change latency, idle cost, snapshot, a burst of 200 changes on 20 clients;
//      the servers of 6 and 7 run as processes of their own, built first (node scripts/build.mjs);
//   8. failover (scripts/bench-failover.ts): two replicas on a throwaway PostgreSQL, lease_ttl 2 s,
//      ten kill -9 of the leader -> the other replica completed a restart (about 60 s).
// Each prints its samples and median; nothing here asserts.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { createFleet, fleetReducer, loadRules } from '@supfleet/core';
import type { SupervisordProcessInfo } from '@supfleet/protocol';
import { stopAllSupervisords } from '@supfleet/supervisor-client/testing';
import { connect, post, program, startTestFleet, until } from '../apps/server/src/__tests__/fleet-fixture';
import { updated, type FleetChange } from '../apps/server/src/fleet-change';
import { buildServer, fleetBench, printFleetTable, type FleetFigures } from './bench-fleet';
import { restartBench } from './bench-restart';
import { STAGED_RULES, stagedPrograms } from './bench-staged-app';
import { idleBench, printIdle } from './bench-idle';
import { failoverBench } from './bench-failover';

const RULES = STAGED_RULES;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const report = (label: string, values: number[], unit = 'ms') =>
  console.log(
    `${label}: median ${median(values).toFixed(1)} ${unit} (samples: ${values.map((v) => v.toFixed(1)).join(', ')})`,
  );

const nodePrograms = stagedPrograms;

/** The liveness settings supfleet ships (README): poll 1 s, calls time out after 2.5 s, 1.5 s / 10 s. */
const SHIPPED = { pollPeriodMs: 1000, rpcTimeoutMs: 2500, silentAfterMs: 1500, lostAfterMs: 10_000 };

async function detection(trials: number): Promise<void> {
  const killed: number[] = [];
  const notAnswering: number[] = [];
  const lost: number[] = [];
  const back: number[] = [];
  const rebuilt: number[] = [];
  for (let trial = 0; trial < trials; trial += 1) {
    const fleet = await startTestFleet({ n1: nodePrograms(1, 1), n2: nodePrograms(2, 1) }, RULES, SHIPPED);
    const instance = (id: string) => fleet.service.store.state.instances[id];
    try {
      fleet.service.monitors.forEach((m) => m.fastPolling(false));
      await until(
        fleet.service,
        () => instance('n1')?.state === 'RUNNING' && instance('n2')?.state === 'RUNNING',
      );
      // Hang and come back: shown at once, lost only after lost_after, RUNNING again.
      let start = performance.now();
      fleet.nodes.n2!.pause();
      await until(fleet.service, () => instance('n2')?.state === 'SILENT', 10_000);
      notAnswering.push(performance.now() - start);
      await until(fleet.service, () => instance('n2')?.lost === true, 30_000);
      lost.push(performance.now() - start);
      start = performance.now();
      fleet.nodes.n2!.resume();
      await until(fleet.service, () => instance('n2')?.state === 'RUNNING', 10_000);
      back.push(performance.now() - start);
      // A restart of the service: how long until its state is rebuilt from the supervisord.
      start = performance.now();
      await fleet.restartService(SHIPPED);
      await until(
        fleet.service,
        () => instance('n1')?.state === 'RUNNING' && instance('n2')?.state === 'RUNNING',
      );
      rebuilt.push(performance.now() - start);
      start = performance.now();
      await fleet.nodes.n1!.kill();
      await until(fleet.service, () => instance('n1')?.state === 'SILENT', 10_000);
      killed.push(performance.now() - start);
    } finally {
      await fleet.stop();
    }
  }
  const settings = 'shipped defaults: poll 1 s, rpc_timeout 2.5 s, silent_after 1.5 s, lost_after 10 s';
  report(`SIGKILLed supervisord shown SILENT (lost) after (${settings})`, killed);
  report('SIGSTOPped supervisord shown SILENT "not answering" after', notAnswering);
  report('SIGSTOPped supervisord declared lost (processes FATAL) after', lost);
  report('SIGCONTed supervisord back RUNNING (CHECKING, full resync) after', back);
  report('service restarted (stop, start) until its state is rebuilt from 2 supervisord', rebuilt);
}

/**
 * kill -9 of a supervisord until the instance is shown lost: with the node agent, the probe's
 * kept connection closing is the signal (confirmed refused on a new one); without, the next poll.
 */
async function killToLost(kills: number, agents: boolean): Promise<void> {
  const samples: number[] = [];
  const programs = { 'program:a': program(), 'group:app': { programs: 'a' } };
  for (let kill = 0; kill < kills; kill += 1) {
    const fleet = await startTestFleet(
      { n1: programs },
      '<root/>',
      { ...SHIPPED, resyncPeriodMs: 10_000 },
      agents ? { agents: {} } : {},
    );
    const { service } = fleet;
    const instance = () => service.store.state.instances.n1;
    try {
      await until(service, () => instance()?.state === 'RUNNING' && instance()?.agent === agents, 20_000);
      // With the agent, its event makes the server re-read the process on the kept connection.
      await fleet.nodes.n1!.client.startProcess('app:a', true);
      await until(service, () => service.store.state.processes['app:a']?.state === 'RUNNING');
      // Anywhere in the poll period.
      await new Promise((resolve) => setTimeout(resolve, 200 + Math.random() * 1000));
      let lostAt = 0;
      const onChange = (change: FleetChange) => {
        const n1 = updated(change, 'instances').find((i) => i.id === 'n1');
        if (n1?.lost && lostAt === 0) lostAt = performance.now();
      };
      service.store.on('change', onChange);
      const start = performance.now();
      await fleet.nodes.n1!.kill();
      await until(service, () => instance()?.lost === true, 10_000);
      service.store.off('change', onChange);
      samples.push(lostAt - start);
    } finally {
      await fleet.stop();
    }
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const how = agents ? 'with the node agent (kept connection)' : 'without agent (poll 1 s)';
  report(`kill -9 -> instance lost, ${how}: max ${sorted.at(-1)!.toFixed(1)} ms`, samples);
}

async function restart(trials: number): Promise<void> {
  const fleet = await startTestFleet(
    { n1: nodePrograms(1, 4), n2: nodePrograms(2, 4), n3: nodePrograms(3, 4) },
    RULES,
  );
  try {
    await until(fleet.service, () => Object.keys(fleet.service.store.state.processes).length === 15);
    await post(`${fleet.url}/api/v1/applications/app/start`, { wait: true });
    const durations: number[] = [];
    for (let trial = 0; trial < trials; trial += 1) {
      const start = performance.now();
      const answer = await post<{ job: { state: string } }>(`${fleet.url}/api/v1/applications/app/restart`, {
        wait: true,
      });
      if (answer.body.job.state !== 'succeeded') throw new Error(`restart ${answer.body.job.state}`);
      durations.push(performance.now() - start);
    }
    report(
      'staged restart of 15 processes on 3 instances, 2 ranks, startsecs 1 (stop + wait_exit + start)',
      durations,
    );

    const socket = connect(fleet.url);
    await new Promise((resolve) => socket.once('snapshot', resolve));
    const push: number[] = [];
    for (let trial = 0; trial < trials; trial += 1) {
      const namespec = 'app:p1_0';
      const start = performance.now();
      const seen = new Promise<void>((resolve) => {
        const onUpdate = (p: { namespec: string; state: string }) => {
          if (p.namespec === namespec && p.state === 'STOPPED') {
            socket.off('process:updated', onUpdate);
            resolve();
          }
        };
        socket.on('process:updated', onUpdate);
      });
      await fleet.nodes.n1!.client.stopProcess(namespec, false);
      await seen;
      push.push(performance.now() - start);
      await fleet.nodes.n1!.client.startProcess(namespec, true);
      await until(fleet.service, () => fleet.service.store.state.processes[namespec]?.state === 'RUNNING');
    }
    socket.close();
    report("process stopped behind supfleet's back, seen by a socket.io client after (poll 0.3 s)", push);
  } finally {
    await fleet.stop();
  }
}

function reducerCost(): void {
  const ids = ['n1'];
  const rules = loadRules([{ file: 'r.xml', text: RULES }], ids).rules!;
  let state = createFleet([{ id: 'n1', host: '127.0.0.1', port: 1, node: 'n1' }], rules);
  const processes: SupervisordProcessInfo[] = Array.from({ length: 500 }, (_, i) => ({
    name: `p${i}`,
    group: 'app',
    description: 'pid 1, uptime 0:00:01',
    start: 1000,
    stop: 0,
    now: 1001,
    state: 20,
    statename: 'RUNNING',
    spawnerr: '',
    exitstatus: 0,
    logfile: '',
    stdout_logfile: '',
    stderr_logfile: '',
    pid: 1,
  }));
  const configs = processes.map((p) => ({
    name: p.name,
    group: p.group,
    autostart: false,
    command: 'x',
    exitcodes: [0],
    startsecs: 1,
    stopwaitsecs: 10,
    priority: 999,
  }));
  state = fleetReducer(state, {
    type: 'instance:synced',
    instance: 'n1',
    at: 0,
    identification: 'x',
    configs,
    processes,
  }).state;
  const samples: number[] = [];
  for (let i = 0; i < 50; i += 1) {
    const start = performance.now();
    state = fleetReducer(state, { type: 'instance:polled', instance: 'n1', at: i, processes }).state;
    samples.push(performance.now() - start);
  }
  report('fleet model: one poll of 500 unchanged processes', samples.slice(-9));
}

// `npm run bench -- --fleet 20,50 --out bench-fleet.json --fleet-only`: the fleet sizes of the
// fleet bench (default 20, 50, 100; `--fleet 0` skips it), where its JSON goes, and whether the
// small benches above run too (`--kill-only`: only the kill -9 -> lost figures).
const argv = process.argv.slice(2);
const option = (name: string) => {
  const index = argv.indexOf(name);
  return index >= 0 ? argv[index + 1] : undefined;
};
const sizes = (argv.includes('--kill-only') ? '0' : (option('--fleet') ?? '20,50,100'))
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const out = option('--out') ?? 'bench-fleet.json';

try {
  if (argv.includes('--kill-only')) {
    await killToLost(10, true);
    await killToLost(10, false);
  } else if (!argv.includes('--fleet-only')) {
    reducerCost();
    await detection(5);
    await restart(3);
    await restartBench(10);
    await killToLost(10, true);
    await killToLost(10, false);
    buildServer();
    printIdle(await idleBench(60));
    await failoverBench(10);
  }
  const rows: FleetFigures[] = [];
  if (sizes.length > 0) buildServer();
  for (const n of sizes) {
    console.log(`fleet bench: ${n} instances × 20 processes, with and without agents`);
    rows.push(...(await fleetBench(n)));
    // After each size, so that a later failure keeps what was measured.
    printFleetTable(rows);
    writeFileSync(
      out,
      `${JSON.stringify({ machine: machine(), at: new Date().toISOString(), rows }, null, 2)}\n`,
    );
  }
  if (rows.length > 0) console.log(`fleet bench figures written to ${out}`);
} finally {
  await stopAllSupervisords();
}

function machine() {
  return {
    cpus: os.cpus().length,
    model: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 1e9),
    node: process.version,
    kernel: os.release(),
    load: os.loadavg(),
  };
}
