import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from '@playwright/test';
import { freePort } from '../../scripts/lib/fleet.mjs';

/** Debian's nginx, which `npm test` installs when missing (scripts/lib/bootstrap.mjs, ensureNginx). */
const NGINX = '/usr/sbin/nginx';

export interface LoadBalancer {
  /** http://127.0.0.1:PORT, nginx's own address. */
  url: string;
  /** The nginx.conf it runs, to attach to a failed test. */
  conf: string;
  /** nginx's error log and access log so far. */
  logs(): Promise<string>;
  /** Stops nginx (SIGTERM, then SIGKILL to its process group) and removes its directory. */
  stop(): Promise<void>;
}

/**
 * The load balancer the docs describe (docs/ha.md, "Deployment on two hosts"), for the upstreams
 * `replicas` (host:port). Open-source nginx has no active health check: a dead upstream is
 * skipped passively, on its first refused connection, and left out for `fail_timeout`.
 */
export function nginxConf(dir: string, port: number, replicas: string[]): string {
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
${replicas.map((replica) => `    server ${replica} max_fails=1 fail_timeout=10s;`).join('\n')}
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
      # A replica that is down is skipped at once (refused), one that hangs after 2 s.
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
 * Debian's nginx in a temporary directory of its own (`-p`, `-c`, pid, logs and temp paths
 * there), in the foreground (`daemon off`) as our child, on a free port of 127.0.0.1: never the
 * machine's nginx service, nor port 80. Ready once it answers; stop() in afterAll.
 */
export async function startNginx(replicas: string[]): Promise<LoadBalancer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'supfleet-e2e-nginx-'));
  // Run as root, nginx's workers are `nobody`: they must reach their temp paths.
  await chmod(dir, 0o755);
  const port = await freePort();
  const conf = path.join(dir, 'nginx.conf');
  await writeFile(conf, nginxConf(dir, port, replicas));
  const child = spawn(NGINX, ['-p', dir, '-c', conf, '-e', path.join(dir, 'error.log')], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  // A worker that dies without afterAll (a crash, Ctrl-C) still stops it.
  const orphan = () => child.kill('SIGTERM');
  process.once('exit', orphan);
  void exited.then(() => process.off('exit', orphan));
  const url = `http://127.0.0.1:${port}`;
  const logs = async () =>
    [
      output,
      await readFile(path.join(dir, 'error.log'), 'utf8').catch(() => ''),
      await readFile(path.join(dir, 'access.log'), 'utf8').catch(() => ''),
    ].join('\n');
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const gone = await Promise.race([
          exited.then(() => true),
          new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5000).unref()),
        ]);
        // The workers are in the master's process group: none outlives it.
        if (!gone) process.kill(-child.pid!, 'SIGKILL');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    })());
  try {
    await expect
      .poll(
        async () => {
          if (child.exitCode !== null) throw new Error(`nginx exited: ${await logs()}`);
          return fetch(`${url}/healthz`).then(
            (response) => response.status,
            () => 0,
          );
        },
        { timeout: 10_000, message: 'nginx answers /healthz' },
      )
      .toBe(200);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, conf, logs, stop };
}
