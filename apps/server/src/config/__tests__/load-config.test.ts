import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../load-config';

const dir = mkdtempSync(join(tmpdir(), 'supfleet-load-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function load(lines: string, env: Record<string, string | undefined> = {}) {
  const file = join(dir, 'supfleet.conf');
  writeFileSync(file, `[supfleet]\nsupvisors_list = <n1>127.0.0.1:9001\n${lines}\n`);
  return loadConfig(file, {}, env);
}

describe('loadConfig: where the store is', () => {
  writeFileSync(join(dir, 'db-password'), 'from the file\n');

  it.each([
    { name: 'no database_url: SQLite in data_dir', lines: 'data_dir = data', env: {}, database: null },
    {
      name: 'the password in the URL, taken out of it',
      lines: 'database_url = postgresql://fleet:from%20url@db:5433/supfleet',
      env: {},
      database: { url: 'postgresql://fleet@db:5433/supfleet', password: 'from url' },
    },
    {
      name: 'SUPFLEET_DATABASE_PASSWORD over the URL',
      lines: 'database_url = postgresql://fleet:from%20url@db/supfleet',
      env: { SUPFLEET_DATABASE_PASSWORD: 'from env' },
      database: { url: 'postgresql://fleet@db/supfleet', password: 'from env' },
    },
    {
      name: 'database_password_file over both, relative to the file, its newline dropped',
      lines:
        'database_url = postgresql://fleet:x@db/supfleet?sslmode=require\ndatabase_password_file = db-password',
      env: { SUPFLEET_DATABASE_PASSWORD: 'from env' },
      database: { url: 'postgresql://fleet@db/supfleet?sslmode=require', password: 'from the file' },
    },
    {
      name: 'no password anywhere',
      lines: 'database_url = postgres://fleet@db/supfleet',
      env: {},
      database: { url: 'postgres://fleet@db/supfleet', password: undefined },
    },
  ])('$name', ({ lines, env, database }) => {
    const config = load(lines, env);
    expect(config.database).toEqual(database);
    if (database === null) expect(config.dataDir).toBe(join(dir, 'data'));
  });

  it('says which password file it cannot read', () => {
    expect(() =>
      load('database_url = postgresql://fleet@db/supfleet\ndatabase_password_file = missing'),
    ).toThrow(new ConfigError(`database_password_file: cannot read ${join(dir, 'missing')}: ENOENT`));
  });
});
