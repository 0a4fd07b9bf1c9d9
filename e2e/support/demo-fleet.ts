import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../scripts/lib/fleet.mjs';
import { launchBrowserFleet, type BrowserFleet, type FleetInstance } from './browser-fleet';

const DEMO_CONF = fileURLToPath(
  new URL('../../examples/scenario-1/etc/supervisord_demo.conf', import.meta.url),
);

export type DemoInstance = FleetInstance;

export interface DemoFleet extends BrowserFleet {
  /** The NFS marker directory the wait programs look for. */
  nfsPath: string;
}

export interface DemoFleetOptions {
  /** When the NFS marker appears after the start; null: never (the test creates nfsPath). */
  nfsDelayMs?: number | null;
  /**
   * As `npm run demo -- --auth`: the users admin, operator and viewer (`credentials`), a database
   * of the run's own, and supervisord that ask for credentials; the page asks for a login.
   */
  auth?: boolean;
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
  const fleet = await launchBrowserFleet({
    conf: DEMO_CONF,
    runRoot,
    nfsPath,
    nfsDelayMs: options.nfsDelayMs === undefined ? 1000 : options.nfsDelayMs,
    listen: `127.0.0.1:${await freePort()}`,
    auth: options.auth ?? false,
  });
  return { ...fleet, nfsPath };
}
