import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { API_ROUTES, auditPageSchema, sessionInfoSchema } from '@supfleet/protocol';
import type { TestFleet } from '../../__tests__/fleet-fixture';
import { createMethodTable } from '../../xmlrpc/method-table';
import { raw, xmlCall } from './raw-request';
import { as, cookieOf, json, PASSWORDS, startSecuredFleet } from './security-fixture';
import { createFakeClock } from '../../clock/fake-clock';

const run = promisify(execFile);
const REPO = join(import.meta.dirname, '../../../../..');
const TSX = join(REPO, 'node_modules/.bin/tsx');
const MAIN = join(REPO, 'apps/server/src/main.ts');

describe('roles on every surface, sessions that end, secure defaults', () => {
  let fleet: TestFleet;
  const api = (path: string) => `${fleet.url}/api/v1${path}`;

  beforeAll(async () => {
    fleet = await startSecuredFleet();
  });
  afterAll(async () => {
    await fleet?.stop();
  });

  it('refuses every REST action to a viewer (403) and changes nothing; reads are served', async () => {
    const params: Record<string, string> = { id: 'x', name: 'app', namespec: 'app:p', channel: 'stdout' };
    const actions = API_ROUTES.filter((route) => route.method !== 'get');
    expect(actions.length).toBeGreaterThan(8);
    for (const route of actions) {
      const path = route.path.replace(/:(\w+)/g, (_m, key: string) => encodeURIComponent(params[key] ?? 'x'));
      const answer = await fetch(api(path), {
        method: route.method.toUpperCase(),
        headers: { ...json, ...as('viewer') },
        body: '{}',
      });
      expect(answer.status, `${route.method} ${route.path}`).toBe(403);
    }
    expect(fleet.service.store.jobs()).toEqual([]);
    // Every read that needs no parameter (GET /stats/history needs an instance: a 400 for anyone).
    const plainReads = API_ROUTES.filter(
      (r) => r.method === 'get' && !r.path.includes(':') && (r.query?.safeParse({}).success ?? true),
    );
    for (const route of plainReads) {
      expect((await fetch(api(route.path), { headers: as('viewer') })).status, route.path).toBe(200);
    }
    const operator = await fetch(api('/applications/app/start'), {
      method: 'POST',
      headers: { ...json, ...as('operator') },
      body: '{"wait":true}',
    });
    expect(operator.status).toBe(200);
  });

  it('answers a fault to a viewer for every XML-RPC method above viewer, and audits the refusal', async () => {
    const methods = Object.entries(createMethodTable().methods()).filter(([, m]) => m.role !== 'viewer');
    expect(methods.length).toBeGreaterThan(5);
    for (const [name, method] of methods) {
      const answer = await raw(`${fleet.url}/RPC2`, {
        method: 'POST',
        headers: { 'content-type': 'text/xml', ...as('viewer') },
        body: xmlCall(name, 'app'),
      });
      expect(answer.body, name).toContain('<name>faultCode</name>');
      expect(answer.body, name).toContain(`needs the ${method.role} role`);
    }
    const audit = auditPageSchema.parse(
      await (await fetch(api('/audit?actor=viewer'), { headers: as('admin') })).json(),
    );
    const refused = audit.entries.filter((e) => e.interface === 'xmlrpc' && e.result === 'refused');
    expect(refused.map((e) => e.action).sort()).toEqual(methods.map(([name]) => name).sort());
  });

  it('ends a session after session_ttl: the API answers 401 and the socket is closed', async () => {
    // On a fake clock: the session ends exactly at session_ttl, whatever the machine's load.
    const clock = createFakeClock(Date.now());
    await fleet.restartService({ security: { sessionTtlMs: 2000 } }, clock);
    const login = await fetch(api('/session'), {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ username: 'viewer', password: PASSWORDS.viewer }),
    });
    const cookie = cookieOf(login);
    expect(login.headers.get('set-cookie')).toMatch(/Max-Age=2;/);
    expect((await fetch(api('/applications'), { headers: { cookie } })).status).toBe(200);
    const socket = io(fleet.url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      extraHeaders: { cookie },
    });
    await new Promise((resolve) => socket.once('snapshot', resolve));
    let closed = false;
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    void disconnected.then(() => (closed = true));
    await clock.advance(1999);
    expect((await fetch(api('/applications'), { headers: { cookie } })).status).toBe(200);
    expect(closed).toBe(false);
    await clock.advance(1);
    expect((await fetch(api('/applications'), { headers: { cookie } })).status).toBe(401);
    expect(await disconnected).toMatch(/disconnect/);
    socket.close();
    await fleet.restartService({});
  });

  it('takes allowed_hosts and, behind a trusted proxy, the forwarded address, scheme and host', async () => {
    await fleet.restartService({ security: { allowedHosts: ['fleet.example'], trustProxy: ['loopback'] } });
    const port = new URL(fleet.url).port;
    const named = await raw(api('/session'), { headers: { host: `fleet.example:${port}`, ...as('viewer') } });
    expect(named.status).toBe(200);
    expect(
      (await raw(api('/session'), { headers: { host: `localhost:${port}`, ...as('viewer') } })).status,
    ).toBe(421);
    const proxied = await raw(api('/session'), {
      method: 'POST',
      headers: {
        host: '127.0.0.1',
        'x-forwarded-host': 'fleet.example',
        'x-forwarded-for': '203.0.113.9',
        'x-forwarded-proto': 'https',
        origin: 'https://fleet.example',
        ...json,
      },
      body: JSON.stringify({ username: 'viewer', password: PASSWORDS.viewer }),
    });
    expect(proxied.status).toBe(200);
    expect(String(proxied.headers['set-cookie'])).toMatch(/; Secure/);
    const audit = auditPageSchema.parse(
      JSON.parse(
        (
          await raw(api('/audit?actor=viewer&limit=1'), {
            headers: { host: `fleet.example:${port}`, ...as('admin') },
          })
        ).body,
      ),
    );
    expect(audit.entries[0]).toMatchObject({
      action: 'session.login',
      address: '203.0.113.9',
      result: 'succeeded',
    });
    await fleet.restartService({});
  });

  it('with no user at all, serves loopback as the local admin', async () => {
    const empty = await startSecuredFleet();
    for (const role of ['admin', 'operator', 'viewer']) await empty.service.database.users.remove(role);
    const who = sessionInfoSchema.parse(await (await fetch(`${empty.url}/api/v1/session`)).json());
    expect(who).toEqual({ username: 'local', role: 'admin', via: 'local', expiresAt: null });
    await empty.stop();
  });

  it('refuses to start on a non-loopback address with no user, and says why (exit code 1)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'supfleet-unsafe-'));
    const conf = join(dir, 'supfleet.conf');
    writeFileSync(
      conf,
      `[supfleet]\nsupvisors_list = <n1>127.0.0.1:1\nlisten = 0.0.0.0:0\ndata_dir = ${dir}/data\n`,
    );
    const failed = await run(TSX, [MAIN, '-c', conf]).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toMatch(/refusing to listen on 0\.0\.0\.0: no user and no api_username/);
    expect(failed?.stderr).not.toMatch(/\n\s+at /);
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves HTTPS with tls_cert / tls_key: Secure cookie, HSTS', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'supfleet-tls-'));
    const [cert, key] = [join(dir, 'cert.pem'), join(dir, 'key.pem')];
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ]);
    await fleet.restartService({ security: { tlsCert: cert, tlsKey: key } });
    expect(fleet.url).toMatch(/^https:/);
    const answer = await new Promise<{ status: number; headers: Record<string, unknown> }>(
      (resolve, reject) => {
        const req = httpsRequest(
          `${fleet.url}/api/v1/session`,
          { method: 'POST', ca: readFileSync(cert), headers: json },
          (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
          },
        );
        req.on('error', reject);
        req.end(JSON.stringify({ username: 'admin', password: PASSWORDS.admin }));
      },
    );
    expect(answer.status).toBe(200);
    expect(String(answer.headers['set-cookie'])).toMatch(/; Secure/);
    expect(String(answer.headers['strict-transport-security'])).toMatch(/max-age=/);
    await fleet.restartService({});
    rmSync(dir, { recursive: true, force: true });
  });
});
