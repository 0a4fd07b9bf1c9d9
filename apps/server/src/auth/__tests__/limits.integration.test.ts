import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { errorBodySchema } from '@supfleet/protocol';
import type { TestFleet } from '../../__tests__/fleet-fixture';
import { raw, xmlCall } from './raw-request';
import { as, basic, json, PASSWORDS, startSecuredFleet } from './security-fixture';
import { socketDrained } from '../../__tests__/socket-drained';
import { systemClock, type Clock } from '../../clock/clock';

/** Failed logins are kept in the store, across restarts: a service `minutes` ahead has forgotten them. */
const ahead = (minutes: number): Clock => ({ ...systemClock, now: () => Date.now() + minutes * 60_000 });

const multicall = (count: number) =>
  `<?xml version="1.0"?><methodCall><methodName>system.multicall</methodName><params><param><value><array><data>${'<value><struct><member><name>methodName</name><value><string>supvisors.get_supvisors_state</string></value></member><member><name>params</name><value><array><data></data></array></value></member></struct></value>'.repeat(count)}</data></array></value></param></params></methodCall>`;

describe('limits: logins, multicall, snapshots, sizes, encodings, prototype names', () => {
  let fleet: TestFleet;
  const api = (path: string) => `${fleet.url}/api/v1${path}`;
  const login = (username: string, password: string, headers: Record<string, string> = {}) =>
    fetch(api('/session'), {
      method: 'POST',
      headers: { ...json, ...headers },
      body: JSON.stringify({ username, password }),
    });

  beforeAll(async () => {
    fleet = await startSecuredFleet();
  });
  afterAll(async () => {
    await fleet?.stop();
  });

  it('limits failed logins per user: 429 with Retry-After, even for the right password then', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await login('operator', `wrong-${i}`)).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual([429, 429]);
    const limited = await login('operator', PASSWORDS.operator);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(errorBodySchema.parse(await limited.json()).error.code).toBe('RATE_LIMITED');
    // HTTP basic counts the same way: no way around the limit.
    const viaBasic = await fetch(api('/applications'), { headers: as('operator') });
    expect(viaBasic.status).toBe(429);
    // Another user is not locked out by it.
    expect((await login('viewer', PASSWORDS.viewer)).status).toBe(200);
  });

  it('limits failed logins per address, whatever the names tried', async () => {
    await fleet.restartService({}, ahead(6));
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) {
      statuses.push(
        (await fetch(api('/applications'), { headers: { authorization: basic(`user${i}`, 'x') } })).status,
      );
    }
    expect(statuses.slice(0, 30)).toEqual(Array(30).fill(401));
    expect(statuses.slice(30)).toEqual([429, 429]);
    await fleet.restartService({}, ahead(12));
  });

  it('caps system.multicall at 200 calls with a fault beyond', async () => {
    const headers = { 'content-type': 'text/xml', ...as('viewer') };
    const ok = await raw(`${fleet.url}/RPC2`, { method: 'POST', headers, body: multicall(200) });
    expect(ok.status).toBe(200);
    expect(ok.body.match(/<name>fsm_statename<\/name>/g)).toHaveLength(200);
    const over = await raw(`${fleet.url}/RPC2`, { method: 'POST', headers, body: multicall(201) });
    expect(over.status).toBe(200);
    expect(over.body).toMatch(/<name>faultCode<\/name><value><int>2<\/int>/);
    expect(over.body).toMatch(/at most 200 calls, got 201/);
  });

  it('rate-limits snapshot:request per socket', async () => {
    const socket = io(fleet.url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      extraHeaders: as('viewer'),
    });
    let snapshots = 0;
    socket.on('snapshot', () => snapshots++);
    await new Promise<void>((resolve) => socket.once('snapshot', () => resolve()));
    for (let i = 0; i < 30; i++) socket.emit('snapshot:request');
    // Once all were handled and their answers in: the one on connect and the window's 5.
    await socketDrained(fleet, socket, { node: 'n1', namespec: 'app:p' });
    expect(snapshots).toBe(6);
    expect(socket.connected).toBe(true);
    socket.close();
  });

  it('closes an unauthenticated WebSocket at once, with a clear connect_error', async () => {
    const socket = io(fleet.url, { transports: ['websocket'], forceNew: true, reconnection: false });
    const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
    expect(error.message).toMatch(/authentication required/);
    await new Promise<void>((resolve) => {
      if (socket.io.engine?.readyState === 'closed') resolve();
      else socket.io.engine?.once('close', () => resolve());
    });
    const wrong = io(fleet.url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      auth: { token: 'sft_guess' },
    });
    expect((await new Promise<Error>((resolve) => wrong.once('connect_error', resolve))).message).toMatch(
      /invalid token/,
    );
    socket.close();
    wrong.close();
  });

  it('answers 413 for too large a body, 400 for bad JSON and bad percent-encoding, without a stack trace in the log', async () => {
    const big = await raw(api('/applications/app/start'), {
      method: 'POST',
      headers: { ...json, ...as('operator') },
      body: JSON.stringify({ wait: 'x'.repeat(100_000) }),
    });
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body)).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
    const bigXml = await raw(`${fleet.url}/RPC2`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml', ...as('viewer') },
      body: `<methodCall><methodName>${'x'.repeat(2_000_000)}</methodName></methodCall>`,
    });
    expect(bigXml.status).toBe(413);
    const badJson = await raw(api('/applications/app/start'), {
      method: 'POST',
      headers: { ...json, ...as('operator') },
      body: '{"wait": tru',
    });
    expect(badJson.status).toBe(400);
    for (const path of ['/applications/%FF', '/processes/%E0%A4%A', '/users/%C0']) {
      const answer = await raw(api(path), { headers: as('admin') });
      expect(answer.status, path).toBe(400);
      expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    }
    expect(fleet.problems.filter((line) => /stack|Error/.test(line))).toEqual([]);
  });

  it('treats prototype names as plain unknown names: 404 over REST, BAD_NAME / UNKNOWN_METHOD over XML-RPC', async () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
      for (const path of [
        `/applications/${name}`,
        `/applications/${name}/processes`,
        `/processes/${name}`,
        `/instances/${name}`,
        `/jobs/${name}`,
      ]) {
        const answer = await fetch(api(path), { headers: as('viewer') });
        expect(answer.status, path).toBe(404);
      }
      for (const path of [`/applications/${name}/start`, `/processes/${name}/stop`, `/jobs/${name}/cancel`]) {
        const answer = await fetch(api(path), {
          method: 'POST',
          headers: { ...json, ...as('operator') },
          body: '{}',
        });
        expect(answer.status, path).toBe(404);
      }
      const info = await raw(`${fleet.url}/RPC2`, {
        method: 'POST',
        headers: { 'content-type': 'text/xml', ...as('viewer') },
        body: xmlCall('supvisors.get_application_info', name),
      });
      expect(info.body, name).toMatch(/<int>10<\/int>/);
      const method = await raw(`${fleet.url}/RPC2`, {
        method: 'POST',
        headers: { 'content-type': 'text/xml', ...as('viewer') },
        body: xmlCall(name),
      });
      expect(method.body, name).toMatch(/<int>1<\/int>/);
      const help = await raw(`${fleet.url}/RPC2`, {
        method: 'POST',
        headers: { 'content-type': 'text/xml', ...as('viewer') },
        body: xmlCall('system.methodHelp', name),
      });
      expect(help.body, name).toMatch(/faultCode/);
    }
    expect(fleet.service.store.jobs()).toEqual([]);
    expect(fleet.problems.filter((line) => /stack/.test(line))).toEqual([]);
  });
});
