// Starts and stops a fleet on this machine: the supervisord instances a conf's supvisors_list
// names, then the supfleet server. Shared by `npm run demo` and the browser tests. Node
// built-ins only, like the rest of scripts/.
import { spawn } from 'node:child_process';
import { mkdir, readFile, readdir, readlink, rm } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { SUPERVISORD, repoRoot } from './bootstrap.mjs';
import { addDemoUsers, randomPassword, writeAuthConf } from './auth-conf.mjs';

export const SERVER_ENTRY = path.join(repoRoot, 'apps', 'server', 'src', 'main.ts');
const TSX = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
const SUPERVISORD_READY_MS = 20_000;
const SERVER_READY_MS = 60_000;
const SERVER_STOP_MS = 10_000;
// supervisord first stops its programs, each within its stopwaitsecs (5 s in scenario 1).
const SUPERVISORD_STOP_MS = 30_000;
const TAIL_LINES = 40;

/** Minimal INI reading: sections of key/value maps, `;`/`#` comments, indented continuations. */
function parseIni(text) {
  const sections = new Map();
  let section;
  let key;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s[;#].*$/, '');
    if (/^\s*([;#]|$)/.test(line)) continue;
    const header = /^\[([^\]]+)\]/.exec(line);
    if (header) {
      section = new Map();
      sections.set(header[1].trim(), section);
      key = undefined;
    } else if (/^\s/.test(line) && section && key) {
      section.set(key, `${section.get(key)}\n${line.trim()}`);
    } else {
      const entry = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(line);
      if (entry && section) {
        key = entry[1].trim();
        section.set(key, entry[2].trim());
      }
    }
  }
  return sections;
}

/**
 * The instances (`<id>host:port` items of supvisors_list) and the `listen` address of a conf's
 * [supfleet] section (or [rpcinterface:supvisors], as the server accepts both).
 */
export async function readFleetConf(confPath) {
  const sections = parseIni(await readFile(confPath, 'utf8'));
  const supfleet = sections.get('supfleet') ?? sections.get('rpcinterface:supvisors');
  const list = supfleet?.get('supvisors_list');
  if (!list) throw new Error(`${confPath}: no supvisors_list in a [supfleet] section`);
  const defaultPort = Number(sections.get('inet_http_server')?.get('port')?.split(':').pop());
  const instances = list
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((item) => {
      const match = /^(?:<([^>]+)>)?([^:<>]+)(?::(\d+))?$/.exec(item);
      if (!match) throw new Error(`${confPath}: cannot read the supvisors_list item ${item}`);
      const port = match[3] ? Number(match[3]) : defaultPort;
      if (!Number.isInteger(port))
        throw new Error(`${confPath}: no port for the supvisors_list item ${item}`);
      return { id: match[1] ?? match[2], host: match[2], port };
    });
  return { instances, listen: supfleet.get('listen') };
}

function canConnect(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/** The pid whose socket listens on a TCP port, read from /proc (Linux); undefined if unknown. */
async function listeningPid(port) {
  const inodes = new Set();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(table, 'utf8').catch(() => '');
    for (const row of text.split('\n').slice(1)) {
      const fields = row.trim().split(/\s+/);
      const LISTEN = '0A';
      if (fields.length > 9 && fields[3] === LISTEN && parseInt(fields[1].split(':')[1], 16) === port) {
        inodes.add(fields[9]);
      }
    }
  }
  if (inodes.size === 0) return undefined;
  for (const pid of (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry))) {
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => []);
    for (const fd of fds) {
      const link = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      const socket = /^socket:\[(\d+)\]$/.exec(link);
      if (socket && inodes.has(socket[1])) return Number(pid);
    }
  }
  return undefined;
}

/**
 * Who listens on a local port: undefined when nobody, else `{ pid, command }` (both undefined
 * when /proc does not say), so a busy port can be reported with its culprit.
 */
export async function portOwner(port, host = '127.0.0.1') {
  if (!(await canConnect(host, port))) return undefined;
  const pid = await listeningPid(port);
  const cmdline = pid === undefined ? '' : await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  return { pid, command: cmdline.split('\0').filter(Boolean).join(' ') || undefined };
}

export function describeOwner(owner) {
  return owner.pid === undefined
    ? 'another process'
    : `pid ${owner.pid} (${owner.command ?? 'unknown command'})`;
}

/** A free TCP port on 127.0.0.1, as the server cannot be asked to listen on port 0. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Processes still running when this Node process exits are asked to stop, so none is left behind. */
const live = new Set();
process.on('exit', () => {
  for (const handle of live) signal(handle, 'SIGTERM');
});

