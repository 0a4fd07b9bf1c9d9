import { rm } from 'node:fs/promises';
import { startFleet } from '../../scripts/lib/fleet.mjs';

export interface FleetInstance {
  id: string;
  port: number;
  /** http://127.0.0.1:port of its supervisord. */
  url: string;
  /** Its supervisord's pid, to pause or kill it in a test. */
  pid: number | undefined;
}

export interface BrowserFleet {
  /** The server, e.g. http://127.0.0.1:41234. */
  baseURL: string;
  instances: FleetInstance[];
  /** What the supervisord instances and the server printed, to attach to a failed test. */
  output(): string;
  /** With auth: the passwords of the users admin, operator and viewer. */
  credentials?: { admin: string; operator: string; viewer: string };
  /** Stops the server, then the supervisord instances, and removes the run directory. */
  stop(): Promise<void>;
}

/**
 * Starts the supervisord instances of a conf's supvisors_list and the server, all run from
 * `runRoot`, for a browser test. `prepare` writes what the conf needs there first. On any
 * failure everything started is stopped and `runRoot` is removed.
 */
export async function launchBrowserFleet(options: {
  conf: string;
  runRoot: string;
  listen: string;
  nfsPath?: string;
  nfsDelayMs?: number | null;
  /** Users admin / operator / viewer, and supervisord that ask for credentials (startFleet's auth). */
  auth?: boolean;
  prepare?: () => Promise<void>;
}): Promise<BrowserFleet> {
  const { runRoot, prepare, ...fleetOptions } = options;
  const lines: string[] = [];
  const record = (source: string, line: string) => lines.push(`[${source}] ${line}`);
  try {
    await prepare?.();
    const fleet = await startFleet({
      ...fleetOptions,
      runRoot,
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
      ...(fleet.credentials ? { credentials: fleet.credentials } : {}),
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
