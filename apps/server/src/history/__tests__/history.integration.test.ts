import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionResult, HistoryEntry } from '@supfleet/protocol';
import {
  connect,
  get,
  post,
  program,
  startTestFleet,
  until,
  type TestFleet,
} from '../../__tests__/fleet-fixture';
import { eventually } from '../../__tests__/eventually';

const RULES = `<root>
  <application name="app">
    <start_sequence>1</start_sequence>
    <programs><program pattern=""><start_sequence>1</start_sequence><required>true</required></program></programs>
  </application>
</root>`;

describe('history', () => {
  let fleet: TestFleet;
  const history = async (query = '') =>
    (await get<HistoryEntry[]>(`${fleet.url}/api/v1/history${query}`)).body;

  beforeAll(async () => {
    fleet = await startTestFleet(
      {
        n1: { 'program:a': program(), 'group:app': { programs: 'a' } },
        n2: { 'program:other': program() },
      },
      RULES,
    );
    // Both supervisord synced, so that the application is known before a test acts on it.
    await until(fleet.service, () =>
      ['n1', 'n2'].every((id) => fleet.service.store.state.instances[id]?.state === 'RUNNING'),
    );
  });
  afterAll(async () => {
    await fleet?.stop();
  });

  it('keeps a started job with its actor, the LED and the process transitions, newest first, live over socket.io', async () => {
    const socket = connect(fleet.url);
    const live: HistoryEntry[] = [];
    socket.on('history:entry', (entry) => live.push(entry));
    await new Promise<void>((resolve) => socket.once('snapshot', () => resolve()));
    try {
      const { body } = await post<ActionResult>(`${fleet.url}/api/v1/applications/app/start`);
      const jobId = body.job.id;
      const entries = await eventually(async () => {
        const found = await history('?application=app');
        return found.some((e) => e.kind === 'job' && e.data.state === 'succeeded') ? found : undefined;
      }, 'the end of the job in the history');
      const messages = entries.map((e) => e.message);
      expect(messages).toContain(`start of app by admin local (${jobId})`);
      expect(messages.find((m) => m.startsWith('start of app by local succeeded in '))).toBeDefined();
      expect(messages).toContain('app RUNNING');
      expect(messages).toContain('app Operational');
      expect(messages).toContain('app:a RUNNING on n1');
      // Newest first.
      const times = entries.map((e) => e.at);
      expect([...times].sort((a, b) => b - a)).toEqual(times);
      expect(entries.find((e) => e.kind === 'action')).toMatchObject({ actor: 'local', application: 'app' });
      await eventually(
        () => live.some((e) => e.kind === 'job' && e.data.state === 'succeeded'),
        'the live entry',
      );
      expect(live.map((e) => e.message)).toEqual(
        expect.arrayContaining(['app RUNNING', 'app:a RUNNING on n1']),
      );
    } finally {
      socket.disconnect();
    }
  });

  it('keeps an instance lost and back; filters by instance, process, kind and time', async () => {
    const before = Date.now();
    fleet.nodes.n2!.pause();
    await until(fleet.service, () => fleet.service.store.state.instances.n2?.state === 'SILENT', 15_000);
    fleet.nodes.n2!.resume();
    await until(fleet.service, () => fleet.service.store.state.instances.n2?.state === 'RUNNING', 15_000);
    const n2 = await eventually(async () => {
      const found = await history(`?instance=n2&since=${before}`);
      return found.length >= 2 ? found : undefined;
    }, 'n2 lost and back');
    expect(n2.map((e) => e.message.replace(/:.*/, ''))).toEqual(['n2 back', 'n2 lost']);
    expect(n2.every((e) => e.kind === 'instance' && e.instance === 'n2')).toBe(true);
    expect(await history(`?instance=n2&until=${before}&since=${before - 1}`)).toEqual([]);
    const processEntries = await history('?process=app:a');
    expect(processEntries.length).toBeGreaterThan(0);
    expect(processEntries.every((e) => e.process === 'app:a')).toBe(true);
    expect((await history('?kind=job&limit=1')).length).toBe(1);
    expect(await history(`?since=${new Date(before).toISOString()}&kind=instance`)).toEqual(n2);
  });

  it('refuses a bad query with a 400 and the reason', async () => {
    const { status, body } = await get<{ error: { message: string } }>(
      `${fleet.url}/api/v1/history?since=yesterday`,
    );
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/since/);
    const unknown = await get<{ error: { message: string } }>(`${fleet.url}/api/v1/history?colour=red`);
    expect(unknown.status).toBe(400);
  });

  it('is kept across a restart of the service', async () => {
    const count = (await history()).length;
    await fleet.restartService({});
    expect((await history()).length).toBeGreaterThanOrEqual(count);
  });
});
