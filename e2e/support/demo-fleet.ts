import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startFleet } from '../../scripts/lib/fleet.mjs';

const DEMO_CONF = fileURLToPath(
  new URL('../../examples/scenario-1/etc/supervisord_demo.conf', import.meta.url),
);

export interface DemoInstance {
  /** rocky51, rocky52 or rocky53. */
  id: string;
  port: number;
  /** http://127.0.0.1:port of its supervisord. */
  url: string;
  /** Its supervisord's pid, to kill it in a test. */
  pid: number | undefined;
}

export interface DemoFleet {
  /** The server, e.g. http://127.0.0.1:41234. */
  baseURL: string;
  instances: DemoInstance[];
  /** The NFS marker directory the wait programs look for. */
  nfsPath: string;
  /** What the supervisord instances and the server printed, to attach to a failed test. */
  output(): string;
  /** Stops the server, then the supervisord instances, and removes the run directory. */
  stop(): Promise<void>;
}

export interface DemoFleetOptions {
  /** When the NFS marker appears after the start; null: never (the test creates nfsPath). */
  nfsDelayMs?: number | null;
}

/**
 * Scenario 1 as `npm run demo` runs it: three supervisord on 127.0.0.1:61001-61003 (the ports
 * supervisord_demo.conf lists) in a fresh temporary directory, and the server on a free port.
 * Fails, having stopped what it started, when a demo already holds those ports. Call stop() in
 * afterAll; whatever is still running when the worker exits is asked to stop as well.
 */
export async function startDemoFleet(options: DemoFleetOptions = {}): Promise<DemoFleet> {
  const runRoot = await mkdtemp(path.join(os.tmpdir(), 'supfleet-e2e-'));
  const nfsPath = path.join(runRoot, 'nfs');
  const lines: string[] = [];
  const record = (source: string, line: string) => lines.push(`[${source}] ${line}`);
  try {
    const fleet = await startFleet({
      conf: DEMO_CONF,
      runRoot,
      nfsPath,
      nfsDelayMs: options.nfsDelayMs === undefined ? 1000 : options.nfsDelayMs,
      listen: `127.0.0.1:${await freePort()}`,
      onLine: record,
      onUnexpectedExit: (source, code, signal) =>
        record(source, `exited unexpectedly (${signal ?? `code ${code}`})`),
    });
    if (fleet.baseURL === undefined) {
      await fleet.stop();
      throw new Error('the server did not say where it listens');
    }
    return {
      baseURL: fleet.baseURL,
      instances: fleet.instances.map(({ id, port, url, pid }) => ({ id, port, url, pid })),
      nfsPath,
      output: () => lines.join('\n'),
      async stop() {
        await fleet.stop();
        await rm(runRoot, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(runRoot, { recursive: true, force: true });
    throw error;
  }
}
