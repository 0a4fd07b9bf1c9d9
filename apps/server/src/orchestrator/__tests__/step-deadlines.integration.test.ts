import { afterEach, describe, expect, it } from 'vitest';
import type { ActionResult, Job } from '@supfleet/protocol';
import { createFakeClock } from '../../clock/fake-clock';
import {
  get,
  post,
  program,
  runClock,
  startTestFleet,
  until,
  type TestFleet,
} from '../../__tests__/fleet-fixture';

const RULES = `<root>
  <application name="nfs">
    <programs>
      <program name="mount">
        <start_sequence>1</start_sequence>
        <wait_exit>true</wait_exit>
        <wait_exit_timeout>30</wait_exit_timeout>
        <required>true</required>
      </program>
      <program name="after"><start_sequence>2</start_sequence></program>
    </programs>
  </application>
</root>`;

/** Step deadlines run on the service's clock: a fake one here, so that 30 s pass at once. */
describe('step deadlines', () => {
  let fleet: TestFleet | undefined;
  afterEach(async () => {
    await fleet?.stop();
    fleet = undefined;
  });

  it('a wait_exit process that never exits fails at its wait_exit_timeout, and the page is told what it waits for', async () => {
    const clock = createFakeClock(Date.now());
    fleet = await startTestFleet(
      {
        n1: {
          // An NFS wait whose mount never comes.
          'program:mount': program({ command: '/bin/sh -c "sleep 600"', exitcodes: '0' }),
          'program:after': program(),
          'group:nfs': { programs: 'mount,after' },
        },
      },
      RULES,
      // Liveness is not under test: a slow answer on a loaded machine must not make n1 lost.
      { silentAfterMs: 60_000, lostAfterMs: 120_000 },
      { clock },
    );
    const service = fleet.service;
    await until(service, () => service.store.state.instances.n1?.state === 'RUNNING');
    const { body } = await post<ActionResult>(`${fleet.url}/api/v1/applications/nfs/start`);
    const step = (job: Job | undefined) => job?.ranks[0]?.processes[0];
    await runClock(clock, () => step(service.store.job(body.job.id))?.step === 'waiting-exit', {
      what: 'waiting-exit',
      limitMs: 20_000,
    });

    const { body: seen } = await get<Job>(`${fleet.url}/api/v1/jobs/${body.job.id}`);
    const waiting = step(seen)!;
    expect(waiting).toMatchObject({ namespec: 'nfs:mount', instance: 'n1', waitingFor: 'an expected exit' });
    // Since it began to wait for the exit; the deadline counts from the start of the step.
    expect(waiting.since).toBeGreaterThanOrEqual(seen.createdAt);
    expect(waiting.deadline! - seen.createdAt).toBeGreaterThanOrEqual(30_000);
    expect(waiting.deadline! - seen.createdAt).toBeLessThanOrEqual(
      30_000 + (waiting.since! - seen.createdAt),
    );

    // Nothing ends the wait but the deadline: just before it, the job still runs; just after, it has failed.
    // The monitors run on the same clock: it moves at a pace their polls keep up with.
    const justBefore = waiting.deadline! - 100;
    await runClock(clock, () => clock.now() + 100 > justBefore, { stepMs: 100, what: 'the deadline near' });
    await clock.advance(justBefore - clock.now());
    expect(service.store.job(body.job.id)?.state).toBe('running');
    await clock.advance(100);
    await until(service, () => service.store.job(body.job.id)?.state !== 'running', 5000, 'the job end');
    const job = service.store.job(body.job.id)!;
    expect(job.state).toBe('failed');
    expect(step(job)).toMatchObject({ step: 'failed', message: 'did not exit in time', waitingFor: null });
    expect(job.ranks[1]?.processes[0]?.step).toBe('skipped');
    expect(job.endedAt).toBe(waiting.deadline);
    // The attempt does not go on by itself.
    await until(
      service,
      () => service.store.state.processes['nfs:mount']?.state === 'STOPPED',
      5000,
      'stopped',
    );
  }, 60_000);
});
