// `npm run bench:startup`: how long the server takes to serve, for the built server (node
// apps/server/dist/main.mjs, what `supfleet serve` and `npm start` run) and for the TypeScript
// sources through tsx. Run `npm run build:server` first. For each: the wall time from spawn to the
// first answer of GET /healthz, and the CPU time the server used until it listened (its own log
// line says it), which a loaded machine inflates much less. Medians of RUNS runs (default 7).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.RUNS ?? 7);

/** Starts the server, polls /healthz every 10 ms; resolves with the wall and CPU times. */
async function startup(command, args) {
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, SUPFLEET_LOG_FORMAT: 'json' },
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  try {
    for (;;) {
      if (performance.now() - started > 30_000) throw new Error(`${args.join(' ')}: not serving after 30 s`);
      const url = /listening on (http:\/\/[\d.:]+)/.exec(output)?.[1];
      if (url) {
        const ok = await fetch(`${url}/healthz`).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) {
          const cpuMs = Number(/"startupCpuMs":(\d+)/.exec(output)?.[1] ?? NaN);
          return { wallMs: performance.now() - started, cpuMs };
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const dir = mkdtempSync(path.join(os.tmpdir(), 'supfleet-startup-'));
const conf = path.join(dir, 'supfleet.conf');
// One instance nobody answers for: the start-up does not wait for supervisord.
writeFileSync(conf, '[supfleet]\nsupvisors_list = <a>127.0.0.1:9\nlisten = 127.0.0.1:0\n');
try {
  for (const [name, command, args] of [
    ['built (node apps/server/dist/main.mjs)', process.execPath, ['apps/server/dist/main.mjs', '-c', conf]],
    [
      'sources (tsx apps/server/src/main.ts)',
      path.join(repoRoot, 'node_modules/.bin/tsx'),
      ['apps/server/src/main.ts', '-c', conf],
    ],
  ]) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await startup(command, args));
    const wall = runs.map((r) => r.wallMs);
    const cpu = runs.map((r) => r.cpuMs).filter((ms) => Number.isFinite(ms));
    console.log(
      `${name}: spawn to the first /healthz answer median ${Math.round(median(wall))} ms ` +
        `(max ${Math.round(Math.max(...wall))} ms); CPU time until it listens median ` +
        `${cpu.length > 0 ? Math.round(median(cpu)) : '?'} ms; ${RUNS} runs, load average ${os.loadavg()[0].toFixed(1)}`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
