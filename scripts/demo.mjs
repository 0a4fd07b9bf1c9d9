// `npm run demo`: Scenario 1 on this machine. Three supervisord instances stand for rocky51,
// rocky52 and rocky53, and the supfleet server controls them; `--localhost` runs the developers'
// one-instance configuration instead. Ctrl-C stops everything it started.
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { ensureNpmDependencies, ensureSupervisor, repoRoot, run } from './lib/bootstrap.mjs';
import { SERVER_ENTRY, startFleet } from './lib/fleet.mjs';

const USAGE = `usage: npm run demo -- [--localhost] [--auth] [--listen HOST:PORT] [--no-server] | --ha
  --localhost         one supervisord with every program and no NFS wait (supervisord_localhost.conf)
  --listen HOST:PORT  where the server listens (default: the conf's listen, 127.0.0.1:61100;
                      also from the environment variable SUPFLEET_DEMO_LISTEN)
  --auth              users admin, operator and viewer with random passwords (printed, and in
                      .demo/credentials.json, mode 0600): the page asks for a login; every
                      supervisord asks for a password too, which supfleet passes on
  --no-server         start the supervisord instances only
  --ha                two replicas on 127.0.0.1:61100 and :61101 sharing a throwaway PostgreSQL
                      (lease_ttl = 2 s), the agents pushing to both, nginx in front of both on
                      127.0.0.1:61102 (scripts/demo-ha.mjs)`;

const ETC = path.join(repoRoot, 'examples', 'scenario-1', 'etc');
const DEMO_DIR = path.join(repoRoot, '.demo');
const DEMO_PID = path.join(DEMO_DIR, 'demo.pid');
const SERVER_PID = path.join(DEMO_DIR, 'server.pid');
const CREDENTIALS = path.join(DEMO_DIR, 'credentials.json');
const WEB = path.join(repoRoot, 'apps', 'web');
const LEFTOVER_STOP_MS = 30_000;

async function mtimeMs(file) {
  try {
    return (await stat(file)).mtimeMs;
  } catch {
    return undefined;
  }
}

/** Newest modification time of the files under `dir`; undefined when it does not exist. */
async function newestMtimeMs(dir) {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return undefined;
  }
  let newest = await mtimeMs(dir);
  for (const entry of entries) {
    const child = path.join(dir, entry.name);
    const time = entry.isDirectory() ? await newestMtimeMs(child) : await mtimeMs(child);
    if (time !== undefined && (newest === undefined || time > newest)) newest = time;
  }
  return newest;
}

async function buildWebIfStale() {
  const sources = await newestMtimeMs(path.join(WEB, 'src'));
  if (sources === undefined) {
    console.log('apps/web/src does not exist yet: the server will have no page to serve.');
    return;
  }
  const built = await mtimeMs(path.join(WEB, 'dist', 'index.html'));
  if (built !== undefined && built >= sources) return;
  console.log('==> the web app is not built, or older than apps/web/src: npm run build');
  await run('npm', ['run', 'build']);
}

