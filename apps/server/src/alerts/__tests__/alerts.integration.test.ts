import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertConfig } from '../../config/parse-alerts';
import type { HistoryEntry } from '@supfleet/protocol';
import {
  get,
  post,
  program,
  runClock,
  settleOnClock,
  startTestFleet,
  type TestFleet,
} from '../../__tests__/fleet-fixture';
import { createFakeClock } from '../../clock/fake-clock';
import { signature, SIGNATURE_HEADER } from '../alert-channels';

const RULES = `<root>
  <application name="app">
    <start_sequence>1</start_sequence>
    <programs><program pattern=""><start_sequence>1</start_sequence><required>true</required></program></programs>
  </application>
  <application name="flaky">
    <programs><program pattern=""><required>true</required></program></programs>
  </application>
</root>`;

interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A real HTTP receiver: records every POST; /flaky answers 500 to the first two. */
async function startReceiver(): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  let flakyCalls = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (req.url === '/flaky' && ++flakyCalls <= 2) {
        res.writeHead(500).end('not now');
        return;
      }
      received.push({ path: req.url ?? '', headers: req.headers, body });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, server };
}

/** A real SMTP server (smtp-server): records every message. */
async function startSmtp(): Promise<{ port: number; mails: string[]; server: SMTPServer }> {
  const mails: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      let text = '';
      stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
      stream.on('end', () => {
        mails.push(text);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.server.address() as AddressInfo).port, mails, server };
}

const alert = (overrides: Partial<AlertConfig> & Pick<AlertConfig, 'name' | 'channel'>): AlertConfig => ({
  url: null,
  to: [],
  secret: null,
  events: ['application', 'instance', 'job', 'conflict'],
  applications: null,
  debounceMs: 500,
  ...overrides,
});

