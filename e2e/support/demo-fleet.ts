import { randomBytes } from 'node:crypto';
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

/** The passwords of the users of an auth-enabled fleet. */
export type DemoCredentials = Record<'admin' | 'operator' | 'viewer', string>;

export interface DemoFleet extends BrowserFleet {
  /** The NFS marker directory the wait programs look for. */
  nfsPath: string;
  /** With `auth`: the users admin, operator and viewer and their passwords. */
  credentials?: DemoCredentials;
}

export interface DemoFleetOptions {
  /** When the NFS marker appears after the start; null: never (the test creates nfsPath). */
  nfsDelayMs?: number | null;
  /**
   * Users and logins: the server gets a database of its own in the run directory, `admin` as the
   * config's admin (api_username), and `operator` and `viewer` created by it through the API.
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
  const credentials: DemoCredentials | undefined = options.auth
    ? { admin: secret(), operator: secret(), viewer: secret() }
    : undefined;
  const conf = credentials ? path.join(runRoot, 'supervisord_demo_auth.conf') : DEMO_CONF;
  const fleet = await launchBrowserFleet({
    conf,
    runRoot,
    nfsPath,
    nfsDelayMs: options.nfsDelayMs === undefined ? 1000 : options.nfsDelayMs,
    listen: `127.0.0.1:${await freePort()}`,
    prepare: credentials
      ? async () => writeFile(conf, await authConf(runRoot, credentials.admin), { mode: 0o600 })
      : undefined,
  });
  if (!credentials) return { ...fleet, nfsPath };
  try {
    for (const role of ['operator', 'viewer'] as const) {
      await addUser(fleet.baseURL, credentials.admin, role, credentials[role]);
    }
  } catch (error) {
    await fleet.stop();
    throw error;
  }
  return { ...fleet, nfsPath, credentials };
}

function secret(): string {
  return randomBytes(12).toString('base64url');
}

/**
 * The demo conf for a server with users: its database in the run directory (not the one beside
 * the example, shared by the runs without users), `admin` as api_username, and the paths it names
 * made absolute since the copy lives elsewhere. supervisord reads the same copy.
 */
async function authConf(runRoot: string, adminPassword: string): Promise<string> {
  const etc = path.dirname(DEMO_CONF);
  const text = await readFile(DEMO_CONF, 'utf8');
  const lines = text.split('\n').map((line) => {
    const setting = /^(files|rules_files)\s*=\s*(.+)$/.exec(line);
    if (!setting) return line;
    const paths = (setting[2] ?? '').split(/\s+/).filter(Boolean);
    return `${setting[1]} = ${paths.map((p) => path.resolve(etc, p)).join(' ')}`;
  });
  const header = lines.indexOf('[supfleet]');
  if (header < 0) throw new Error(`${DEMO_CONF}: no [supfleet] section`);
  lines.splice(
    header + 1,
    0,
    `data_dir = ${path.join(runRoot, 'supfleet-data')}`,
    'api_username = admin',
    `api_password = ${adminPassword}`,
  );
  return lines.join('\n');
}

async function addUser(baseURL: string, adminPassword: string, username: string, password: string) {
  const response = await fetch(`${baseURL}/api/v1/users`, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(`admin:${adminPassword}`).toString('base64')}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({ username, role: username, password }),
  });
  if (!response.ok)
    throw new Error(`cannot add the user ${username}: ${response.status} ${await response.text()}`);
}
