// `npm run demo -- --ha`: Scenario 1 with two replicas of the server sharing one PostgreSQL.
// A throwaway PostgreSQL (Debian's binaries, a temporary data directory, a free port, never the
// machine's own cluster; as the user postgres when run as root), the three supervisord of the
// demo with their agents pushing to both replicas, and two replicas of the built server on
// 127.0.0.1:61100 and 127.0.0.1:61101 with lease_ttl = 2 s, so that a failover is quick to watch,
// and Debian's nginx in front of both on 127.0.0.1:61102 (docs/ha.md, "Deployment on two hosts").
// Ctrl-C stops everything and removes the temporary directories. Node built-ins only.
import { execFile, spawn } from 'node:child_process';
import { chown, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import { ensureNginx, ensurePostgres, repoRoot, run } from './lib/bootstrap.mjs';
import { describeOwner, freePort, portOwner, readFleetConf, startFleet } from './lib/fleet.mjs';
import { startNginx } from './lib/nginx.mjs';

const execFileAsync = promisify(execFile);
const ETC = path.join(repoRoot, 'examples', 'scenario-1', 'etc');
const CONF = path.join(ETC, 'supervisord_demo.conf');
const DEMO_DIR = path.join(repoRoot, '.demo');
/** What a demo killed without cleaning up left: replica pids, PostgreSQL's data directory, temp dirs. */
const HA_STATE = path.join(DEMO_DIR, 'ha.json');
const BUILT = path.join(repoRoot, 'apps', 'server', 'dist', 'main.mjs');
export const REPLICA_PORTS = [61100, 61101];
/** nginx in front of both replicas. */
export const BALANCER_PORT = 61102;
export const LEASE_TTL_S = 2;
const REPLICA_READY_MS = 60_000;
const REPLICA_STOP_MS = 10_000;

const isRoot = () => process.getuid?.() === 0;

/** The newest PostgreSQL major version's bin directory (Debian: /usr/lib/postgresql/<v>/bin). */
async function postgresBin() {
  const root = '/usr/lib/postgresql';
  const versions = (await readdir(root).catch(() => [])).filter((v) => /^\d+$/.test(v));
  versions.sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) throw new Error(`no PostgreSQL in ${root}`);
  return path.join(root, versions[0], 'bin');
}