function signal(handle, name, group = false) {
  try {
    process.kill(group ? -handle.pid : handle.pid, name);
  } catch {
    // Already gone.
  }
}

/**
 * Spawns a process in its own process group, so a terminal's Ctrl-C reaches only us and we
 * stop the fleet in order (server first, then supervisord).
 */
function startProcess(name, cmd, args, { env, onLine }) {
  const child = spawn(cmd, args, { cwd: repoRoot, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail = [];
  const listeners = new Set();
  const handle = { name, pid: child.pid, tail, running: true };
  const take = (line) => {
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
    onLine?.(name, line);
    for (const listener of listeners) listener(line);
  };
  readline.createInterface({ input: child.stdout }).on('line', take);
  readline.createInterface({ input: child.stderr }).on('line', take);
  handle.exited = new Promise((resolve) => {
    child.once('error', (error) => {
      take(`${cmd}: ${error.message}`);
      handle.running = false;
      resolve({ code: 127, signal: null });
    });
    child.once('exit', (code, sig) => {
      handle.running = false;
      live.delete(handle);
      resolve({ code, signal: sig });
    });
  });
  if (child.pid !== undefined) live.add(handle);
  handle.failure = (what) =>
    new Error(
      `${name} ${what}; its last output:\n${tail.map((line) => `  ${line}`).join('\n') || '  (none)'}`,
    );
  handle.waitForLine = (pattern, timeoutMs) =>
    new Promise((resolve, reject) => {
      const found = tail.map((line) => pattern.exec(line)).find(Boolean);
      if (found) return resolve(found);
      const listener = (line) => {
        const match = pattern.exec(line);
        if (match) finish(resolve, match);
      };
      const timer = setTimeout(
        () => finish(reject, handle.failure(`did not print ${pattern} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      function finish(settle, value) {
        clearTimeout(timer);
        listeners.delete(listener);
        settle(value);
      }
      listeners.add(listener);
      void handle.exited.then(({ code, signal: sig }) =>
        finish(reject, handle.failure(`exited (${sig ?? `code ${code}`}) before printing ${pattern}`)),
      );
    });
  return handle;
}

/** SIGTERM, then SIGKILL to the whole process group after graceMs. */
async function stopProcess(handle, graceMs) {
  if (!handle.running) return;
  signal(handle, 'SIGTERM');
  const stopped = await Promise.race([handle.exited.then(() => true), delay(graceMs, false, { ref: false })]);
  if (!stopped) {
    signal(handle, 'SIGKILL', true);
    await handle.exited;
  }
}

function supervisordState(host, port, credentials) {
  const body =
    '<?xml version="1.0"?><methodCall><methodName>supervisor.getState</methodName><params/></methodCall>';
  return new Promise((resolve) => {
    const request = http.request(
      {
        host,
        port,
        path: '/RPC2',
        method: 'POST',
        headers: {
          'Content-Type': 'text/xml',
          'Content-Length': Buffer.byteLength(body),
          Connection: 'close',
          ...(credentials
            ? {
                Authorization: `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`,
              }
            : {}),
        },
        timeout: 2000,
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => resolve(/<string>(\w+)<\/string>/.exec(text)?.[1]));
      },
    );
    request.once('timeout', () => request.destroy());
    request.once('error', () => resolve(undefined));
    request.end(body);
  });
}

async function waitForSupervisord(handle, { host, port }, credentials) {
  const deadline = Date.now() + SUPERVISORD_READY_MS;
  while (Date.now() < deadline) {
    if (!handle.running) throw handle.failure('exited before answering XML-RPC');
    if ((await supervisordState(host, port, credentials)) === 'RUNNING') return;
    await delay(100);
  }
  throw handle.failure(
    `did not answer supervisor.getState on port ${port} within ${SUPERVISORD_READY_MS} ms`,
  );
}

/**
 * Starts one supervisord per instance of `conf` (each with SUPFLEET_NODE, SUPFLEET_PORT and
 * SUPFLEET_RUN_DIR=<runRoot>/<id>), creates the NFS marker directory `nfsPath` nfsDelayMs later
 * (null: never, the caller does), then starts the server unless `server` is false, and waits until
 * every part is ready. Whatever fails, what was started is stopped before the error is thrown.
 * Types and the returned object: fleet.d.mts. stop() stops the server first, then the supervisord
 * instances (which stop their programs); calling it again returns the same promise.
 */
export async function startFleet({
  conf,
  runRoot,
  nfsPath,
  nfsDelayMs = 1000,
  server = true,
  listen,
  autoStart,
  auth = false,
  agentUrl,
  onLine,
  onUnexpectedExit,
}) {
  const { instances, listen: confListen } = await readFleetConf(conf);
  // With auth: users admin / operator / viewer with random passwords, and supervisord that ask supfleet for one.
  const credentials = auth
    ? { admin: randomPassword(), operator: randomPassword(), viewer: randomPassword() }
    : undefined;
  const supervisorCredentials = auth ? { username: 'supfleet', password: randomPassword() } : undefined;
  const remote = instances.find(({ host }) => !/^(127\.|localhost$)/.test(host));
  if (remote) throw new Error(`${conf}: ${remote.id} is on ${remote.host}, not on this machine`);
  const serverListen = listen ?? confListen;
  const ports = instances.map(({ id, port }) => ({ what: `the ${id} supervisord`, port }));
  const serverPort = Number(serverListen?.split(':').pop());
  if (server && Number.isInteger(serverPort)) ports.push({ what: 'the server', port: serverPort });
  for (const { what, port } of ports) {
    const owner = await portOwner(port);
    if (owner) throw new Error(`port ${port}, for ${what}, is already in use by ${describeOwner(owner)}`);
  }

  const supervisords = [];
  let serverHandle;
  let nfsTimer;
  let stopping;
  const stop = () =>
    (stopping ??= (async () => {
      clearTimeout(nfsTimer);
      if (serverHandle) await stopProcess(serverHandle, SERVER_STOP_MS);
      await Promise.all(supervisords.map((handle) => stopProcess(handle, SUPERVISORD_STOP_MS)));
    })());
  const watch = (handle) =>
    void handle.exited.then(({ code, signal: sig }) => {
      if (!stopping) onUnexpectedExit?.(handle.name, code, sig);
    });

  try {
    await mkdir(runRoot, { recursive: true });
    const runConf = auth ? await writeAuthConf(conf, runRoot, supervisorCredentials) : conf;
    if (nfsPath) await rm(nfsPath, { recursive: true, force: true });
    const started = [];
    for (const instance of instances) {
      const runDir = path.join(runRoot, instance.id);
      await mkdir(runDir, { recursive: true });
      const env = {
        ...process.env,
        SUPFLEET_NODE: instance.id,
        SUPFLEET_PORT: String(instance.port),
        SUPFLEET_RUN_DIR: runDir,
        // Where the node agent of the conf's [eventlistener:supfleet] pushes (several: comma-separated).
        ...(agentUrl || serverListen ? { SUPFLEET_URL: agentUrl ?? `http://${serverListen}` } : {}),
        ...(nfsPath ? { SCEN1_NFS_PATH: nfsPath } : {}),
      };
      const handle = startProcess(instance.id, SUPERVISORD, ['-n', '-c', runConf], { env, onLine });
      supervisords.push(handle);
      started.push({ ...instance, url: `http://${instance.host}:${instance.port}`, runDir, pid: handle.pid });
    }
    if (nfsPath && nfsDelayMs !== null) {
      nfsTimer = setTimeout(() => {
        mkdir(nfsPath, { recursive: true }).then(
          () => onLine?.('fleet', `NFS mount point ${nfsPath} is there`),
          (error) => onLine?.('fleet', `cannot create the NFS mount point ${nfsPath}: ${error.message}`),
        );
      }, nfsDelayMs);
      nfsTimer.unref();
    }
    await Promise.all(
      supervisords.map((handle, index) =>
        waitForSupervisord(handle, instances[index], supervisorCredentials),
      ),
    );
    supervisords.forEach(watch);

    let baseURL;
    if (server) {
      if (credentials) await addDemoUsers(runConf, credentials);
      const args = [
        SERVER_ENTRY,
        '--config',
        runConf,
        ...(listen ? ['--listen', listen] : []),
        ...(autoStart === undefined ? [] : ['--auto-start', autoStart ? 'on' : 'off']),
      ];
      // Readable lines in the demo's terminal (pino-pretty), though the server writes to a pipe.
      const env = { SUPFLEET_LOG_FORMAT: 'pretty', ...process.env };
      serverHandle = startProcess('server', TSX, args, { env, onLine });
      baseURL = (
        await serverHandle.waitForLine(/supfleet listening on (https?:\/\/[^\s"]+)/, SERVER_READY_MS)
      )[1];
      watch(serverHandle);
    }
    return {
      instances: started,
      baseURL,
      serverPid: serverHandle?.pid,
      credentials,
      supervisorCredentials,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
