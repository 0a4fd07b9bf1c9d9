// Debian's nginx as a load balancer in front of supfleet replicas, in a directory of its own:
// the browser test behind a load balancer and `npm run demo -- --ha`. The config is the one
// docs/ha.md shows ("Deployment on two hosts"). Node built-ins only, like the rest of scripts/.
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { NGINX } from './bootstrap.mjs';
import { freePort, portOwner } from './fleet.mjs';

const READY_MS = 10_000;
const STOP_MS = 5_000;

/**
 * nginx.conf for `upstreams` (host:port), listening on 127.0.0.1:port, every path in `dir`.
 * Open-source nginx has no active health check: a dead upstream is skipped passively, on its
 * first refused connection, and left out for fail_timeout.
 */
export function nginxConf(dir, port, upstreams) {
  return `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;

  upstream supfleet {
    # A browser keeps to one replica: its socket.io link if it falls back to long-polling, and
    # its REST calls, which then see what its live link shows.
    hash $remote_addr consistent;
${upstreams.map((upstream) => `    server ${upstream} max_fails=1 fail_timeout=10s;`).join('\n')}
  }

  map $http_upgrade $connection_upgrade {
    default upgrade;
    '' close;
  }

  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://supfleet;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      # A replica that is down is skipped at once (refused), one that does not accept in 2 s too.
      proxy_connect_timeout 2s;
      proxy_next_upstream error timeout http_502 http_504;
      proxy_next_upstream_tries 2;
      # Longer than socket.io's ping (25 s) and than an action with "wait": true.
      proxy_read_timeout 300s;
      proxy_send_timeout 300s;
    }
  }
}
`;
}

/**
 * Starts Debian's nginx in a new temporary directory (`-p`, `-c`, pid, logs and temp paths
 * there), in the foreground (`daemon off`) as our child in a process group of its own, on
 * 127.0.0.1:port (a free one by default): never the machine's nginx service, nor port 80.
 * Resolves once the port accepts connections; whatever fails, what was started is stopped.
 */
export async function startNginx(upstreams, { port } = {}) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'supfleet-nginx-'));
  // Run as root, nginx's workers are `nobody`: they must reach their temp paths.
  await chmod(dir, 0o755);
  const resolvedPort = port ?? (await freePort());
  const conf = path.join(dir, 'nginx.conf');
  await writeFile(conf, nginxConf(dir, resolvedPort, upstreams));
  const child = spawn(NGINX, ['-p', dir, '-c', conf, '-e', path.join(dir, 'error.log')], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk.toString()));
  child.stderr.on('data', (chunk) => (output += chunk.toString()));
  let running = true;
  const exited = new Promise((resolve) =>
    child.once('exit', () => {
      running = false;
      resolve();
    }),
  );
  child.once('error', (error) => (output += `${NGINX}: ${error.message}\n`));
  // A Node process that ends without stop() (a crash, Ctrl-C) still stops it.
  const orphan = () => child.kill('SIGTERM');
  process.once('exit', orphan);
  void exited.then(() => process.off('exit', orphan));

  const logs = async () =>
    [
      output,
      await readFile(path.join(dir, 'error.log'), 'utf8').catch(() => ''),
      await readFile(path.join(dir, 'access.log'), 'utf8').catch(() => ''),
    ].join('\n');
  let stopping;
  const stop = () =>
    (stopping ??= (async () => {
      if (running) {
        child.kill('SIGTERM');
        const gone = await Promise.race([exited.then(() => true), delay(STOP_MS, false, { ref: false })]);
        // The workers are in the master's process group: none outlives it.
        if (!gone) process.kill(-child.pid, 'SIGKILL');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    })());

  const deadline = Date.now() + READY_MS;
  while (!(await portOwner(resolvedPort))) {
    if (!running || Date.now() > deadline) {
      const why = running ? `did not listen on ${resolvedPort} within ${READY_MS} ms` : 'exited';
      const text = await logs();
      await stop();
      throw new Error(`nginx ${why}:\n${text}`);
    }
    await delay(50);
  }
  return { url: `http://127.0.0.1:${resolvedPort}`, conf, pid: child.pid, logs, stop };
}
