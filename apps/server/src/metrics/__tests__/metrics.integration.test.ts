import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionResult } from '@supfleet/protocol';
import { io } from 'socket.io-client';
import { program, startTestFleet, until, type TestFleet } from '../../__tests__/fleet-fixture';

const RULES = `<root>
  <application name="app">
    <start_sequence>1</start_sequence>
    <programs><program pattern=""><start_sequence>1</start_sequence><required>true</required></program></programs>
  </application>
</root>`;

const AUTH = { authorization: `Basic ${Buffer.from('ops:pw').toString('base64')}` };

/** The value of one sample of the text exposition, e.g. `supfleet_instances{state="RUNNING"}`. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name) || line.startsWith('#')) continue;
    const match = /^([^{\s]+)(?:\{([^}]*)\})?\s+(\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = new Map([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => found.get(key) === value)) return Number(match[3]);
  }
  return undefined;
}

describe('/metrics', () => {
  let fleet: TestFleet;

  beforeAll(async () => {
    fleet = await startTestFleet({ n1: { 'program:a': program(), 'group:app': { programs: 'a' } } }, RULES, {
      api: { username: 'ops', password: 'pw' },
    });
    await until(fleet.service, () => fleet.service.store.state.instances.n1?.state === 'RUNNING');
  });
  afterAll(async () => {
    await fleet?.stop();
  });

  it('needs a viewer: 401 without credentials', async () => {
    expect((await fetch(`${fleet.url}/metrics`)).status).toBe(401);
  });

  it('shows the fleet, the jobs, the polls, the socket.io clients and the HTTP requests', async () => {
    const started = await fetch(`${fleet.url}/api/v1/applications/app/start`, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'application/json' },
      body: JSON.stringify({ wait: true }),
    });
    expect(((await started.json()) as ActionResult).job.state).toBe('succeeded');
    const socket = io(fleet.url, { transports: ['polling'], forceNew: true, extraHeaders: AUTH });
    await new Promise<void>((resolve) => socket.once('snapshot', () => resolve()));
    try {
      const response = await fetch(`${fleet.url}/metrics`, { headers: AUTH });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = await response.text();
      expect(sample(text, 'supfleet_instances', { state: 'RUNNING' })).toBe(1);
      expect(sample(text, 'supfleet_instances', { state: 'SILENT' })).toBe(0);
      expect(sample(text, 'supfleet_instance_up', { supervisor: 'n1' })).toBe(1);
      expect(
        sample(text, 'supfleet_processes', { application: 'app', supervisor: 'n1', state: 'RUNNING' }),
      ).toBe(1);
      expect(sample(text, 'supfleet_application_status', { application: 'app', status: 'operational' })).toBe(
        1,
      );
      expect(sample(text, 'supfleet_application_status', { application: 'app', status: 'off' })).toBe(0);
      expect(sample(text, 'supfleet_application_state', { application: 'app', state: 'RUNNING' })).toBe(1);
      expect(sample(text, 'supfleet_jobs_started_total', { kind: 'start', target: 'application' })).toBe(1);
      expect(
        sample(text, 'supfleet_jobs_ended_total', {
          kind: 'start',
          target: 'application',
          result: 'succeeded',
        }),
      ).toBe(1);
      expect(
        sample(text, 'supfleet_job_duration_seconds_count', { kind: 'start', result: 'succeeded' }),
      ).toBe(1);
      expect(sample(text, 'supfleet_poll_duration_seconds_count', { supervisor: 'n1' })).toBeGreaterThan(0);
      expect(sample(text, 'supfleet_poll_errors_total', { supervisor: 'n1' })).toBe(0);
      expect(sample(text, 'supfleet_agent_events_total', { supervisor: 'n1' })).toBe(0);
      expect(sample(text, 'supfleet_socketio_clients')).toBe(1);
      expect(
        sample(text, 'supfleet_http_requests_total', {
          method: 'POST',
          route: '/api/v1/applications/:name/start',
          status: '200',
        }),
      ).toBe(1);
      expect(sample(text, 'supfleet_http_requests_total', { route: 'unmatched', status: '401' })).toBe(1);
      expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    } finally {
      socket.disconnect();
    }
  });

  it('counts a lost instance as SILENT with poll errors', async () => {
    fleet.nodes.n1!.pause();
    try {
      await until(fleet.service, () => fleet.service.store.state.instances.n1?.state === 'SILENT', 15_000);
      const text = await (await fetch(`${fleet.url}/metrics`, { headers: AUTH })).text();
      expect(sample(text, 'supfleet_instances', { state: 'SILENT' })).toBe(1);
      expect(sample(text, 'supfleet_instance_up', { supervisor: 'n1' })).toBe(0);
      expect(sample(text, 'supfleet_poll_errors_total', { supervisor: 'n1' })).toBeGreaterThan(0);
    } finally {
      fleet.nodes.n1!.resume();
    }
  });
});