async function readPid(file) {
  const pid = Number((await readFile(file, 'utf8').catch(() => '')).trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

async function commandOf(pid) {
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  return cmdline.split('\0').filter(Boolean).join(' ');
}

async function isAlive(pid) {
  return (await commandOf(pid)) !== '';
}

/**
 * A demo killed without a chance to clean up (kill -9, closed terminal) leaves its detached
 * supervisord and server running on the demo ports: stop them through the pid files it wrote.
 */
async function stopLeftovers() {
  const demoPid = await readPid(DEMO_PID);
  if (demoPid !== undefined && demoPid !== process.pid && (await commandOf(demoPid)).includes('demo.mjs')) {
    throw new Error(
      `a demo is already running (pid ${demoPid}): stop it first (Ctrl-C in its terminal, or kill ${demoPid})`,
    );
  }
  const nodes = await readdir(DEMO_DIR).catch(() => []);
  const pidFiles = [SERVER_PID, ...nodes.map((node) => path.join(DEMO_DIR, node, 'supervisord.pid'))];
  for (const file of pidFiles) {
    const pid = await readPid(file);
    if (pid === undefined) continue;
    const command = await commandOf(pid);
    if (!/supervisord|main\.ts/.test(command)) continue;
    console.log(`==> stopping pid ${pid}, left running by a previous demo: ${command}`);
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + LEFTOVER_STOP_MS;
    while ((await isAlive(pid)) && Date.now() < deadline) await delay(200);
    if (await isAlive(pid))
      throw new Error(`pid ${pid} did not stop within ${LEFTOVER_STOP_MS} ms; kill it and try again`);
  }
}

function printHints(fleet, localhost) {
  const url = fleet.baseURL;
  const first = fleet.instances[0];
  const { credentials, supervisorCredentials: sup } = fleet;
  const ctl = sup
    ? `supervisorctl -s ${first.url} -u ${sup.username} -p ${sup.password}`
    : `supervisorctl -s ${first.url}`;
  const curl = credentials ? `curl -u admin:${credentials.admin}` : 'curl';
  const logins = credentials
    ? [
        '',
        `Log in (also in ${path.relative(repoRoot, CREDENTIALS)}):`,
        ...['admin', 'operator', 'viewer'].map((role) => `  ${role.padEnd(9)} ${credentials[role]}`),
        `supervisord asks for: ${sup.username} / ${sup.password}`,
      ]
    : [];
  const instances = fleet.instances.map(
    ({ id, url: instanceUrl, runDir }) =>
      `  ${id.padEnd(9)} ${instanceUrl}  logs in ${path.relative(repoRoot, runDir)}/`,
  );
  const conf = path.relative(
    repoRoot,
    path.join(ETC, localhost ? 'supervisord_localhost.conf' : 'supervisord_demo.conf'),
  );
  // The plugin sends supervisorctl's -u / -p to supfleet (its own commands would need supervisord's).
  const pluginCtl = `${localhost ? '' : `SUPFLEET_PORT=${first.port} `}PYTHONPATH=integrations/supervisorctl supervisorctl -c ${conf}${credentials ? ` -u admin -p ${credentials.admin}` : ''}`;
  const tries = [
    '',
    'auto_start = true: scen1 starts by itself once every instance is RUNNING, as with Supvisors',
    localhost
      ? '  (its nine programs at once, nothing waits for NFS: Req 6, 7), and the LED turns green.'
      : '  (the three NFS waits first, then the nine programs: Req 2), and the LED turns green.',
    '  A node killed and brought back has its scen1 processes started again as soon as it answers.',
    '',
    'Try:',
    '  - open the page: scen1 RUNNING, the plan of a restart beside the buttons',
    `  - stop one program behind supfleet's back: ${ctl} stop scen1:scen1_hci`,
    '    the LED turns red, as scen1_hci is required (Req 3)',
    '  - press restart: scen1 restarts on every instance (Req 5)',
    `  - the REST API: ${curl} ${url}/api/v1/instances`,
    `    ${curl} -X POST -H 'Content-Type: application/json' -d '{"wait":true}' ${url}/api/v1/applications/scen1/restart`,
    `  - supervisorctl with supvisorsctl's commands (the conf's [ctlplugin:supfleet] asks ${url ?? 'the server'}):`,
    `    ${pluginCtl} application_info scen1`,
    `    ${pluginCtl} restart_application CONFIG scen1`,
    `  - supfleetctl: npx supfleetctl -s ${url} sstatus`,
  ];
  const lines = [
    '',
    `supfleet demo: ${url ?? '(no server)'}`,
    ...instances,
    ...(url ? tries : []),
    ...logins,
    '',
    'Ctrl-C stops everything.',
  ];
  console.log(lines.join('\n'));
}

async function main() {
  const { values } = parseArgs({
    options: {
      localhost: { type: 'boolean', default: false },
      listen: { type: 'string', default: process.env.SUPFLEET_DEMO_LISTEN },
      'no-server': { type: 'boolean', default: false },
      auth: { type: 'boolean', default: false },
      ha: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (values.ha) {
    if (values.localhost || values.auth || values['no-server'] || values.listen)
      throw new Error('--ha takes no other option');
    await ensureNpmDependencies();
    await ensureSupervisor();
    const { haDemo } = await import('./demo-ha.mjs');
    await haDemo({ buildWebIfStale, stopLeftovers, demoPidFile: DEMO_PID });
    return;
  }
  const localhost = values.localhost;
  let server = !values['no-server'];
  if (server && (await mtimeMs(SERVER_ENTRY)) === undefined) {
    console.log(
      `${path.relative(repoRoot, SERVER_ENTRY)} does not exist yet: starting the supervisord instances only.`,
    );
    server = false;
  }

  await ensureNpmDependencies();
  await ensureSupervisor();
  if (server) await buildWebIfStale();
  await stopLeftovers();
  // Replicas and PostgreSQL of an `--ha` demo that could not clean up (scripts/demo-ha.mjs).
  if ((await mtimeMs(path.join(DEMO_DIR, 'ha.json'))) !== undefined)
    await (await import('./demo-ha.mjs')).stopHaLeftovers();
  await rm(DEMO_DIR, { recursive: true, force: true });

  let fleet;
  let stopping = false;
  const shutdown = async (code) => {
    if (stopping) {
      console.log('still stopping…');
      return;
    }
    stopping = true;
    console.log('\n==> stopping the server, then supervisord (which stops its programs)');
    await fleet?.stop();
    await rm(DEMO_PID, { force: true });
    await rm(SERVER_PID, { force: true });
    console.log('==> demo stopped');
    process.exit(code);
  };
  // Before the fleet is up, a signal ends this process, whose exit hook asks every started
  // process to stop (scripts/lib/fleet.mjs).
  for (const name of ['SIGINT', 'SIGTERM'])
    process.on(name, () => (fleet ? void shutdown(0) : process.exit(130)));

  console.log(
    `==> starting ${localhost ? 'the localhost supervisord' : 'the three supervisord'}${server ? ' and the server' : ''}`,
  );
  await mkdir(DEMO_DIR, { recursive: true });
  await writeFile(DEMO_PID, `${process.pid}\n`);
  fleet = await startFleet({
    conf: path.join(ETC, localhost ? 'supervisord_localhost.conf' : 'supervisord_demo.conf'),
    runRoot: DEMO_DIR,
    nfsPath: localhost ? undefined : path.join(DEMO_DIR, 'nfs'),
    server,
    listen: values.listen,
    auth: values.auth,
    onLine: (source, line) => console.log(`[${source}] ${line}`),
    onUnexpectedExit: (source, code, signal) => {
      console.error(`[${source}] exited unexpectedly (${signal ?? `code ${code}`})`);
      void shutdown(1);
    },
  });
  if (fleet.serverPid !== undefined) await writeFile(SERVER_PID, `${fleet.serverPid}\n`);
  if (fleet.credentials) {
    await writeFile(CREDENTIALS, `${JSON.stringify(fleet.credentials, null, 2)}\n`, { mode: 0o600 });
  }
  printHints(fleet, localhost);
}

main().catch(async (error) => {
  console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
  if ((await readPid(DEMO_PID)) === process.pid) await rm(DEMO_PID, { force: true });
  process.exit(1);
});
