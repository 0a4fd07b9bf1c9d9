// The idle cost of the demo's shape: 3 supervisord, 10 processes each, nothing happening, the
// built server as its own process with the shipped settings (poll 1 s, resync 10 s), the node
// agents at their default 5 s heartbeat with statistics. Measured from /proc (utime + stime of
// the server process), in CPU-seconds per minute, with the agents and then without them.
// `npx tsx scripts/bench-idle.ts [seconds] [--settle S] [--profile DIR] [--agents-only]` runs it
// alone (`--settle`: seconds of idle before the window, 60; `--profile`: a `node --cpu-prof`
// profile of each server, written to DIR).
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startSupervisord, stopAllSupervisords } from '@supfleet/supervisor-client/testing';
import { agentSection } from '../apps/server/src/__tests__/fleet-fixture';
import {
  startServiceProcess,
  stopServiceProcess,
  writeServiceConfig,
  type ServiceProcess,
} from '../apps/server/src/__tests__/service-process';
import { CLK_TCK, ticks } from './bench-fleet';

const INSTANCES = 3;
const PROCESSES = 10;
const AGENT = 'supfleet:supfleet';

export interface IdleFigures {
  agents: boolean;
  /** Server CPU (utime + stime) per minute of idle, seconds. */
  cpuSecondsPerMinute: number;
  /** Times a thread of the server went to sleep and was woken, per second (all threads). */
  wakeupsPerSecond: number;
  windowS: number;
}

/** Voluntary context switches of every thread of a process. */
function switches(pid: number): number {
  let total = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const status = readFileSync(`/proc/${pid}/task/${task}/status`, 'utf8');
    total += Number(/^voluntary_ctxt_switches:\s+(\d+)$/m.exec(status)?.[1] ?? 0);
  }
  return total;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, predicate: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`idle bench: timed out waiting for ${what}`);
    await sleep(250);
  }
}

async function instances(url: string): Promise<{ state: string; agent: boolean }[]> {
  return (await (await fetch(`${url}/api/v1/instances`)).json()) as { state: string; agent: boolean }[];
}

/**
 * Server CPU over `windowS` of idle, once `settleS` have passed since everything settled: in its
 * first minute V8 still compiles and shrinks its heap with full collections (0.33 CPU-s a minute
 * measured 20 s after the start, 0.22 after 90 s, same code).
 */
async function idleCpu(
  server: ServiceProcess,
  windowS: number,
  settleS: number,
): Promise<Pick<IdleFigures, 'cpuSecondsPerMinute' | 'wakeupsPerSecond'>> {
  await sleep(settleS * 1000);
  const pid = server.child.pid!;
  const before = ticks(pid);
  const woken = switches(pid);
  await sleep(windowS * 1000);
  return {
    cpuSecondsPerMinute: ((ticks(pid) - before) / CLK_TCK) * (60 / windowS),
    wakeupsPerSecond: (switches(pid) - woken) / windowS,
  };
}

export async function idleBench(
  windowS = 60,
  options: { profileDir?: string; agentsOnly?: boolean; settleS?: number } = {},
): Promise<IdleFigures[]> {
  const { profileDir, agentsOnly = false, settleS = 60 } = options;
  const port = await freePort();
  const agentUrl = `http://127.0.0.1:${port}`;
  const dir = mkdtempSync(join(tmpdir(), 'supfleet-idle-'));
  let server: ServiceProcess | undefined;
  const launch = async (config: string, name: string) => {
    const profiling = profileDir
      ? [
          '--cpu-prof',
          '--cpu-prof-interval=2000',
          `--cpu-prof-dir=${profileDir}`,
          `--cpu-prof-name=${name}.cpuprofile`,
        ]
      : [];
    server = await startServiceProcess(config, 'built', profiling);
    return server;
  };
  try {
    const ids = Array.from({ length: INSTANCES }, (_, i) => `n${i + 1}`);
    const nodes = await Promise.all(
      ids.map((id) => {
        const programs: Record<string, Record<string, string | number | boolean>> = {};
        const names = Array.from({ length: PROCESSES }, (_, p) => `${id}_p${p}`);
        for (const name of names) {
          programs[`program:${name}`] = { command: '/bin/sleep 100000', autostart: true, startsecs: 0 };
        }
        programs['group:app'] = { programs: names.join(',') };
        programs['eventlistener:supfleet'] = agentSection(agentUrl, id);
        return startSupervisord({ programs, name: id });
      }),
    );
    writeFileSync(join(dir, 'rules.xml'), '<root/>');
    const config = writeServiceConfig(dir, {
      supvisors_list: ids.map((id, i) => `<${id}>127.0.0.1:${nodes[i]!.port}`).join(','),
      rules_files: 'rules.xml',
      listen: `127.0.0.1:${port}`,
      data_dir: join(dir, 'data'),
      poll_period: 1,
      resync_period: 10,
    });
    const figures: IdleFigures[] = [];
    const withAgents = await launch(config, 'agents');
    await waitFor('the agents', async () => (await instances(withAgents.url)).every((i) => i.agent));
    figures.push({ agents: true, ...(await idleCpu(withAgents, windowS, settleS)), windowS });
    await stopServiceProcess(withAgents);
    server = undefined;
    if (agentsOnly) return figures;

    await Promise.all(nodes.map((node) => node.client.stopProcess(AGENT, true)));
    const polling = await launch(config, 'polling');
    await waitFor('the instances', async () =>
      (await instances(polling.url)).every((i) => i.state === 'RUNNING'),
    );
    figures.push({ agents: false, ...(await idleCpu(polling, windowS, settleS)), windowS });
    return figures;
  } finally {
    if (server) await stopServiceProcess(server);
    await stopAllSupervisords();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printIdle(figures: IdleFigures[]): void {
  for (const f of figures) {
    console.log(
      `idle, ${INSTANCES} instances × ${PROCESSES} processes, agents ${f.agents ? 'on ' : 'off'}: ` +
        `${f.cpuSecondsPerMinute.toFixed(3)} CPU-s of the server per minute, ` +
        `${f.wakeupsPerSecond.toFixed(1)} wake-ups a second (${f.windowS} s window)`,
    );
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const profile = argv.indexOf('--profile');
  const profileDir = profile >= 0 ? argv[profile + 1] : undefined;
  const seconds = Number(
    argv.find((a, i) => /^\d+$/.test(a) && argv[i - 1] !== '--profile' && argv[i - 1] !== '--settle') ?? 60,
  );
  const settle = argv.indexOf('--settle');
  const settleS = settle >= 0 ? Number(argv[settle + 1]) : undefined;
  printIdle(await idleBench(seconds, { profileDir, agentsOnly: argv.includes('--agents-only'), settleS }));
}
