import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import type { Snapshot } from '@supfleet/protocol';
import { program, startTestFleet, until, type TestFleet } from '../../__tests__/fleet-fixture';

const run = promisify(execFile);
const RULES = `<root><application name="app"><programs><program pattern=""><start_sequence>1</start_sequence></program></programs></application></root>`;
const API = { username: 'ops', password: 'pa:ss wörd' };
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('api_username / api_password', () => {
  let fleet: TestFleet;

  beforeAll(async () => {
    fleet = await startTestFleet({ n1: { 'program:p': program(), 'group:app': { programs: 'p' } } }, RULES, {
      api: API,
    });
    await until(fleet.service, () => fleet.service.store.state.processes['app:p'] !== undefined);
  });
  afterAll(async () => {
    await fleet?.stop();
  });

  it('answers 401 with a challenge without credentials or with wrong ones, 200 with the right ones', async () => {
    const bare = await fetch(`${fleet.url}/api/v1/applications`);
    expect(bare.status).toBe(401);
    expect(bare.headers.get('www-authenticate')).toMatch(/^Basic realm="supfleet"/);
    expect(((await bare.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
    const wrong = await fetch(`${fleet.url}/api/v1/applications`, {
      headers: { authorization: basic('ops', 'guess') },
    });
    expect(wrong.status).toBe(401);
    const right = await fetch(`${fleet.url}/api/v1/applications`, {
      headers: { authorization: basic(API.username, API.password) },
    });
    expect(right.status).toBe(200);
    expect(((await right.json()) as { name: string }[]).map((a) => a.name)).toEqual(['app']);
  });

  it('protects XML-RPC: the seed snippet works with SUPERVISOR_USERNAME / SUPERVISOR_PASSWORD only', async () => {
    const script = `
import sys
from supervisor.childutils import getRPCInterface
env = {'SUPERVISOR_SERVER_URL': sys.argv[1]}
if len(sys.argv) > 2: env.update(SUPERVISOR_USERNAME=sys.argv[2], SUPERVISOR_PASSWORD=sys.argv[3])
try:
    print(getRPCInterface(env).supvisors.get_application_info('app')['statename'])
except Exception as error:
    print(type(error).__name__, getattr(error, 'errcode', ''))
`;
    const refused = await run('/usr/bin/python3', ['-c', script, fleet.url]);
    expect(refused.stdout.trim()).toBe('ProtocolError 401');
    const accepted = await run('/usr/bin/python3', ['-c', script, fleet.url, API.username, API.password]);
    expect(accepted.stdout.trim()).toBe('STOPPED');
  });

  it('refuses a socket.io client without credentials and serves one with them', async () => {
    const refused = io(fleet.url, { transports: ['polling'], forceNew: true, reconnection: false });
    const error = await new Promise<Error>((resolve) => refused.once('connect_error', resolve));
    expect(error.message).toMatch(/authentication required/);
    refused.close();
    const websocketOnly = io(fleet.url, { transports: ['websocket'], forceNew: true, reconnection: false });
    const refusal = await new Promise<Error>((resolve) => websocketOnly.once('connect_error', resolve));
    expect(refusal.message).toMatch(/authentication required/);
    websocketOnly.close();

    const accepted = io(fleet.url, {
      transports: ['polling'],
      forceNew: true,
      extraHeaders: { authorization: basic(API.username, API.password) },
    });
    const snapshot = await new Promise<Snapshot>((resolve) => accepted.once('snapshot', resolve));
    expect(snapshot.applications.map((a) => a.name)).toEqual(['app']);
    accepted.close();
  });
});
