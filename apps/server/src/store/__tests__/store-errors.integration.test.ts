import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadRules } from '@supfleet/core';
import { serviceAnswerSchema } from '@supfleet/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServiceConfig } from '../../__tests__/fleet-fixture';
import { createLogger } from '../../logging/logger';
import { createService } from '../../service';
import { openStore } from '../store';
import { freePort, POSTGRES_USER, startPostgres, type PostgresServer } from './postgres-server';
import { recordMigration } from './record-migration';

const run = promisify(execFile);
const REPO = fileURLToPath(new URL('../../../../../', import.meta.url));
const TSX = join(REPO, 'node_modules/.bin/tsx');
const MAIN = join(REPO, 'apps/server/src/main.ts');
const PASSWORD = 'correct horse battery staple';

/** `supfleet serve` over a config with these [supfleet] lines; resolves with how it failed. */
async function serveFails(dir: string, lines: string, env: Record<string, string> = {}) {
  const conf = join(dir, 'supfleet.conf');
  writeFileSync(conf, `[supfleet]\nsupvisors_list = <n1>127.0.0.1:1\nlisten = 127.0.0.1:0\n${lines}\n`);
  const failed = await run(TSX, [MAIN, '-c', conf], { env: { ...process.env, ...env } }).then(
    () => null,
    (error: { code: number; stderr: string }) => error,
  );
  expect(failed?.code).toBe(1);
  // One line, no stack trace, and never the password.
  expect(failed?.stderr.trim().split('\n')).toHaveLength(1);
  expect(failed?.stderr).not.toMatch(/\n\s+at /);
  expect(failed?.stderr).not.toContain('hunter2');
  expect(failed?.stderr).not.toContain(PASSWORD);
  return failed!.stderr.trim();
}

describe('the store on PostgreSQL, when the database is wrong or lost', () => {
  let postgres: PostgresServer;
  let dir: string;
  beforeAll(async () => {
    postgres = await startPostgres({ password: PASSWORD });
    dir = mkdtempSync(join(tmpdir(), 'supfleet-store-errors-'));
  });
  afterAll(async () => {
    await postgres.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a database_url of another scheme, without repeating it', async () => {
    const message = await serveFails(dir, 'database_url = mysql://u:hunter2@db/supfleet');
    expect(message).toMatch(
      /^supfleet: .*supfleet\.conf:4: \[supfleet\] database_url: the scheme must be postgresql:\/\//,
    );
  });

  it('says when the database refuses the connection', async () => {
    const port = await freePort();
    const message = await serveFails(dir, `database_url = postgresql://u:hunter2@127.0.0.1:${port}/supfleet`);
    expect(message).toBe(
      `supfleet: database_url: cannot use postgresql://u@127.0.0.1:${port}/supfleet: connection refused`,
    );
  });

  it('says when the password is wrong, and where it comes from', async () => {
    const url = await postgres.createDatabase('wrong_password');
    const message = await serveFails(dir, `database_url = ${url}`, {
      SUPFLEET_DATABASE_PASSWORD: 'hunter2',
    });
    expect(message).toMatch(
      new RegExp(
        `^supfleet: database_url: cannot use postgresql://${POSTGRES_USER}@127\\.0\\.0\\.1:\\d+/wrong_password: ` +
          `password authentication failed for user "${POSTGRES_USER}" \\(the password comes from database_password_file, SUPFLEET_DATABASE_PASSWORD or the URL\\)$`,
      ),
    );
  });

  it('refuses a schema written by a newer supfleet', async () => {
    const url = await postgres.createDatabase('newer_schema');
    const store = await openStore({ engine: 'postgresql', url, password: PASSWORD });
    await store.close();
    await recordMigration({ engine: 'postgresql', url, password: PASSWORD }, 'users:7');
    writeFileSync(join(dir, 'db-password'), `${PASSWORD}\n`);
    const message = await serveFails(dir, `database_url = ${url}\ndatabase_password_file = db-password`);
    expect(message).toMatch(
      /^supfleet: database_url: .*\/newer_schema has a schema of a newer supfleet \(users:7\)/,
    );
  });

  it('serves on PostgreSQL, says so, and answers 503 with the reason once the database is lost, without crashing', async () => {
    const url = await postgres.createDatabase('served');
    const problems: string[] = [];
    const logger = createLogger({
      level: 'warn',
      destination: { write: (line: string) => void problems.push(line) },
    });
    const config = testServiceConfig(
      [{ id: 'n1', host: '127.0.0.1', port: 1, node: 'n1' }],
      { api: { username: 'root', password: 'a config password' } },
      { port: 0, dataDir: join(dir, 'unused'), database: { url, password: PASSWORD } },
    );
    const service = await createService(config, {
      rules: loadRules([{ file: 'r.xml', text: '<root/>' }], ['n1']).rules!,
      logger,
    });
    const base = await service.start();
    const headers = { authorization: `Basic ${Buffer.from('root:a config password').toString('base64')}` };
    try {
      const answer = await fetch(`${base}/api/v1/service`, { headers });
      const body: unknown = await answer.json();
      expect(serviceAnswerSchema.parse(body).database).toBe('postgresql');
      expect(JSON.stringify(body)).not.toContain(PASSWORD);
      expect((await fetch(`${base}/api/v1/jobs`, { headers })).status).toBe(200);

      await postgres.stop();
      const lost = await fetch(`${base}/api/v1/jobs`, { headers });
      expect(lost.status).toBe(503);
      expect(((await lost.json()) as { error: { message: string } }).error.message).toMatch(
        /^database unavailable: /,
      );
      // What does not need the database goes on.
      expect((await fetch(`${base}/api/v1/service`, { headers })).status).toBe(200);
      expect(problems.join('\n')).toMatch(/database unavailable/);
      expect(problems.join('\n')).not.toContain(PASSWORD);
    } finally {
      await service.stop();
    }
  });
});