/** The service runs on a fake clock: debounces and retries pass as the test moves it. */
describe('alerts, to a real HTTP receiver and a real SMTP server', () => {
  let fleet: TestFleet;
  const clock = createFakeClock(Date.now());
  /** Moves the clock on until `read` finds something (a delivery is real I/O), and gives it. */
  const eventually = async <T>(read: () => T | undefined, what: string): Promise<T> => {
    await runClock(clock, () => read() !== undefined, { what, limitMs: 60_000 });
    return read()!;
  };
  const alertHistory = async () =>
    (await get<HistoryEntry[]>(`${fleet.url}/api/v1/history?kind=alert`)).body.map((e) => e.message);
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  const at = (path: string) => receiver.received.filter((r) => r.path === path);
  const bodies = (path: string) =>
    at(path).map((r) => JSON.parse(r.body) as { state: string; summary: string; text: string });

  beforeAll(async () => {
    receiver = await startReceiver();
    smtp = await startSmtp();
    fleet = await startTestFleet(
      {
        n1: {
          'program:a': program(),
          'program:b': program(),
          'group:app': { programs: 'a,b' },
          'program:bad': program({ command: '/bin/sh -c "exit 3"', startsecs: 1, startretries: 0 }),
          'group:flaky': { programs: 'bad' },
        },
        n2: { 'program:other': program() },
      },
      RULES,
      {
        // The fake clock runs up to 4× real time: 4 s of silence on it is a second of real time.
        silentAfterMs: 4000,
        lostAfterMs: 4000,
        smtp: {
          host: '127.0.0.1',
          port: smtp.port,
          secure: false,
          username: null,
          password: null,
          from: 'supfleet@example.com',
        },
        alerts: [
          alert({
            name: 'hook',
            channel: 'webhook',
            url: `${receiver.url}/hook`,
            secret: 's3cret',
            applications: ['app'],
          }),
          alert({ name: 'chat', channel: 'slack', url: `${receiver.url}/slack`, events: ['instance'] }),
          alert({
            name: 'mail',
            channel: 'email',
            to: ['ops@example.com'],
            events: ['application'],
            applications: ['app'],
          }),
          alert({ name: 'jobs', channel: 'webhook', url: `${receiver.url}/flaky`, events: ['job'] }),
          // The default debounce: a supervisord back within it alerts nothing.
          alert({
            name: 'patient',
            channel: 'webhook',
            url: `${receiver.url}/patient`,
            events: ['instance'],
            debounceMs: 30_000,
          }),
        ],
      },
      { clock },
    );
    // Both supervisord synced, so that the application is known before a test acts on it.
    await runClock(clock, () =>
      ['n1', 'n2'].every((id) => fleet.service.store.state.instances[id]?.state === 'RUNNING'),
    );
  });
  afterAll(async () => {
    await fleet?.stop();
    receiver?.server.close();
    await new Promise<void>((resolve) => (smtp ? smtp.server.close(() => resolve()) : resolve()));
  });

  it('says nothing of a start and a restart someone asked for', async () => {
    const act = (action: string) =>
      settleOnClock(clock, post(`${fleet.url}/api/v1/applications/app/${action}`, { wait: true }));
    expect((await act('start')).status).toBe(200);
    expect((await act('restart')).status).toBe(200);
    // Past the debounce: an alert would have been sent (and put in the history) by then.
    const past = clock.now() + 500;
    await runClock(clock, () => clock.now() > past, { what: 'the debounce over' });
    expect(await alertHistory()).toEqual([]);
    expect(at('/hook')).toEqual([]);
    expect(smtp.mails).toEqual([]);
  });

  it('alerts when the LED turns red behind supfleet\'s back, signed, by webhook and e-mail; then "resolved"', async () => {
    await fleet.nodes.n1!.client.stopProcess('app:b', true);
    const firing = await eventually(
      () => bodies('/hook').find((b) => b.state === 'firing'),
      'the webhook alert',
    );
    expect(firing.summary).toBe('app Not Operational');
    expect(bodies('/hook')[0]).toEqual(firing);
    const request = at('/hook')[0]!;
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers[SIGNATURE_HEADER.toLowerCase()]).toBe(signature(request.body, 's3cret'));
    const mail = await eventually(
      () => smtp.mails.find((m) => m.includes('ALERT: app Not Operational')),
      'the e-mail',
    );
    expect(mail).toMatch(/^To: ops@example\.com/m);
    expect(mail).toMatch(/^From: supfleet@example\.com/m);

    await fleet.nodes.n1!.client.startProcess('app:b', true);
    const resolved = await eventually(
      () => bodies('/hook').find((b) => b.state === 'resolved'),
      'the resolved webhook',
    );
    expect(resolved.summary).toBe('app Operational');
    await eventually(
      () => smtp.mails.find((m) => m.includes('RESOLVED: app Operational')),
      'the resolved e-mail',
    );
  });

  it('alerts an instance lost and back on the Slack-compatible webhook; a loss shorter than the debounce alerts nothing', async () => {
    fleet.nodes.n2!.pause();
    let lostAt = 0;
    try {
      await runClock(clock, () => fleet.service.store.state.instances.n2?.lost === true, { what: 'n2 lost' });
      lostAt = clock.now();
      const lost = await eventually(
        () =>
          at('/slack')
            .map((r) => JSON.parse(r.body) as { text: string })
            .find((b) => b.text.startsWith('ALERT: n2 lost')),
        'the Slack alert',
      );
      expect(lost.text).toMatch(/^ALERT: n2 lost/);
    } finally {
      fleet.nodes.n2!.resume();
    }
    await eventually(
      () =>
        at('/slack')
          .map((r) => JSON.parse(r.body) as { text: string })
          .find((b) => b.text.startsWith('RESOLVED: n2 back')),
      'the Slack resolved',
    );
    expect(clock.now() - lostAt).toBeLessThan(30_000);
    // Past the end of the patient alert's debounce: it would have been sent (and put in the history) by then.
    await runClock(clock, () => clock.now() > lostAt + 30_000, { what: 'the debounce over' });
    expect((await alertHistory()).filter((message) => message.startsWith('alert patient'))).toEqual([]);
    expect(at('/patient')).toEqual([]);
  });

  it('alerts a failed job, retrying a receiver that fails first, without slowing the service', async () => {
    const { status } = await settleOnClock(
      clock,
      post(`${fleet.url}/api/v1/processes/flaky:bad/start`, { wait: true }),
    );
    expect(status).toBe(200);
    const health = await fetch(`${fleet.url}/healthz`);
    expect(health.status).toBe(200);
    const failed = await eventually(
      () => bodies('/flaky').find((b) => b.summary.includes('failed')),
      'the job alert',
    );
    expect(failed.summary).toBe('start of flaky:bad failed');
    // Two refusals, then the third try (the backoff's timing: alert-engine.test.ts).
    const metrics = await (await fetch(`${fleet.url}/metrics`)).text();
    expect(metrics).toMatch(
      /^supfleet_alerts_total\{alert="jobs",channel="webhook",result="delivered"\} 1$/m,
    );
    expect(metrics).toMatch(
      /^supfleet_alerts_total\{alert="hook",channel="webhook",result="delivered"\} [2-9]$/m,
    );
    expect(await alertHistory()).toEqual(
      expect.arrayContaining([
        'alert hook: ALERT: app Not Operational',
        'alert hook: RESOLVED: app Operational',
      ]),
    );
  });
});