/** Runs a PostgreSQL binary, as the user postgres when we are root (PostgreSQL refuses root). */
async function pg(bin, command, args) {
  const file = path.join(bin, command);
  const [cmd, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
  try {
    // A session of its own: a terminal's Ctrl-C must not reach PostgreSQL before the replicas stop.
    return await execFileAsync(cmd, argv, { cwd: os.tmpdir(), detached: true });
  } catch (error) {
    throw new Error(`${command} failed: ${(error.stderr || error.message).trim()}`, { cause: error });
  }
}

/** initdb in a temporary directory, pg_ctl start on a free port of 127.0.0.1, createdb supfleet. */
async function startPostgres(state) {
  const bin = await postgresBin();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'supfleet-demo-pg-'));
  state.postgresDir = dir;
  await saveState(state);
  if (isRoot()) {
    const { stdout: uid } = await execFileAsync('id', ['-u', 'postgres']);
    const { stdout: gid } = await execFileAsync('id', ['-g', 'postgres']);
    await chown(dir, Number(uid), Number(gid));
  }
  const data = path.join(dir, 'data');
  await pg(bin, 'initdb', [
    '-D',
    data,
    '-U',
    'supfleet',
    '-A',
    'trust',
    '-E',
    'UTF8',
    '--locale=C',
    '--no-sync',
  ]);
  let port = await freePort();
  while (port === 5432) port = await freePort();
  await pg(bin, 'pg_ctl', [
    '-D',
    data,
    '-l',
    path.join(dir, 'server.log'),
    '-w',
    '-t',
    '60',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`,
    'start',
  ]);
  state.postgresData = data;
  await saveState(state);
  await pg(bin, 'createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'supfleet', 'supfleet']);
  return { url: `postgresql://supfleet@127.0.0.1:${port}/supfleet`, dir, data, bin };
}

async function stopPostgres(bin, data) {
  await pg(bin, 'pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '20', 'stop']).catch(() => undefined);
}

async function saveState(state) {
  await mkdir(DEMO_DIR, { recursive: true });
  await writeFile(HA_STATE, `${JSON.stringify(state, null, 2)}\n`);
}

async function commandOf(pid) {
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  return cmdline.split('\0').filter(Boolean).join(' ');
}

/** Replicas, nginx, PostgreSQL and temporary directories left by an HA demo that could not clean up. */
export async function stopHaLeftovers() {
  const state = JSON.parse(await readFile(HA_STATE, 'utf8').catch(() => '{}'));
  for (const pid of state.replicaPids ?? []) {
    if (!(await commandOf(pid)).includes('dist/main.mjs')) continue;
    console.log(`==> stopping replica pid ${pid}, left running by a previous demo`);
    process.kill(pid, 'SIGKILL');
  }
  if (state.nginxPid && (await commandOf(state.nginxPid)).includes(state.nginxDir)) {
    console.log(`==> stopping nginx pid ${state.nginxPid}, left running by a previous demo`);
    // Its workers are in its process group.
    process.kill(-state.nginxPid, 'SIGKILL');
  }
  if (state.postgresData) {
    console.log(`==> stopping the PostgreSQL of a previous demo (${state.postgresData})`);
    await stopPostgres(await postgresBin(), state.postgresData);
  }
  for (const dir of [state.postgresDir, state.replicasDir, state.nginxDir].filter(Boolean))
    await rm(dir, { recursive: true, force: true });
  await rm(HA_STATE, { force: true });
}

/** One replica: the built server, in a process group of its own, its lines prefixed. */
function startReplica(name, config, onExit) {
  const child = spawn(process.execPath, [BUILT, '--config', config], {
    cwd: repoRoot,
    env: { SUPFLEET_LOG_FORMAT: 'pretty', ...process.env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const replica = { name, child, running: true };
  let ready;
  replica.listening = new Promise((resolve, reject) => {
    ready = { resolve, reject };
    setTimeout(
      () => reject(new Error(`${name} did not listen within ${REPLICA_READY_MS} ms`)),
      REPLICA_READY_MS,
    ).unref();
  });
  const take = (line) => {
    console.log(`[${name}] ${line}`);
    if (/supfleet listening on /.test(line)) ready.resolve();
  };
  readline.createInterface({ input: child.stdout }).on('line', take);
  readline.createInterface({ input: child.stderr }).on('line', take);
  replica.exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      replica.running = false;
      ready.reject(new Error(`${name} exited (${signal ?? `code ${code}`}) before it listened`));
      onExit(replica, code, signal);
      resolve();
    }),
  );
  return replica;
}

async function stopReplica(replica) {
  if (!replica.running) return;
  replica.child.kill('SIGTERM');
  const stopped = await Promise.race([replica.exited.then(() => true), delay(REPLICA_STOP_MS, false)]);
  if (!stopped) {
    try {
      process.kill(-replica.child.pid, 'SIGKILL');
    } catch {
      // Gone.
    }
    await replica.exited;
  }
}

/** GET /api/v1/service of a replica: { replica, leader, leaderName, epoch }, or undefined. */
export async function serviceOf(url) {
  try {
    const response = await fetch(`${url}/api/v1/service`, { signal: AbortSignal.timeout(2000) });
    return await response.json();
  } catch {
    return undefined;
  }
}

function describe(url, service) {
  if (!service) return `  ${url}  not answering`;
  const role = service.leader ? 'LEADS  ' : 'follows';
  return `  ${url}  ${String(service.replica).padEnd(13)} ${role} leaderName=${service.leaderName ?? '(none)'} epoch=${service.epoch ?? '-'}`;
}

/** The demo itself; `helpers` are demo.mjs's own steps (web build, leftovers of a plain demo). */
export async function haDemo({ buildWebIfStale, stopLeftovers, demoPidFile }) {
  await ensurePostgres();
  await ensureNginx();
  await buildWebIfStale();
  console.log('==> building the server (node scripts/build.mjs)');
  await run(process.execPath, ['scripts/build.mjs']);
  await stopLeftovers();
  await stopHaLeftovers();
  await rm(DEMO_DIR, { recursive: true, force: true });
  for (const port of [...REPLICA_PORTS, BALANCER_PORT]) {
    const owner = await portOwner(port);
    const what = port === BALANCER_PORT ? 'nginx' : 'a replica';
    if (owner) throw new Error(`port ${port}, for ${what}, is already in use by ${describeOwner(owner)}`);
  }

  const state = { replicaPids: [] };
  const urls = REPLICA_PORTS.map((port) => `http://127.0.0.1:${port}`);
  let fleet;
  let postgres;
  let balancer;
  const replicas = [];
  let watcher;
  let stopping = false;
  const shutdown = async (code) => {
    if (stopping) {
      console.log('still stopping…');
      return;
    }
    stopping = true;
    clearInterval(watcher);
    console.log('\n==> stopping the replicas, supervisord (which stops its programs), then PostgreSQL');
    await balancer?.stop();
    await Promise.all(replicas.map(stopReplica));
    await fleet?.stop();
    if (postgres) await stopPostgres(postgres.bin, postgres.data);
    for (const dir of [state.postgresDir, state.replicasDir].filter(Boolean))
      await rm(dir, { recursive: true, force: true });
    await rm(HA_STATE, { force: true });
    await rm(demoPidFile, { force: true });
    console.log('==> demo stopped, temporary directories removed');
    process.exit(code);
  };
  for (const name of ['SIGINT', 'SIGTERM']) process.on(name, () => void shutdown(0));

  try {
    await mkdir(DEMO_DIR, { recursive: true });
    await writeFile(demoPidFile, `${process.pid}\n`);
    console.log('==> starting PostgreSQL in a temporary directory');
    postgres = await startPostgres(state);
    console.log(`==> PostgreSQL: ${postgres.url} (data in ${postgres.data})`);

    console.log('==> starting the three supervisord, their agents pushing to both replicas');
    fleet = await startFleet({
      conf: CONF,
      runRoot: DEMO_DIR,
      nfsPath: path.join(DEMO_DIR, 'nfs'),
      server: false,
      agentUrl: urls.join(','),
      onLine: (source, line) => console.log(`[${source}] ${line}`),
      onUnexpectedExit: (source, code, signal) => {
        console.error(`[${source}] exited unexpectedly (${signal ?? `code ${code}`})`);
        void shutdown(1);
      },
    });

    const { instances } = await readFleetConf(CONF);
    state.replicasDir = await mkdtemp(path.join(os.tmpdir(), 'supfleet-demo-replicas-'));
    await saveState(state);
    console.log(`==> starting two replicas of the server (lease_ttl = ${LEASE_TTL_S} s)`);
    for (const port of REPLICA_PORTS) {
      const name = `replica-${port}`;
      const home = path.join(state.replicasDir, name);
      await mkdir(home);
      const config = path.join(home, 'supfleet.conf');
      const settings = {
        supvisors_list: instances.map(({ id, host, port: p }) => `<${id}>${host}:${p}`).join(','),
        rules_files: path.join(ETC, 'supfleet_rules.xml'),
        listen: `127.0.0.1:${port}`,
        poll_period: 1,
        auto_start: 'true',
        data_dir: path.join(home, 'data'),
        database_url: postgres.url,
        replica_name: name,
        // Short for the demo, so that a failover takes ~2 s; the default is 6 s (docs/ha.md).
        lease_ttl: LEASE_TTL_S,
      };
      await writeFile(
        config,
        `[supfleet]\n${Object.entries(settings)
          .map(([key, value]) => `${key} = ${value}`)
          .join('\n')}\n`,
      );
      const replica = startReplica(name, config, (r, code, signal) => {
        if (stopping) return;
        console.log(
          `==> ${r.name} (pid ${r.child.pid}) exited (${signal ?? `code ${code}`}); ` +
            `the other replica leads once the lease runs out (≤ ${LEASE_TTL_S} s + 1 try). Ctrl-C stops the rest.`,
        );
      });
      replicas.push(replica);
      state.replicaPids.push(replica.child.pid);
      await saveState(state);
      await replica.listening;
    }

    // nginx's own directory is temporary; it dies with the demo (its 'exit' handler), even killed.
    console.log(`==> starting nginx in front of both replicas on 127.0.0.1:${BALANCER_PORT}`);
    balancer = await startNginx(
      urls.map((url) => url.slice('http://'.length)),
      { port: BALANCER_PORT },
    );
    state.nginxPid = balancer.pid;
    state.nginxDir = path.dirname(balancer.conf);
    await saveState(state);

    // Who leads: ask each replica; then say so again whenever it changes.
    let leader;
    for (let i = 0; i < 50 && !leader; i += 1) {
      const services = await Promise.all(urls.map(serviceOf));
      leader = services.find((s) => s?.leader);
      if (!leader) await delay(200);
    }
    const services = await Promise.all(urls.map(serviceOf));
    const leading = urls[services.findIndex((s) => s?.leader)] ?? urls[0];
    const leadingPid = replicas[urls.indexOf(leading)]?.child.pid;
    const other = urls.find((u) => u !== leading);
    console.log(
      [
        '',
        `supfleet HA demo: two replicas, one PostgreSQL (${postgres.url}), lease_ttl = ${LEASE_TTL_S} s`,
        ...urls.map((url, i) => describe(url, services[i])),
        ...fleet.instances.map(
          ({ id, url }) => `  ${id.padEnd(9)} ${url}  agent pushes to ${urls.join(' and ')}`,
        ),
        '',
        'auto_start = true: the leader starts scen1 once every instance is RUNNING (~20 s, the NFS waits first).',
        "The follower shows the same page, live (the leader's jobs too); an action sent to it is run by the leader.",
        '',
        'Try:',
        `  - the page through nginx: ${balancer.url}  (kill -9 the replica its header names: it moves to the other)`,
        `  - the page of either replica: ${urls.join('  ')} (the header names the replica, ✪ the leader)`,
        `  - kill the leader without a goodbye: kill -9 ${leadingPid}`,
        `    then: curl -s ${other}/api/v1/service   (leader: true within ~${LEASE_TTL_S} s)`,
        `    and:  curl -X POST -H 'Content-Type: application/json' -d '{"wait":true}' ${other}/api/v1/applications/scen1/restart`,
        `  - an action sent to the follower: curl -X POST -H 'Content-Type: application/json' -d '{"wait":true}' ${other}/api/v1/applications/scen1/restart   (the leader runs it; the follower answers its job)`,
        '',
        'Ctrl-C stops everything and removes the temporary directories.',
      ].join('\n'),
    );
    let last = services.map((s) => (s ? `${s.leaderName}@${s.epoch}` : 'down')).join(' ');
    watcher = setInterval(async () => {
      const now = await Promise.all(urls.map(serviceOf));
      const key = now.map((s) => (s ? `${s.leaderName}@${s.epoch}` : 'down')).join(' ');
      if (key === last || stopping) return;
      last = key;
      console.log(`==> ${new Date().toISOString().slice(11, 23)} who leads:`);
      for (const [i, url] of urls.entries()) console.log(describe(url, now[i]));
    }, 500);
  } catch (error) {
    console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
    await shutdown(1);
  }
}
