import type { ActionResult, Job, ServiceAnswer } from '@supfleet/protocol';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ServiceProcess } from '../../__tests__/service-process';
import { sleep, systemClock } from '../../clock/clock';
import { startProcessReplicas, type ProcessReplicas } from './process-replicas';

const TTL_S = 2;
const SLOW_STARTSECS = 3;
// The config's own admin: checked without the database, so the cut replica still answers.
const AUTH = { authorization: `Basic ${Buffer.from('admin:cut-test').toString('base64')}` };

async function api<T>(url: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(url, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { ...AUTH, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as T };
}

const serviceOf = async (replica: ServiceProcess) =>
  (await api<ServiceAnswer>(`${replica.url}/api/v1/service`)).body;

/**
 * The leader's connections to PostgreSQL go through a relay that the test cuts (every open
 * connection reset, new ones refused), while it runs a job and still reaches its supervisord.
 */
describe('the leader cut from PostgreSQL, in a process of its own', () => {
  let setup: ProcessReplicas;

  beforeAll(async () => {
    setup = await startProcessReplicas({
      ttlS: TTL_S,
      startsecs: SLOW_STARTSECS,
      relayDatabase: true,
      settings: { api_username: 'admin', api_password: 'cut-test' },
      headers: AUTH,
    });
  }, 60_000);
  afterAll(async () => {
    await setup?.stop();
  });

  it('stops acting within its term, sends nothing after it, and the other replica leads', async () => {
    const { replicas, toSupervisord, toDatabase } = setup;
    const a = replicas.a!;
    const b = replicas.b!;
    expect(await serviceOf(b)).toMatchObject({ replica: 'b', leader: false, leaderName: 'a' });
    await vi.waitFor(
      async () => expect((await api<unknown[]>(`${a.url}/api/v1/applications`)).body).toHaveLength(2),
      { timeout: 5000, interval: 50 },
    );
    // A job of a in the middle of its run: slow is starting (startsecs 3), b to start after it.
    const started = await api<ActionResult>(`${a.url}/api/v1/applications/app/restart`, {});
    expect(started.status).toBe(202);
    const jobUrl = `${b.url}/api/v1/jobs/${started.body.job.id}`;
    await vi.waitFor(
      () => expect(toSupervisord.a!.calls.map((c) => c.method)).toContain('supervisor.startProcess'),
      { timeout: 5000, interval: 20 },
    );
    const startedAt = Date.now();
    // Saved as running, so the next leader finds it.
    await vi.waitFor(async () => expect((await api<Job>(jobUrl)).body.state).toBe('running'), {
      timeout: 5000,
      interval: 50,
    });

    await toDatabase.a!.cut();
    const cut = Date.now();
    let down = 0;
    await vi.waitFor(
      async () => {
        expect(await serviceOf(a)).toMatchObject({ leader: false });
        down = Date.now();
      },
      { timeout: TTL_S * 1000 + 3000, interval: 50 },
    );
    let takeover = 0;
    await vi.waitFor(
      async () => {
        expect(await serviceOf(b)).toMatchObject({ leader: true, leaderName: 'b' });
        takeover = Date.now();
      },
      { timeout: TTL_S * 3000, interval: 50 },
    );
    // Within its term: its last renewal was less than lease_ttl before the cut.
    expect(down - cut).toBeLessThan(TTL_S * 1000 + 1000);
    expect(a.output()).toMatch(/this replica stops leading/);
    // It serves on without its database: reads, the page, its own status.
    expect(a.child.exitCode).toBeNull();

    // b acts, through its own relay.
    const acted = await api<ActionResult>(`${b.url}/api/v1/processes/other:c/start`, { wait: true });
    expect(acted.body.job.state).toBe('succeeded');
    expect(toSupervisord.b!.calls.map((c) => c.method)).toContain('supervisor.startProcess');
    // Past slow's startsecs, a's job would have gone on with b's start: it sends nothing.
    await sleep(systemClock, Math.max(0, startedAt + SLOW_STARTSECS * 1000 + 1000 - Date.now()));
    expect(toSupervisord.a!.calls.filter((c) => c.at >= down)).toEqual([]);
    expect(toSupervisord.a!.calls.filter((c) => c.at >= takeover)).toEqual([]);
    // The job the cut leader left is interrupted by the new one, never run again.
    const job = (await api<Job>(jobUrl)).body;
    expect(job.state).toBe('interrupted');
    console.log(
      `leader cut from PostgreSQL with lease_ttl ${TTL_S} s: a stopped leading ${down - cut} ms after the cut, b led after ${takeover - cut} ms`,
    );
  }, 40_000);
});
