import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { listDescendants } from '../process-tree.js';
import { startSupervisord, stopAllSupervisords, type RunningSupervisord } from '../supervisord.js';

afterAll(stopAllSupervisords);

/** Gone, or a zombie nobody has reaped yet: either way no longer running. */
function isGone(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

async function waitGone(pids: number[], timeoutMs = 3000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let alive = pids.filter((pid) => !isGone(pid));
  while (alive.length > 0 && Date.now() < deadline) {
    await sleep(50);
    alive = alive.filter((pid) => !isGone(pid));
  }
  return alive;
}

/** supervisord's pid and every process below it once its programs run. */
async function processTree(sd: RunningSupervisord, count: number): Promise<number[]> {
  const deadline = Date.now() + 5000;
  let below = listDescendants(sd.pid);
  while (below.length < count && Date.now() < deadline) {
    await sleep(50);
    below = listDescendants(sd.pid);
  }
  expect(below.length).toBeGreaterThanOrEqual(count);
  return [sd.pid, ...below.map((record) => record.pid)];
}

const SLEEPER = { command: 'sleep 1000', startsecs: 0 };
// Ignores SIGTERM, and has a child of its own: supervisord alone would leave both behind.
const STUBBORN = { command: `sh -c 'trap "" TERM; sleep 1000 & wait'`, startsecs: 0, stopwaitsecs: 60 };

describe('startSupervisord', () => {
  it('gives each instance its own port and dir, and passes env and include files through', async () => {
    const includeDir = await mkdtemp(path.join(os.tmpdir(), 'supfleet-include-'));
    try {
      await writeFile(
        path.join(includeDir, 'extra.ini'),
        '[program:included]\ncommand=sleep 1000\nautostart=false\n',
      );
      const [a, b] = await Promise.all([
        startSupervisord({
          programs: {
            'program:greeter': { command: `sh -c 'echo "$GREETING"; exec sleep 1000'`, startsecs: 0 },
          },
          env: { GREETING: 'hello from env' },
          includeFiles: [path.join(includeDir, '*.ini')],
        }),
        startSupervisord(),
      ]);
      expect(a.port).not.toBe(b.port);
      expect(a.dir).not.toBe(b.dir);
      expect((await a.client.getAllConfigInfo()).map((config) => config.name).sort()).toEqual([
        'greeter',
        'included',
      ]);
      let tail = '';
      for (let i = 0; i < 100 && tail === ''; i++, await sleep(50)) {
        tail = (await a.client.tailProcessStdoutLog('greeter', 0, 100)).bytes;
      }
      expect(tail).toBe('hello from env\n');
      await Promise.all([a.stop(), b.stop()]);
    } finally {
      await rm(includeDir, { recursive: true, force: true });
    }
  });

  it('a configuration supervisord rejects fails fast with its own words, and leaves no dir', async () => {
    const marker = `program:broken_${process.pid}`;
    const failure = startSupervisord({ programs: { [marker]: { autostart: false } } });
    await expect(failure).rejects.toThrow(/exited during start-up[\s\S]*does not specify a command/);
    expect(harnessDirsWith(marker)).toEqual([]);
  });
});

describe('stopping leaves nothing behind', () => {
  it('stop() ends supervisord and its programs and removes the dir', async () => {
    const sd = await startSupervisord({ programs: { 'program:a': SLEEPER, 'program:b': SLEEPER } });
    const pids = await processTree(sd, 2);
    await sd.stop();
    expect(await waitGone(pids)).toEqual([]);
    expect(existsSync(sd.dir)).toBe(false);
  });

  it('stop() also kills a program that ignores SIGTERM, and its children', async () => {
    const sd = await startSupervisord({ programs: { 'program:stubborn': STUBBORN }, stopGraceMs: 500 });
    const pids = await processTree(sd, 2);
    await sd.stop();
    expect(await waitGone(pids)).toEqual([]);
  });

  it('kill() is a crash of supervisord that takes its programs with it; stop() then cleans up', async () => {
    const sd = await startSupervisord({ programs: { 'program:stubborn': STUBBORN, 'program:a': SLEEPER } });
    const pids = await processTree(sd, 3);
    await sd.kill();
    expect(await waitGone(pids)).toEqual([]);
    expect(existsSync(sd.dir)).toBe(true);
    await sd.stop();
    expect(existsSync(sd.dir)).toBe(false);
  });

  it('a test process that exits without stopping its supervisord leaves nothing running', async () => {
    const harness = fileURLToPath(new URL('../supervisord.ts', import.meta.url));
    const root = fileURLToPath(new URL('../../../../../', import.meta.url));
    const scriptDir = await mkdtemp(path.join(os.tmpdir(), 'supfleet-forgetful-'));
    try {
      const script = path.join(scriptDir, 'forgetful.mts');
      await writeFile(
        script,
        `import { startSupervisord } from ${JSON.stringify(harness)};
         const sd = await startSupervisord({ programs: { 'program:a': { command: 'sleep 1000', startsecs: 0 } } });
         await sd.client.startProcess('a', true).catch(() => undefined);
         const info = await sd.client.getProcessInfo('a');
         console.log(JSON.stringify({ pids: [sd.pid, info.pid], dir: sd.dir }));`,
      );
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], {
        cwd: root,
      });
      const { pids, dir } = JSON.parse(stdout) as { pids: number[]; dir: string };
      expect(pids.every((pid) => pid > 0)).toBe(true);
      expect(await waitGone(pids)).toEqual([]);
      expect(existsSync(dir)).toBe(false);
    } finally {
      await rm(scriptDir, { recursive: true, force: true });
    }
  });
});

/** Harness dirs whose configuration mentions `marker` (other test runs may share /tmp). */
function harnessDirsWith(marker: string): string[] {
  return readdirSync(os.tmpdir())
    .filter((name) => name.startsWith('supfleet-supervisord-'))
    .filter((name) => {
      try {
        return readFileSync(path.join(os.tmpdir(), name, 'supervisord.conf'), 'utf8').includes(marker);
      } catch {
        return false;
      }
    });
}
