import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../clock/clock';

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));
const BUILT = fileURLToPath(new URL('../../dist/main.mjs', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export interface ServiceProcess {
  url: string;
  child: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
  /** Resolves with its exit code (null when killed by a signal) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Writes a supfleet config (the [supfleet] section only; `listen` any free port of loopback unless
 * given) into `dir` and returns its path.
 */
export function writeServiceConfig(dir: string, settings: Record<string, string | number>): string {
  const file = join(dir, 'supfleet.conf');
  const lines = Object.entries({ listen: '127.0.0.1:0', ...settings }).map(
    ([key, value]) => `${key} = ${value}`,
  );
  writeFileSync(file, `[supfleet]\n${lines.join('\n')}\n`);
  return file;
}

/**
 * The real service in a process of its own, so that a test can kill -9 or SIGTERM it: main.ts
 * through tsx, or the bundle `node scripts/build.mjs` wrote (what `supfleet serve` runs).
 */
export function startServiceProcess(
  config: string,
  entry: 'sources' | 'built' = 'sources',
  /** Options of node itself (a bench's `--cpu-prof`). */
  nodeArgs: string[] = [],
): Promise<ServiceProcess> {
  // node itself with tsx's loader (not the tsx command, whose child would outlive a kill -9).
  const main = entry === 'built' ? [BUILT] : ['--import', 'tsx', MAIN];
  const child = spawn(process.execPath, [...nodeArgs, ...main, '--config', config], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const timer = systemClock.schedule(() => {
      child.kill('SIGKILL');
      reject(new Error(`the service did not start:\n${text}`));
    }, 30_000);
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const match = /supfleet listening on (https?:\/\/[^\s"]+)/.exec(text);
      if (match) {
        systemClock.cancel(timer);
        resolve({ url: match[1]!, child, output: () => text, exited });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then(() => {
      systemClock.cancel(timer);
      reject(new Error(`the service exited before it listened:\n${text}`));
    });
  });
}

/** SIGTERM, then SIGKILL if it has not exited after `killAfterMs`; resolves once it exited. */
export async function stopServiceProcess(
  service: ServiceProcess,
  killAfterMs = 15_000,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  service.child.kill('SIGTERM');
  const timer = systemClock.schedule(() => service.child.kill('SIGKILL'), killAfterMs);
  try {
    return await service.exited;
  } finally {
    systemClock.cancel(timer);
  }
}
