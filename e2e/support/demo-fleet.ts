import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
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
  /** The server's session_ttl (e.g. `15s`), for a test of expiry; the demo's default otherwise. */
  sessionTtl?: string;
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
  const conf = options.sessionTtl ? path.join(runRoot, 'supervisord_demo_ttl.conf') : DEMO_CONF;
  const fleet = await launchBrowserFleet({
    conf,
    runRoot,
    nfsPath,
    nfsDelayMs: options.nfsDelayMs === undefined ? 1000 : options.nfsDelayMs,
    listen: `127.0.0.1:${await freePort()}`,
    // The demo conf starts scen1 by itself (auto_start); these tests press the buttons.
    autoStart: false,
    auth: options.auth ?? false,
    prepare: options.sessionTtl
      ? async () => writeFile(conf, await demoConfWith(`session_ttl = ${options.sessionTtl}`))
      : undefined,
  });
  return { ...fleet, nfsPath };
}

/** The demo conf with one more [supfleet] setting, for a copy elsewhere: the paths it names made absolute. */
async function demoConfWith(setting: string): Promise<string> {
  const etc = path.dirname(DEMO_CONF);
  const lines = (await readFile(DEMO_CONF, 'utf8')).split('\n').map((line) => {
    const entry = /^(files|rules_files)\s*=\s*(.+)$/.exec(line);
    if (!entry) return line;
    const paths = (entry[2] ?? '').split(/\s+/).filter(Boolean);
    return `${entry[1]} = ${paths.map((p) => path.resolve(etc, p)).join(' ')}`;
  });
  const header = lines.indexOf('[supfleet]');
  if (header < 0) throw new Error(`${DEMO_CONF}: no [supfleet] section`);
  lines.splice(header + 1, 0, setting);
  return lines.join('\n');
}
