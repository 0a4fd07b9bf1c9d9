import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionResult, ErrorBody, Job } from '@supfleet/protocol';
import {
  pollsAnswered,
  post,
  program,
  runClock,
  settleOnClock,
  startTestFleet,
  until,
  type TestFleet,
} from '../../__tests__/fleet-fixture';
import { createFakeClock } from '../../clock/fake-clock';

const RULES = `<root>
  <application name="svc">
    <programs>
      <program name="worker"><start_sequence>1</start_sequence><running_failure_strategy>RESTART_PROCESS</running_failure_strategy></program>
      <program name="keeper"><start_sequence>1</start_sequence></program>
    </programs>
  </application>
  <application name="crashy">
    <programs>
      <program name="c"><start_sequence>1</start_sequence><running_failure_strategy>STOP_APPLICATION</running_failure_strategy></program>
      <program name="d"><start_sequence>1</start_sequence></program>
    </programs>
  </application>
  <application name="core">
    <programs><program name="e"><start_sequence>1</start_sequence><running_failure_strategy>SHUTDOWN</running_failure_strategy></program></programs>
  </application>
</root>`;

/** The service runs on a fake clock: "no failure handled" is decided after polls, not after a wait. */
describe('running failures (SPEC section 7) on real supervisord', () => {
  let fleet: TestFleet;
  const clock = createFakeClock(Date.now());
  const api = (path: string) => `${fleet.url}/api/v1${path}`;
  const state = () => fleet.service.store.state;
  const jobsCausedBy = (namespec: string): Job[] =>
    fleet.service.store.jobs().filter((job) => job.cause?.includes(`running failure of ${namespec}`));
  /** Started, or already started by an earlier test (a start of what runs is refused: ALREADY_STARTED). */
  const start = async (application: string) => {
    const started = await settleOnClock(
      clock,
      post<ActionResult | ErrorBody>(api(`/applications/${application}/start`), { wait: true }),
    );
    if ('error' in started.body) expect(started.body.error.code).toBe('ALREADY_STARTED');
    else expect(started.body.job.state).toBe('succeeded');
  };
  /** A crash: SIGKILL of the process itself, behind supervisord's back. */
  const crash = async (namespec: string) => {
    const { pid } = await fleet.nodes.n1!.client.getProcessInfo(namespec);
    process.kill(pid, 'SIGKILL');
  };
  const settled = async (namespec: string) => {
    await runClock(clock, () => jobsCausedBy(namespec).every((job) => job.state !== 'running'), {
      what: 'jobs end',
    });
  };

  beforeAll(async () => {
    const shared = { 'program:worker': program(), 'group:svc': { programs: 'worker' } };
    fleet = await startTestFleet(
      {
        n1: {
          ...shared,
          'program:c': program(),
          'program:d': program(),
          'group:crashy': { programs: 'c,d' },
          'program:e': program(),
          'group:core': { programs: 'e' },
        },
        n2: { ...shared, 'program:keeper': program(), 'group:svc': { programs: 'worker,keeper' } },
      },
      RULES,
      // Liveness is not under test (a killed supervisord is lost at once): the fake clock runs up
      // to 4× real time, and a slow answer on a loaded machine must not make an instance lost.
      { silentAfterMs: 60_000, lostAfterMs: 120_000 },
      { clock },
    );
    await until(fleet.service, () => Object.keys(state().processes).length === 5, 10_000, 'processes known');
  });
  afterAll(async () => {
    await fleet?.stop();
  });

  it('a stop made by a supfleet job is no failure', async () => {
    await start('svc');
    await settleOnClock(clock, post(api('/processes/svc%3Aworker/stop'), { wait: true }));
    // The failure would have been handled when a poll saw the stop: both polled since.
    await pollsAnswered(fleet, clock, ['n1', 'n2']);
    expect(jobsCausedBy('svc:worker')).toEqual([]);
    expect(state().processes['svc:worker']?.state).toBe('STOPPED');
  });

  it('STOP_APPLICATION: a crash stops the rest of the application', async () => {
    await start('crashy');
    await crash('crashy:c');
    await runClock(clock, () => state().processes['crashy:d']?.state === 'STOPPED', {
      what: 'crashy:d stopped',
    });
    await settled('crashy:c');
    expect(jobsCausedBy('crashy:c').map((job) => [job.kind, job.target.name, job.state])).toEqual([
      ['stop', 'crashy', 'succeeded'],
    ]);
    expect((await fleet.nodes.n1!.client.getProcessInfo('crashy:d')).statename).toBe('STOPPED');
  });

  it('SHUTDOWN: a crash stops every application, and supervisord keeps running', async () => {
    await Promise.all([start('svc'), start('core')]);
    await crash('core:e');
    await runClock(clock, () => jobsCausedBy('core:e').some((job) => job.state !== 'running'), {
      what: 'stop-all',
    });
    expect(jobsCausedBy('core:e').map((job) => [job.kind, job.target.type, job.state])).toEqual([
      ['stop', 'all', 'succeeded'],
    ]);
    expect([state().processes['svc:worker']?.state, state().processes['svc:keeper']?.state]).toEqual([
      'STOPPED',
      'STOPPED',
    ]);
    expect((await fleet.nodes.n1!.client.getState()).statename).toBe('RUNNING');
  });

  it('RESTART_PROCESS: the loss of its instance starts it again on another one, once', async () => {
    await start('svc');
    expect(state().processes['svc:worker']?.runningOn).toEqual(['n1']);
    await fleet.nodes.n1!.kill();
    await runClock(clock, () => state().processes['svc:worker']?.runningOn[0] === 'n2', {
      what: 'worker on n2',
    });
    expect((await fleet.nodes.n2!.client.getProcessInfo('svc:worker')).statename).toBe('RUNNING');
    await settled('svc:worker');
    // A second start would follow a poll of n2 that saw the first: n2 polled since.
    await pollsAnswered(fleet, clock, ['n2']);
    expect(jobsCausedBy('svc:worker').map((job) => [job.kind, job.target.name, job.state])).toEqual([
      ['start', 'svc:worker', 'succeeded'],
    ]);
  });
});
