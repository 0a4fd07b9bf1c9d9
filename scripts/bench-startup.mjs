// `npm run bench:startup`: time from `spawn` to the first answer of GET /healthz, for the built
// server (node apps/server/dist/main.mjs, what `supfleet serve` and `npm start` run) and for the
// TypeScript sources through tsx. Run `npm run build:server` first. Prints median and max of N runs.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.RUNS ?? 7);

/** Starts the server, polls /healthz every 10 ms; resolves with the ms from spawn to a 200. */
async function startupMs(command, args) {
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, SUPFLEET_LOG_FORMAT: 'json' },
  });
  let url;
  child.stdout.on('data', (chunk) => {
    url ??= /listening on (http:\/\/[\d.:]+)/.exec(String(chunk))?.[1];
  });
  try {
    for (;;) {
      if (performance.now() - started > 30_000) throw new Error(`${args.join(' ')}: not serving after 30 s`);
      if (url) {
        const ok = await fetch(`${url}/healthz`).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) return performance.now() - started;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

const dir = mkdtempSync(path.join(tmpdir(), 'supfleet-startup-'));
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
    const times = [];
    for (let i = 0; i < RUNS; i++) times.push(await startupMs(command, args));
    times.sort((a, b) => a - b);
    console.log(
      `${name}: start-up to serving median ${Math.round(times[Math.floor(RUNS / 2)])} ms, max ${Math.round(times.at(-1))} ms (${RUNS} runs)`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
