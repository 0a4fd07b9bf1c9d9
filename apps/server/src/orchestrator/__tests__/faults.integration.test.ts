import { afterEach, describe, expect, it } from 'vitest';
import type { ActionResult, Job } from '@supfleet/protocol';
import { post, program, startTestFleet, until, type TestFleet } from '../../__tests__/fleet-fixture';

const RULES = `<root><application name="app"><programs>
  <program pattern=""><start_sequence>1</start_sequence><required>true</required></program>
</programs></application></root>`;

/** A program that ignores SIGTERM: its stop takes stopwaitsecs, long enough to kill its supervisord meanwhile. */
const stubborn = program({
  command: `/bin/sh -c "trap '' TERM; while true; do sleep 0.2; done"`,
  stopwaitsecs: 20,
  stopasgroup: false,
  killasgroup: true,
});

const nodes = {
  n1: { 'program:a': program(), 'group:app': { programs: 'a' } },
  n2: { 'program:b': stubborn, 'program:c': program({ startsecs: 4 }), 'group:app': { programs: 'b,c' } },
};

describe('jobs under faults of real supervisord: a clear result, well within their timeouts', () => {
  let fleet: TestFleet | undefined;
  const api = (path: string) => `${fleet!.url}/api/v1${path}`;
  afterEach(async () => {
    await fleet?.stop();
    fleet = undefined;
  });

  async function runningFleet(): Promise<TestFleet> {
    fleet = await startTestFleet(nodes, RULES);
    await until(fleet.service, () => fleet!.service.store.state.instances.n2?.state === 'RUNNING');
    await until(fleet.service, () => fleet!.service.store.state.instances.n1?.state === 'RUNNING');
    const started = await post<ActionResult>(api('/applications/app/start'), { wait: true });
    expect(started.body.job.state).toBe('succeeded');
    return fleet;
  }

  /** Starts the job, kills n2 while the job stops app:b (20 s stopwaitsecs), and returns the job's end. */
  async function killDuringStop(kind: 'stop' | 'restart'): Promise<{ job: Job; afterKillMs: number }> {
    const f = await runningFleet();
    const { body } = await post<ActionResult>(api(`/applications/app/${kind}`));
    // supervisord has taken the stop (app:b is STOPPING there) and waits for stopwaitsecs.
    await until(
      f.service,
      () => f.service.store.state.processes['app:b']?.instances[0]?.state === 'STOPPING',
      10_000,
      'app:b stopping',
    );
    const killed = Date.now();
    await f.nodes.n2!.kill();
    await until(f.service, () => f.service.store.job(body.job.id)?.state !== 'running', 15_000, 'job end');
    return { job: f.service.store.job(body.job.id)!, afterKillMs: Date.now() - killed };
  }

  it('kill -9 of a supervisord during a stop job: failed at once, saying the instance was lost', async () => {
    const { job, afterKillMs } = await killDuringStop('stop');
    expect(job.state).toBe('failed');
    expect(job.error).toContain('app:b: n2 lost before the stop was confirmed');
    expect(afterKillMs).toBeLessThan(10_000);
    expect(fleet!.service.store.state.processes['app:a']?.state).toBe('STOPPED');
  }, 60_000);

  it('kill -9 of a supervisord during a restart job: the start of what it defined fails with the reason', async () => {
    const { job, afterKillMs } = await killDuringStop('restart');
    expect(job.state).toBe('failed');
    expect(job.error).toContain('app:b: n2 lost before the stop was confirmed');
    expect(afterKillMs).toBeLessThan(10_000);
    expect(fleet!.service.store.state.applications.app?.jobId).toBeNull();
  }, 60_000);

  it('a supervisord restarted during a start job: the job fails clearly, the instance is resynced', async () => {
    // Nothing stubborn on n2 here: supervisord's restart stops its programs first.
    fleet = await startTestFleet(
      { n1: nodes.n1, n2: { 'program:c': program({ startsecs: 4 }), 'group:app': { programs: 'c' } } },
      RULES,
    );
    const f = fleet;
    await until(f.service, () =>
      ['n1', 'n2'].every((id) => f.service.store.state.instances[id]?.state === 'RUNNING'),
    );
    const pid = f.nodes.n2!.pid;
    const { body } = await post<ActionResult>(api('/applications/app/start'));
    // app:c takes startsecs 4 to be RUNNING: restart its supervisord meanwhile.
    await until(
      f.service,
      () => f.service.store.state.processes['app:c']?.state === 'STARTING',
      10_000,
      'app:c STARTING',
    );
    const restarted = Date.now();
    await f.nodes.n2!.client.call('supervisor.restart');
    await until(f.service, () => f.service.store.job(body.job.id)?.state !== 'running', 20_000, 'job end');
    const job = f.service.store.job(body.job.id)!;
    expect(job.state).toBe('failed');
    expect(job.error).toMatch(/app:c: (n2 lost|stopped while starting)/);
    expect(job.ranks[0]?.processes.find((p) => p.namespec === 'app:c')?.step).toBe('failed');
    expect(Date.now() - restarted).toBeLessThan(15_000);
    // Back with the same pid (supervisord re-executes itself) but a fresh state: resynced, RUNNING.
    await until(f.service, () => f.service.store.state.instances.n2?.state === 'RUNNING', 15_000, 'n2 back');
    expect(f.nodes.n2!.pid).toBe(pid);
    expect(f.service.store.state.processes['app:c']?.state).toBe('STOPPED');
  }, 60_000);
});
