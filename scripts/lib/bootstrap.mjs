// Gets a checkout ready to run: npm dependencies and the Debian packages the tests and the demo
// need. Node built-ins only, because this runs before `npm ci`.
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A command that exited non-zero or was killed; `output` holds what it printed when captured. */
export class CommandError extends Error {
  constructor(command, exitCode, signal, output) {
    super(`${command} ${signal ? `was killed by ${signal}` : `exited with code ${exitCode}`}`);
    this.name = 'CommandError';
    this.command = command;
    this.exitCode = exitCode;
    this.signal = signal;
    this.output = output;
  }
}

/**
 * Runs a command with its output streamed to ours. With `capture: true` the output is also
 * collected and returned (stdout and stderr interleaved), for callers that read test counts.
 * Rejects with a CommandError on a non-zero exit.
 */
export function run(cmd, args = [], { cwd = repoRoot, env = process.env, capture = false } = {}) {
  const command = [cmd, ...args].join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: capture ? ['inherit', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    if (capture) {
      child.stdout.on('data', (chunk) => {
        process.stdout.write(chunk);
        output += chunk.toString();
      });
      child.stderr.on('data', (chunk) => {
        process.stderr.write(chunk);
        output += chunk.toString();
      });
    }
    child.on('error', (error) =>
      reject(new CommandError(`${command} (${error.message})`, 127, null, output)),
    );
    child.on('close', (code, signal) => {
      if (code === 0) resolve({ output });
      else reject(new CommandError(command, code, signal, output));
    });
  });
}

async function mtimeMs(file) {
  try {
    return (await stat(file)).mtimeMs;
  } catch {
    return undefined;
  }
}

async function isExecutable(file) {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Runs `npm ci` when node_modules is missing or older than package-lock.json. */
export async function ensureNpmDependencies(root = repoRoot) {
  const lockTime = await mtimeMs(path.join(root, 'package-lock.json'));
  if (lockTime === undefined) throw new Error(`${root} has no package-lock.json`);
  // npm writes node_modules/.package-lock.json last, after package-lock.json; the directory's own
  // mtime only changes when an entry is added or removed, so it can look older after an install.
  const installedTime =
    (await mtimeMs(path.join(root, 'node_modules', '.package-lock.json'))) ??
    (await mtimeMs(path.join(root, 'node_modules')));
  if (installedTime !== undefined && installedTime >= lockTime) return;
  console.log(
    installedTime === undefined
      ? '==> node_modules is missing: npm ci'
      : '==> package-lock.json is newer than node_modules: npm ci',
  );
  await run('npm', ['ci'], { cwd: root });
}

let aptUpdate;

/**
 * Installs a Debian package when `binary` is missing. Not being root, prints the command to run
 * and exits 1: a half-ready environment would only fail later with a vaguer message.
 */
export async function ensureDebianPackage(binary, pkg) {
  if (await isExecutable(binary)) return;
  await installDebianPackage(pkg, binary);
  if (!(await isExecutable(binary))) throw new Error(`${pkg} is installed but ${binary} is still missing`);
}

async function installDebianPackage(pkg, missing, { startsService = false } = {}) {
  if (process.getuid?.() !== 0) {
    console.error(
      `${missing} is missing. Install the Debian package ${pkg} as root, then run this again:\n` +
        `  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y ${pkg}`,
    );
    process.exit(1);
  }
  console.log(`==> ${missing} is missing: installing the Debian package ${pkg}`);
  aptUpdate ??= run('apt-get', ['update']);
  await aptUpdate;
  const install = () =>
    run('apt-get', ['install', '-y', pkg], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (startsService) await withoutServiceStarts(install);
  else await install();
}

const POLICY_RC_D = '/usr/sbin/policy-rc.d';

/**
 * Runs an install during which Debian's maintainer scripts may not start a service: a package
 * such as nginx would otherwise start the machine's own server (on port 80) as it installs.
 * invoke-rc.d and deb-systemd-invoke ask policy-rc.d first, and exit code 101 says "not now"
 * (the way Debian's container images keep services down). An existing policy-rc.d is left as it is.
 */
async function withoutServiceStarts(install) {
  if (await isExecutable(POLICY_RC_D)) return install();
  await writeFile(
    POLICY_RC_D,
    "#!/bin/sh\n# Written by supfleet's bootstrap for one install: start no service.\nexit 101\n",
    {
      mode: 0o755,
    },
  );
  try {
    return await install();
  } finally {
    await rm(POLICY_RC_D, { force: true });
  }
}

export const SUPERVISORD = '/usr/bin/supervisord';
export const CHROMIUM = '/usr/bin/chromium';

export function ensureSupervisor() {
  return ensureDebianPackage(SUPERVISORD, 'supervisor');
}

export function ensureChromium() {
  return ensureDebianPackage(CHROMIUM, 'chromium');
}

export const NGINX = '/usr/sbin/nginx';

/**
 * Debian's nginx, for the browser test behind a load balancer: it runs an nginx of its own (its
 * own prefix, config and free port), so the machine's nginx service is never started, nor needed.
 */
export async function ensureNginx() {
  if (await isExecutable(NGINX)) return;
  await installDebianPackage('nginx', NGINX, { startsService: true });
  if (!(await isExecutable(NGINX))) throw new Error(`nginx is installed but ${NGINX} is still missing`);
}

const POSTGRES_LIB = '/usr/lib/postgresql';

/** Debian's PostgreSQL server binaries (initdb, pg_ctl), of whichever major version is installed. */
async function postgresInstalled() {
  const versions = await readdir(POSTGRES_LIB).catch(() => []);
  for (const version of versions)
    if (await isExecutable(path.join(POSTGRES_LIB, version, 'bin', 'initdb'))) return true;
  return false;
}

/**
 * The store's tests start throwaway PostgreSQL servers of their own (initdb in a temporary
 * directory, a free port): only the binaries are needed, never the machine's own cluster.
 */
export async function ensurePostgres() {
  if (await postgresInstalled()) return;
  await installDebianPackage('postgresql', `${POSTGRES_LIB}/*/bin/initdb`);
  if (!(await postgresInstalled()))
    throw new Error(`postgresql is installed but ${POSTGRES_LIB}/*/bin/initdb is still missing`);
}

/**
 * What the tests need: npm dependencies, supervisord, PostgreSQL's binaries and, for the browser
 * tests, Chromium and nginx (the test behind a load balancer runs an nginx of its own).
 */
export async function ensureTestTools({ browser = true } = {}) {
  await ensureNpmDependencies();
  await ensureSupervisor();
  await ensurePostgres();
  if (browser) {
    await ensureChromium();
    await ensureNginx();
  }
}
