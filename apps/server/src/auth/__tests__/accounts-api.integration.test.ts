import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import {
  auditPageSchema,
  errorBodySchema,
  sessionInfoSchema,
  tokenCreatedSchema,
  userSchema,
  type AuditEntry,
} from '@supfleet/protocol';
import type { TestFleet } from '../../__tests__/fleet-fixture';
import { as, cookieOf, json, PASSWORDS, startSecuredFleet } from './security-fixture';

describe('sessions, users, tokens and the audit log over the API', () => {
  let fleet: TestFleet;
  const api = (path: string) => `${fleet.url}/api/v1${path}`;

  beforeAll(async () => {
    fleet = await startSecuredFleet();
  });
  afterAll(async () => {
    await fleet?.stop();
  });

  const login = (username: string, password: string) =>
    fetch(api('/session'), { method: 'POST', headers: json, body: JSON.stringify({ username, password }) });

  it('logs in with a cookie (HttpOnly, SameSite=Strict, Path=/), says who is logged in, logs out', async () => {
    const wrongPassword = await login('operator', 'not-the-password');
    const unknownUser = await login('nobody', 'not-the-password');
    expect([wrongPassword.status, unknownUser.status]).toEqual([401, 401]);
    const [a, b] = [await wrongPassword.json(), await unknownUser.json()].map(
      (body) => errorBodySchema.parse(body).error.message,
    );
    expect(a).toBe(b);

    const ok = await login('operator', PASSWORDS.operator);
    expect(ok.status).toBe(200);
    const info = sessionInfoSchema.parse(await ok.json());
    expect(info).toMatchObject({ username: 'operator', role: 'operator', via: 'session' });
    expect(info.expiresAt).toBeGreaterThan(Date.now());
    const setCookie = ok.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Secure/i);
    const cookie = cookieOf(ok);

    const who = await fetch(api('/session'), { headers: { cookie } });
    expect(sessionInfoSchema.parse(await who.json())).toMatchObject({
      username: 'operator',
      role: 'operator',
    });
    const act = await fetch(api('/applications/app/start'), {
      method: 'POST',
      headers: { ...json, cookie },
      body: JSON.stringify({ wait: true }),
    });
    expect(act.status).toBe(200);

    const out = await fetch(api('/session'), { method: 'DELETE', headers: { cookie } });
    expect(out.status).toBe(204);
    expect((await fetch(api('/session'), { headers: { cookie } })).status).toBe(401);
    expect((await fetch(api('/applications'), { headers: { cookie } })).status).toBe(401);
  });

  it('lets an admin manage users; a changed password ends the sessions opened with the old one', async () => {
    const created = await fetch(api('/users'), {
      method: 'POST',
      headers: { ...json, ...as('admin') },
      body: JSON.stringify({ username: 'carol', role: 'viewer', password: 'carol-password' }),
    });
    expect(created.status).toBe(201);
    expect(userSchema.parse(await created.json())).toMatchObject({ username: 'carol', role: 'viewer' });
    const list = (await (await fetch(api('/users'), { headers: as('admin') })).json()) as {
      username: string;
    }[];
    expect(list.map((u) => u.username)).toEqual(['admin', 'carol', 'operator', 'viewer']);
    expect(JSON.stringify(list)).not.toMatch(/password|scrypt/i);

    const session = cookieOf(await login('carol', 'carol-password'));
    const promoted = await fetch(api('/users/carol'), {
      method: 'PATCH',
      headers: { ...json, ...as('admin') },
      body: JSON.stringify({ role: 'operator' }),
    });
    expect(userSchema.parse(await promoted.json()).role).toBe('operator');
    const who = await fetch(api('/session'), { headers: { cookie: session } });
    expect(sessionInfoSchema.parse(await who.json()).role).toBe('operator');

    await fetch(api('/users/carol'), {
      method: 'PATCH',
      headers: { ...json, ...as('admin') },
      body: JSON.stringify({ password: 'carol-password-2' }),
    });
    expect((await fetch(api('/session'), { headers: { cookie: session } })).status).toBe(401);
    expect((await login('carol', 'carol-password-2')).status).toBe(200);

    const duplicate = await fetch(api('/users'), {
      method: 'POST',
      headers: { ...json, ...as('admin') },
      body: JSON.stringify({ username: 'carol', role: 'viewer', password: 'whatever-123' }),
    });
    expect(duplicate.status).toBe(409);
    const removed = await fetch(api('/users/carol'), { method: 'DELETE', headers: as('admin') });
    expect(removed.status).toBe(204);
    expect((await fetch(api('/users/carol'), { method: 'DELETE', headers: as('admin') })).status).toBe(404);
    expect((await login('carol', 'carol-password-2')).status).toBe(401);
  });

  it('refuses administration to an operator and a viewer (403)', async () => {
    for (const role of ['operator', 'viewer'] as const) {
      expect((await fetch(api('/users'), { headers: as(role) })).status).toBe(403);
      expect((await fetch(api('/tokens'), { headers: as(role) })).status).toBe(403);
      expect((await fetch(api('/audit'), { headers: as(role) })).status).toBe(403);
      const add = await fetch(api('/users'), {
        method: 'POST',
        headers: { ...json, ...as(role) },
        body: JSON.stringify({ username: 'mallory', role: 'admin', password: 'mallory-password' }),
      });
      expect(add.status).toBe(403);
    }
  });

  it('creates a token shown once and stored hashed; Bearer and basic take it; revoked, it is refused', async () => {
    const created = await fetch(api('/tokens'), {
      method: 'POST',
      headers: { ...json, ...as('admin') },
      body: JSON.stringify({ name: 'ci', role: 'viewer', expiresDays: 30 }),
    });
    expect(created.status).toBe(201);
    const token = tokenCreatedSchema.parse(await created.json());
    expect(token.token).toMatch(/^sft_[A-Za-z0-9_-]{40,}$/);
    expect(token.expiresAt).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    const listed = await (await fetch(api('/tokens'), { headers: as('admin') })).text();
    expect(listed).toContain('"ci"');
    expect(listed).not.toContain(token.token);
    const database = readFileSync(join(fleet.dataDir, 'supfleet.db')).toString('latin1');
    expect(database).not.toContain(token.token);

    const bearer = { authorization: `Bearer ${token.token}` };
    expect((await fetch(api('/applications'), { headers: bearer })).status).toBe(200);
    const basicToken = { authorization: `Basic ${Buffer.from(`ci:${token.token}`).toString('base64')}` };
    expect((await fetch(api('/applications'), { headers: basicToken })).status).toBe(200);
    const act = await fetch(api('/applications/app/stop'), {
      method: 'POST',
      headers: { ...json, ...bearer },
      body: '{}',
    });
    expect(act.status).toBe(403);
    const who = sessionInfoSchema.parse(await (await fetch(api('/session'), { headers: bearer })).json());
    expect(who).toMatchObject({ username: 'ci', role: 'viewer', via: 'token', expiresAt: null });

    expect((await fetch(api('/tokens/ci'), { method: 'DELETE', headers: as('admin') })).status).toBe(204);
    expect((await fetch(api('/applications'), { headers: bearer })).status).toBe(401);
    expect(
      (await fetch(api('/applications'), { headers: { authorization: 'Bearer sft_guess' } })).status,
    ).toBe(401);
  });

  it('records who did what, newest first, with filters by actor, target and time', async () => {
    const since = Date.now();
    await fetch(api('/applications/app/restart'), {
      method: 'POST',
      headers: { ...json, ...as('operator'), 'x-supfleet-client': 'cli' },
      body: JSON.stringify({ wait: true }),
    });
    await fetch(api('/applications/app/stop'), {
      method: 'POST',
      headers: { ...json, ...as('viewer') },
      body: '{}',
    });
    const read = async (query: string): Promise<AuditEntry[]> => {
      const answer = await fetch(api(`/audit${query}`), { headers: as('admin') });
      expect(answer.status).toBe(200);
      return auditPageSchema.parse(await answer.json()).entries;
    };
    const recent = await read(`?since=${since}`);
    expect(recent.map((e) => [e.actor, e.action, e.result])).toEqual([
      ['viewer', 'application.stop', 'refused'],
      ['operator', 'application.restart', 'succeeded'],
    ]);
    expect(recent[0]).toMatchObject({ role: 'viewer', interface: 'rest', target: 'app' });
    expect(recent[0]!.reason).toMatch(/operator role/);
    expect(recent[1]).toMatchObject({ interface: 'cli', params: { wait: true } });
    expect(recent[1]!.jobId).toMatch(/.+/);
    // The job keeps who asked for it.
    const job = await fetch(api(`/jobs/${recent[1]!.jobId}`), { headers: as('admin') });
    expect(((await job.json()) as { actor?: string }).actor).toBe('operator');
    expect(recent[1]!.address).toMatch(/127\.0\.0\.1/);

    const byOperator = await read('?actor=operator&target=app&limit=1');
    expect(byOperator).toHaveLength(1);
    expect(byOperator[0]!.action).toBe('application.restart');
    const logins = await read('?actor=carol');
    expect(logins.some((e) => e.action === 'session.login' && e.result === 'refused')).toBe(true);
    expect(JSON.stringify(logins)).not.toContain('carol-password');
    expect(await read(`?until=${since - 3_600_000}`)).toEqual([]);
    expect((await fetch(api('/audit?limit=0'), { headers: as('admin') })).status).toBe(400);
  });

  it("records supfleet's own jobs as the actor supfleet, completed when they end", async () => {
    await fleet.service.orchestrator.applicationAction('stop', 'app', { wait: true });
    await fleet.restartService({ autoStart: true });
    const systemEntries = async () =>
      auditPageSchema
        .parse(await (await fetch(api('/audit?actor=supfleet'), { headers: as('admin') })).json())
        .entries.filter((e) => e.interface === 'system');
    await expect.poll(async () => (await systemEntries())[0]?.result, { timeout: 30_000 }).toBe('succeeded');
    const [entry] = await systemEntries();
    expect(entry).toMatchObject({ actor: 'supfleet', role: null, action: 'all.start', target: null });
    expect(entry!.params.cause).toMatch(/auto_start/);
    expect(entry!.jobId).toMatch(/.+/);
    await fleet.restartService({});
  });

  it('closes the sockets of a revoked token and of a logged-out session within seconds', async () => {
    const created = await fetch(api('/tokens'), {
      method: 'POST',
      headers: { ...json, ...as('admin') },
      body: JSON.stringify({ name: 'dashboard', role: 'viewer' }),
    });
    const { token } = tokenCreatedSchema.parse(await created.json());
    const cookie = cookieOf(await login('viewer', PASSWORDS.viewer));
    const open = async (options: Parameters<typeof io>[1]) => {
      const socket = io(fleet.url, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        ...options,
      });
      await new Promise((resolve) => socket.once('snapshot', resolve));
      return socket;
    };
    const byToken = await open({ auth: { token } });
    const bySession = await open({ extraHeaders: { cookie } });
    await fetch(api('/tokens/dashboard'), { method: 'DELETE', headers: as('admin') });
    await fetch(api('/session'), { method: 'DELETE', headers: { cookie } });
    await expect
      .poll(() => [byToken.connected, bySession.connected], { timeout: 30_000 })
      .toEqual([false, false]);
    byToken.close();
    bySession.close();
  });
});
