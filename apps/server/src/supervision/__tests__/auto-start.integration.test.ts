import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '@supfleet/protocol';
import {
  pollsAnswered,
  post,
  program,
  runClock,
  settleOnClock,
  startTestFleet,
  type TestFleet,
} from '../../__tests__/fleet-fixture';
import { createFakeClock } from '../../clock/fake-clock';

const RULES = `<root>
  <application name="first">
    <start_sequence>1</start_sequence>
    <programs><program pattern=""><start_sequence>1</start_sequence></program></programs>
  </application>
  <application name="second">
    <start_sequence>2</start_sequence>
    <programs><program pattern=""><start_sequence>1</start_sequence></program></programs>
  </application>
  <application name="manual">
    <programs><program pattern=""><start_sequence>1</start_sequence></program></programs>
  </application>
</root>`;

/** The service runs on a fake clock: "nothing was started" is decided after polls, not after a wait. */
describe('auto_start on real supervisord', () => {
  let fleet: TestFleet;
  const clock = createFakeClock(Date.now());
  const onClock = (predicate: () => boolean, what: string) =>
    runClock(clock, predicate, { what, limitMs: 60_000 });
  // The fake clock runs up to 4× real time: silent after 4 s of it is a second of real silence.
  const options = { autoStart: true, silentAfterMs: 4000, lostAfterMs: 4000 };
  const state = () => fleet.service.store.state;
  const autoJobs = (): Job[] =>
    fleet.service.store.jobs().filter((job) => job.cause?.startsWith('auto_start'));
  const statename = async (node: 'n1' | 'n2', namespec: string) =>
    (await fleet.nodes[node]!.client.getProcessInfo(namespec)).statename;
  /** n2 stops answering (SILENT), and meanwhile its second:s dies; then n2 answers again. */
  const n2LosesS = async () => {
    const { pid } = await fleet.nodes.n2!.client.getProcessInfo('second:s');
    fleet.nodes.n2!.pause();
    await onClock(() => state().instances.n2?.state === 'SILENT', 'n2 SILENT');
    if (pid > 0) process.kill(pid, 'SIGKILL');
    fleet.nodes.n2!.resume();
    await onClock(() => state().instances.n2?.state === 'RUNNING', 'n2 back');
  };

  beforeAll(async () => {
    fleet = await startTestFleet(
      {
        n1: {
          'program:f': program(),
          'group:first': { programs: 'f' },
          'program:m': program(),
          'group:manual': { programs: 'm' },
        },
        n2: { 'program:s': program(), 'group:second': { programs: 's' } },
      },
      RULES,
      { ...options, paused: ['n2'] },
      { clock },
    );
  });
  afterAll(async () => {
    fleet?.nodes.n2?.resume();
    await fleet?.stop();
  });

  it('waits until every instance is RUNNING, then starts all by start_sequence', async () => {
    await onClock(() => state().instances.n1?.state === 'RUNNING', 'n1 RUNNING');
    // Past n2's liveness deadlines (silent_after, lost_after), and n1 polled since.
    const past = clock.now() + options.lostAfterMs + 500;
    await onClock(() => clock.now() >= past, 'lost_after gone by');
    await pollsAnswered(fleet, clock, ['n1']);
    expect(state().instances.n2?.state).toBe('UNKNOWN');
    expect(fleet.service.store.jobs()).toEqual([]);
    expect(await statename('n1', 'first:f')).toBe('STOPPED');

    fleet.nodes.n2!.resume();
    await onClock(() => autoJobs().some((job) => job.state !== 'running'), 'auto start');
    expect(autoJobs().map((job) => [job.kind, job.target.type, job.state])).toEqual([
      ['start', 'all', 'succeeded'],
    ]);
    expect(autoJobs()[0]!.ranks.map((rank) => rank.application)).toEqual(['first', 'second']);
    expect([
      await statename('n1', 'first:f'),
      await statename('n2', 'second:s'),
      await statename('n1', 'manual:m'),
    ]).toEqual(['RUNNING', 'RUNNING', 'STOPPED']);
  });

  it('repairs an application when an instance comes back without its process', async () => {
    await n2LosesS();
    await onClock(() => autoJobs().length === 2 && autoJobs()[1]!.state !== 'running', 'repair');
    expect(autoJobs()[1]).toMatchObject({
      kind: 'start',
      target: { name: 'second' },
      state: 'succeeded',
      cause: 'auto_start: n2 joined',
    });
    expect(await statename('n2', 'second:s')).toBe('RUNNING');
  });

  it('leaves stopped an application that a person stopped', async () => {
    await settleOnClock(clock, post(`${fleet.url}/api/v1/applications/second/stop`, { wait: true }));
    await n2LosesS();
    // The repair would have been decided when n2 came back; both polled since, nothing launched.
    await pollsAnswered(fleet, clock, ['n1', 'n2']);
    expect(autoJobs()).toHaveLength(2);
    expect(await statename('n2', 'second:s')).toBe('STOPPED');
  });
  it('keeps that stop across a restart of the service (a new leader): no second start of all, no repair', async () => {
    // The last test left `second` stopped by a person; the service that comes next knows it from the saved jobs.
    const restartedAt = clock.now();
    await fleet.restartService(options);
    await onClock(
      () => state().instances.n1?.state === 'RUNNING' && state().instances.n2?.state === 'RUNNING',
      'both RUNNING again',
    );
    // n2 rejoins: a repair is due, but not of what a person stopped.
    fleet.nodes.n2!.pause();
    await onClock(() => state().instances.n2?.state === 'SILENT', 'n2 SILENT');
    fleet.nodes.n2!.resume();
    await onClock(() => state().instances.n2?.state === 'RUNNING', 'n2 back');
    // The supervision decides on the change itself: by the next polls it has, and launched nothing.
    await pollsAnswered(fleet, clock, ['n1', 'n2']);
    expect(autoJobs().filter((job) => job.createdAt >= restartedAt)).toEqual([]);
    expect(await statename('n2', 'second:s')).toBe('STOPPED');
    expect(await statename('n1', 'first:f')).toBe('RUNNING');
  });
});
