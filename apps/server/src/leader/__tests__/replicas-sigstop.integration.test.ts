import type { ActionResult, Job, ServiceAnswer } from '@supfleet/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../__tests__/eventually';
import { get, post } from '../../__tests__/fleet-fixture';
import type { ServiceProcess } from '../../__tests__/service-process';
import { sleep, systemClock } from '../../clock/clock';
import { startProcessReplicas, type ProcessReplicas } from './process-replicas';

const TTL_S = 2;

async function within<T>(limitMs: number, what: string, probe: () => Promise<T | undefined>): Promise<T> {
  return eventually(probe, what, { timeoutMs: limitMs });
}

const serviceOf = async (replica: ServiceProcess) =>
  (await get<ServiceAnswer>(`${replica.url}/api/v1/service`)).body;

/**
 * End to end, with real processes: on waking, the leader's overdue lease timer (it steps down)
 * and the fence both keep it from sending; its timers run before any answer it was waiting for,
 * so this passes even without the fence. The fence alone is proven where the replica still
 * believes it leads (replicas.integration.test.ts, pauseRenewals; leadership.test.ts).
 */
describe('a replica stopped by SIGSTOP past its term, in a process of its own', () => {
  let setup: ProcessReplicas;

  beforeAll(async () => {
    setup = await startProcessReplicas({ ttlS: TTL_S, startsecs: 3 });
  }, 60_000);
  afterAll(async () => {
    await setup?.stop();
  });

  it('sends nothing through its relay after the other took over, and its job ends with the reason', async () => {
    const { replicas, toSupervisord: relays } = setup;
    const a = replicas.a!;
    const b = replicas.b!;
    expect(await serviceOf(b)).toMatchObject({ replica: 'b', leader: false, leaderName: 'a' });
    await within(5000, 'fleet seen', async () =>
      (await serviceOf(a)) && (await get<unknown[]>(`${a.url}/api/v1/applications`)).body.length === 2
        ? true
        : undefined,
    );
    const started = await post<ActionResult>(`${a.url}/api/v1/applications/app/restart`, {});
    expect(started.status).toBe(202);
    await within(5000, 'slow started', () =>
      Promise.resolve(relays.a!.calls.some((c) => c.method === 'supervisor.startProcess') || undefined),
    );
    a.child.kill('SIGSTOP');
    const stopped = Date.now();
    const takeover = await within(TTL_S * 3000, 'b leads', async () =>
      (await serviceOf(b)).leader ? Date.now() : undefined,
    );
    // b acts while a sleeps.
    const acted = await post<ActionResult>(`${b.url}/api/v1/processes/other:c/start`, { wait: true });
    expect(acted.body.job.state).toBe('succeeded');
    expect(relays.b!.calls.map((c) => c.method)).toContain('supervisor.startProcess');
    // a wakes past slow's startsecs: its job would go on with b's start.
    await sleep(systemClock, Math.max(0, stopped + 3500 - Date.now()));
    a.child.kill('SIGCONT');
    const job = await within(8000, 'a job ended', async () => {
      const answer = await get<Job>(`${a.url}/api/v1/jobs/${started.body.job.id}`);
      return answer.body.state === 'running' ? undefined : answer.body;
    });
    expect(['interrupted', 'failed']).toContain(job.state);
    expect(job.error).toMatch(/stopped leading|no longer leads/);
    await within(3000, 'a follows', async () => ((await serviceOf(a)).leaderName === 'b' ? true : undefined));
    expect(await serviceOf(a)).toMatchObject({ leader: false, leaderName: 'b' });
    expect(relays.a!.calls.filter((c) => c.at >= takeover)).toEqual([]);
    console.log(
      `SIGSTOP failover with lease_ttl ${TTL_S} s: b led ${takeover - stopped} ms after a was stopped`,
    );
  }, 30_000);
});
