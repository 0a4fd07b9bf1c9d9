import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditPageSchema, sessionInfoSchema } from '@supfleet/protocol';
import { loadConfig } from '../../config/load-config';
import { createService } from '../../service';

const BIN = join(import.meta.dirname, '../../../../cli/bin/supfleet.mjs');

/** `supfleet ARGS…` as a user runs it, with this stdin. */
function supfleet(args: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(stdin);
  });
}

describe('supfleet user / token: the database of the server, from the command line', () => {
  let dir = '';
  let conf = '';

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'supfleet-admin-'));
    conf = join(dir, 'supfleet.conf');
    writeFileSync(conf, '[supfleet]\nsupvisors_list = <n1>127.0.0.1:1\nlisten = 127.0.0.1:0\n');
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('adds, lists and removes users; creates and revokes tokens; the server then takes them', async () => {
    const added = await supfleet(
      ['user', 'add', 'alice', '--role', 'operator', '--password-stdin', '-c', conf],
      'alice-password\n',
    );
    expect(added).toMatchObject({ code: 0, stdout: 'user alice added (operator)\n' });
    await supfleet(['user', 'add', 'root', '-r', 'admin', '--password-stdin', '-c', conf], 'root-password');
    const list = await supfleet(['user', 'list', '-c', conf]);
    expect(list.stdout.split('\n').map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual([
      'NAME ROLE',
      'alice operator',
      'root admin',
      '',
    ]);
    expect(statSync(join(dir, 'supfleet-data')).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'supfleet-data', 'supfleet.db')).mode & 0o777).toBe(0o600);

    const token = await supfleet(['token', 'create', 'ci', '--role', 'viewer', '--expires', '7', '-c', conf]);
    expect(token.code).toBe(0);
    expect(token.stdout).toMatch(/^sft_\S+\n$/);
    expect(token.stderr).toMatch(/not shown again/);
    const tokens = await supfleet(['token', 'list', '-c', conf]);
    expect(tokens.stdout).toMatch(/^ci\s+viewer/m);
    expect(tokens.stdout).not.toContain(token.stdout.trim());

    const service = await createService(loadConfig(conf));
    const url = await service.start();
    try {
      const login = await fetch(`${url}/api/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'alice', password: 'alice-password' }),
      });
      expect(sessionInfoSchema.parse(await login.json())).toMatchObject({
        username: 'alice',
        role: 'operator',
      });
      const bearer = await fetch(`${url}/api/v1/session`, {
        headers: { authorization: `Bearer ${token.stdout.trim()}` },
      });
      expect(sessionInfoSchema.parse(await bearer.json())).toMatchObject({
        username: 'ci',
        role: 'viewer',
        via: 'token',
      });

      expect((await supfleet(['token', 'revoke', 'ci', '-c', conf])).code).toBe(0);
      const revoked = await fetch(`${url}/api/v1/session`, {
        headers: { authorization: `Bearer ${token.stdout.trim()}` },
      });
      expect(revoked.status).toBe(401);
      const changed = await supfleet(
        ['user', 'passwd', 'alice', '--password-stdin', '-c', conf],
        'alice-password-2',
      );
      expect(changed.code).toBe(0);
      const old = await fetch(`${url}/api/v1/applications`, {
        headers: { authorization: `Basic ${Buffer.from('alice:alice-password').toString('base64')}` },
      });
      expect(old.status).toBe(401);

      const audit = auditPageSchema.parse(
        await (
          await fetch(`${url}/api/v1/audit`, {
            headers: { authorization: `Basic ${Buffer.from('root:root-password').toString('base64')}` },
          })
        ).json(),
      );
      const cli = audit.entries.filter((e) => e.interface === 'cli').map((e) => `${e.action} ${e.target}`);
      expect(cli).toEqual([
        'user.update alice',
        'token.revoke ci',
        'token.create ci',
        'user.add root',
        'user.add alice',
      ]);
    } finally {
      await service.stop();
    }
    expect((await supfleet(['user', 'remove', 'alice', '-c', conf])).code).toBe(0);
    expect((await supfleet(['user', 'remove', 'alice', '-c', conf])).stderr).toBe(
      'supfleet: unknown user alice\n',
    );
  });

  it('refuses bad input with a clear message: a role, a short password, no terminal to prompt on', async () => {
    const role = await supfleet(
      ['user', 'add', 'bob', '--role', 'boss', '--password-stdin', '-c', conf],
      'long-enough',
    );
    expect(role.code).toBe(2);
    expect(role.stderr).toMatch(/--role must be viewer, operator or admin \(got boss\)/);
    const short = await supfleet(
      ['user', 'add', 'bob', '--role', 'viewer', '--password-stdin', '-c', conf],
      'short',
    );
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/password: .*8/);
    const prompt = await supfleet(['user', 'add', 'bob', '--role', 'viewer', '-c', conf]);
    expect(prompt.stderr).toMatch(
      /no terminal to ask the password on: give it on stdin with --password-stdin/,
    );
    const noConf = await supfleet(['user', 'list']);
    expect(noConf).toMatchObject({ code: 2 });
    expect(noConf.stderr).toMatch(/needs -c CONF/);
  });
});
