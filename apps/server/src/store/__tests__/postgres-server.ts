import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/**
 * A PostgreSQL server of its own for one test file: a temporary directory, a free port, trust
 * auth (or, given a password, scram-sha-256 over TCP).
 */
export interface PostgresServer {
  /** `postgresql://supfleet@127.0.0.1:PORT/` + a database name. */
  url(database: string): string;
  port: number;
  /** Creates an empty database; returns its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

export const POSTGRES_USER = 'supfleet';

/** Debian's binaries, the newest major version installed (scripts/lib/bootstrap.mjs installs them). */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0)
    throw new Error("PostgreSQL is not installed: run npm test (it installs Debian's postgresql)");
  return join(root, versions[0]!, 'bin');
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * initdb into a temporary directory and starts the server there on a free port of 127.0.0.1,
 * its unix socket in the same directory (never the machine's 5432 or /var/run/postgresql).
 * PostgreSQL refuses to run as root: as root, the server runs as the `postgres` user.
 */
export async function startPostgres(options: { password?: string } = {}): Promise<PostgresServer> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'supfleet-pg-'));
  const data = join(dir, 'data');
  const asRoot = userInfo().uid === 0;
  let owner: { uid: number; gid: number } | undefined;
  if (asRoot) {
    const { stdout: uid } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    owner = { uid: Number(uid.trim()), gid: Number(gid.trim()) };
    chownSync(dir, owner.uid, owner.gid);
  }
  const as = (command: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', join(bin, command), ...args])
      : run(join(bin, command), args);
  const auth = ['-A', 'trust'];
  if (options.password !== undefined) {
    const pwfile = join(dir, 'pwfile');
    writeFileSync(pwfile, `${options.password}\n`);
    if (owner) chownSync(pwfile, owner.uid, owner.gid);
    auth.push('--auth-host=scram-sha-256', `--pwfile=${pwfile}`);
  }
  await as('initdb', ['-D', data, '-U', POSTGRES_USER, ...auth, '-E', 'UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  await as('pg_ctl', [
    '-D',
    data,
    '-l',
    join(dir, 'server.log'),
    '-w',
    '-t',
    '60',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`,
    'start',
  ]);
  let stopped: Promise<void> | undefined;
  const url = (database: string) => `postgresql://${POSTGRES_USER}@127.0.0.1:${port}/${database}`;
  return {
    url,
    port,
    async createDatabase(name) {
      const admin = new URL(url('postgres'));
      if (options.password !== undefined) admin.password = options.password;
      const client = new pg.Client({ connectionString: admin.toString() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name}"`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    /** Kills the server at once (a lost database), then removes its directory; again: nothing. */
    stop() {
      stopped ??= as('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'])
        .then(() => undefined)
        .finally(() => rmSync(dir, { recursive: true, force: true }));
      return stopped;
    },
  };
}
