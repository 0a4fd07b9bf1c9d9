import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionResult, Job } from '@supfleet/protocol';
import { post, program, startTestFleet, until, type TestFleet } from '../../__tests__/fleet-fixture';

/** bad is required and goes FATAL at once; good starts with it at rank 1; later is rank 2. */
const strategyApp = (name: string, strategy: string) => `
  <application name="${name}">
    <starting_failure_strategy>${strategy}</starting_failure_strategy>
    <programs>
      <program name="bad"><start_sequence>1</start_sequence><required>true</required></program>
      <program name="good"><start_sequence>1</start_sequence></program>
      <program name="later"><start_sequence>2</start_sequence></program>
    </programs>
  </application>`;

const RULES = `<root>
  ${strategyApp('abort_app', 'ABORT')}
  ${strategyApp('stop_app', 'STOP')}
  ${strategyApp('continue_app', 'CONTINUE')}
  <application name="waiter">
    <programs>
      <program name="check"><start_sequence>1</start_sequence><wait_exit>true</wait_exit><required>true</required></program>
      <program name="after"><start_sequence>2</start_sequence></program>
    </programs>
  </application>
  <application name="slow">
    <programs><program name="loop"><start_sequence>1</start_sequence><required>true</required></program></programs>
  </application>
</root>`;

describe('starting failures on a real supervisord (SPEC section 6)', () => {
  let fleet: TestFleet;
  const api = (path: string) => `${fleet.url}/api/v1${path}`;
  /** What supervisord itself says, not what supfleet thinks. */
  const onSupervisord = async (namespec: string) => fleet.nodes.n1!.client.getProcessInfo(namespec);
  const start = async (application: string): Promise<Job> =>
    (await post<ActionResult>(api(`/applications/${application}/start`), { wait: true })).body.job;
  const step = (job: Job, namespec: string) =>
    job.ranks.flatMap((r) => r.processes).find((p) => p.namespec === namespec);

  beforeAll(async () => {
    // One program may belong to several groups: each group gets its own process.
    fleet = await startTestFleet(
      {
        n1: {
          'program:bad': program({ command: '/bin/false', startsecs: 1, startretries: 0 }),
          'program:good': program(),
          'program:later': program(),
          'group:abort_app': { programs: 'bad,good,later' },
          'group:stop_app': { programs: 'bad,good,later' },
          'group:continue_app': { programs: 'bad,good,later' },
          'program:check': program({ command: '/bin/sh -c "sleep 0.3; exit 3"', exitcodes: '0' }),
          'program:after': program(),
          'group:waiter': { programs: 'check,after' },
          // Exits before startsecs again and again: STARTING / BACKOFF for minutes, never RUNNING, never FATAL.
          'program:loop': program({
            command: '/bin/sh -c "sleep 0.3; exit 1"',
            startsecs: 1,
            startretries: 100,
          }),
          'group:slow': { programs: 'loop' },
        },
      },
      RULES,
    );
    await until(
      fleet.service,
      () => Object.keys(fleet.service.store.state.processes).length === 12,
      10_000,
      'processes known',
    );
  });
  afterAll(async () => {
    await fleet?.stop();
  });

  it('ABORT: a required process going FATAL stops the start after its rank', async () => {
    const job = await start('abort_app');
    expect(job.state).toBe('failed');
    expect(step(job, 'abort_app:bad')?.step).toBe('failed');
    expect(step(job, 'abort_app:bad')?.message).toMatch(/^(FATAL|SPAWN_ERROR)/);
    expect(job.error).toMatch(/ABORT/);
    expect(step(job, 'abort_app:later')?.step).toBe('skipped');
    expect((await onSupervisord('abort_app:good')).statename).toBe('RUNNING');
    expect(await onSupervisord('abort_app:later')).toMatchObject({ statename: 'STOPPED', start: 0 });
  });

  it('STOP: a required process going FATAL stops the whole application', async () => {
    const job = await start('stop_app');
    expect(job.state).toBe('failed');
    expect(job.error).toMatch(/STOP/);
    expect(job.ranks.map((r) => r.phase)).toContain('stop');
    expect(step(job, 'stop_app:later')?.step).toBe('stopped');
    const good = await onSupervisord('stop_app:good');
    expect(good.statename).toBe('STOPPED');
    expect(good.start).toBeGreaterThan(0);
    expect(await onSupervisord('stop_app:later')).toMatchObject({ statename: 'STOPPED', start: 0 });
  });

  it('CONTINUE: the next ranks start anyway, and the failure is reported', async () => {
    const job = await start('continue_app');
    expect(job.state).toBe('failed');
    expect(job.error).toMatch(/continue_app:bad: (FATAL|SPAWN_ERROR)/);
    expect(job.error).not.toMatch(/ABORT|STOP/);
    expect((await onSupervisord('continue_app:later')).statename).toBe('RUNNING');
  });

  it('wait_exit: an exit with a code not in exitcodes fails the process and the rank after it does not start', async () => {
    const job = await start('waiter');
    expect(job.state).toBe('failed');
    expect(step(job, 'waiter:check')).toMatchObject({
      step: 'failed',
      message: 'exited with status 3 (not expected)',
    });
    expect(step(job, 'waiter:after')?.step).toBe('skipped');
    expect(await onSupervisord('waiter:after')).toMatchObject({ statename: 'STOPPED', start: 0 });
  });

  it('fails a process still not RUNNING after startsecs plus the margin, and stops the attempt', async () => {
    const began = Date.now();
    const job = await start('slow');
    const took = Date.now() - began;
    expect(step(job, 'slow:loop')).toMatchObject({
      step: 'failed',
      message: 'not RUNNING within startsecs 1 s',
    });
    // startsecs 1 s + 3 s margin + one poll period; supervisord alone would retry for minutes.
    expect(took).toBeGreaterThan(4000);
    expect(took).toBeLessThan(7000);
    await until(
      fleet.service,
      () => fleet.service.store.state.processes['slow:loop']?.state === 'STOPPED',
      3000,
      'loop stopped',
    );
    expect((await onSupervisord('slow:loop')).statename).toBe('STOPPED');
  });
});
