import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { errorBodySchema, type Snapshot } from '@supfleet/protocol';
import { program, startTestFleet, until, type TestFleet } from '../../__tests__/fleet-fixture';
import { raw, xmlCall } from './raw-request';
import { RULES } from './security-fixture';

// No user at all: loopback requests act as the local admin, and every defence still holds.
describe('nothing cross-site, no foreign Host, security headers (local admin, no user)', () => {
  let fleet: TestFleet;
  let host = '';
  const state = () => fleet.service.store.state.processes['app:p']?.state;

  beforeAll(async () => {
    fleet = await startTestFleet({ n1: { 'program:p': program(), 'group:app': { programs: 'p' } } }, RULES);
    host = new URL(fleet.url).host;
    await until(fleet.service, () => state() === 'STOPPED');
  });
  afterAll(async () => {
    await fleet?.stop();
  });

  it('refuses an HTML form POST (text/plain, urlencoded, multipart) to REST with 415 and starts nothing', async () => {
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const answer = await raw(`${fleet.url}/api/v1/applications/app/start`, {
        method: 'POST',
        headers: { 'content-type': type },
        body: type.startsWith('multipart') ? '--x--' : '{"wait":true}',
      });
      expect(answer.status, type).toBe(415);
      expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
    }
    const bare = await raw(`${fleet.url}/api/v1/stop-all`, { method: 'POST' });
    expect(bare.status).toBe(415);
    expect(fleet.service.store.jobs()).toEqual([]);
    expect(state()).toBe('STOPPED');
  });

  it('refuses a cross-site JSON request by Origin or Sec-Fetch-Site (403), serves a same-origin one', async () => {
    const start = (headers: Record<string, string>) =>
      raw(`${fleet.url}/api/v1/applications/app/start`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: '{}',
      });
    const refused: Record<string, string>[] = [
      { origin: 'http://evil.example' },
      { origin: 'null' },
      { origin: `http://localhost:${new URL(fleet.url).port}` },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
    ];
    for (const headers of refused) {
      const answer = await start(headers);
      expect(answer.status, JSON.stringify(headers)).toBe(403);
      expect(errorBodySchema.parse(JSON.parse(answer.body)).error.message).toMatch(/cross-site/);
    }
    expect(fleet.service.store.jobs()).toEqual([]);
    const same = await start({ origin: fleet.url, 'sec-fetch-site': 'same-origin' });
    expect(same.status).toBe(202);
    await until(fleet.service, () => fleet.service.store.jobs().every((j) => j.state !== 'running'));
    await raw(`${fleet.url}/api/v1/applications/app/stop`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"wait":true}',
    });
  });

  it('takes only text/xml on /RPC2 and refuses a foreign Origin there', async () => {
    const before = fleet.service.store.jobs().length;
    const body = xmlCall('supvisors.start_application', 'CONFIG', 'app');
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const answer = await raw(`${fleet.url}/RPC2`, {
        method: 'POST',
        headers: { 'content-type': type },
        body,
      });
      expect(answer.status, type).toBe(415);
    }
    const foreign = await raw(`${fleet.url}/RPC2`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml', origin: 'http://evil.example' },
      body,
    });
    expect(foreign.status).toBe(403);
    expect(fleet.service.store.jobs()).toHaveLength(before);
    const read = await raw(`${fleet.url}/RPC2`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body: xmlCall('supvisors.get_supvisors_state'),
    });
    expect(read.status).toBe(200);
    expect(read.body).toContain('<methodResponse>');
  });

  it('answers 421 to a Host that is not one of its names (DNS rebinding), everywhere', async () => {
    for (const path of [
      '/api/v1/applications',
      '/RPC2',
      '/',
      '/healthz',
      '/socket.io/?EIO=4&transport=polling',
    ]) {
      const answer = await raw(`${fleet.url}${path}`, {
        method: path === '/RPC2' ? 'POST' : 'GET',
        headers: { host: `attacker.example:${new URL(fleet.url).port}`, 'content-type': 'text/xml' },
        body: path === '/RPC2' ? xmlCall('supvisors.get_supvisors_state') : undefined,
      });
      expect(answer.status, path).toBe(421);
    }
    for (const name of ['localhost', '127.0.0.1', '[::1]']) {
      const answer = await raw(`${fleet.url}/api/v1/applications`, {
        headers: { host: `${name}:${new URL(fleet.url).port}` },
      });
      expect(answer.status, name).toBe(200);
    }
  });

  it('sends the security headers on every answer: CSP without inline script, no framing, nosniff, no referrer', async () => {
    for (const path of ['/api/v1/applications', '/api/docs', '/nowhere', '/api/v1/nowhere']) {
      const answer = await raw(`${fleet.url}${path}`, { headers: { host } });
      const csp = String(answer.headers['content-security-policy']);
      expect(csp, path).toMatch(/frame-ancestors 'none'/);
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(answer.headers['x-frame-options']).toBe('DENY');
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(answer.headers['referrer-policy']).toBe('no-referrer');
      expect(answer.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it('refuses a socket.io handshake from a foreign Origin, serves one from its own', async () => {
    for (const transport of ['polling', 'websocket'] as const) {
      const foreign = io(fleet.url, {
        transports: [transport],
        forceNew: true,
        reconnection: false,
        extraHeaders: { origin: 'http://evil.example' },
      });
      const error = await new Promise<Error>((resolve) => foreign.once('connect_error', resolve));
      expect(error.message, transport).toMatch(/xhr poll error|websocket error/);
      foreign.close();
    }
    const own = io(fleet.url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      extraHeaders: { origin: fleet.url },
    });
    const snapshot = await new Promise<Snapshot>((resolve) => own.once('snapshot', resolve));
    expect(snapshot.applications.map((a) => a.name)).toEqual(['app']);
    own.close();
  });
});
