import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionResult, ConciliationStrategy, ErrorBody, Job, Process } from '@supfleet/protocol';
import {
  get,
  pollsAnswered,
  post,
  program,
  runClock,
  settleOnClock,
  startTestFleet,
  type TestFleet,
} from '../../__tests__/fleet-fixture';
import { eventually } from '../../__tests__/eventually';
import { createFakeClock } from '../../clock/fake-clock';

/** app:p is defined on n1 and n2; app:q (n1) keeps the application running while p is stopped. */
const RULES = `<root>
  <application name="app">
    <programs>
      <program name="p"><start_sequence>1</start_sequence><running_failure_strategy>RESTART_PROCESS</running_failure_strategy></program>
      <program name="q"><start_sequence>1</start_sequence></program>
    </programs>
  </application>
</root>`;

const NODES = {
  n1: { 'program:p': program(), 'program:q': program(), 'group:app': { programs: 'p,q' } },
  n2: { 'program:p': program(), 'group:app': { programs: 'p' } },
};

/** The services' clock: "nothing was done" is decided after polls, not after a wait. */
const clock = createFakeClock(Date.now());

/** Liveness is not under test: a slow answer (the fake clock runs up to 4× real time) must not make an instance lost. */
const LIVENESS = { silentAfterMs: 60_000, lostAfterMs: 120_000 };

/** When the service of the current test started: jobs of earlier services stay in the history. */
let serviceStartedAt = 0;
const jobsOfThisService = (fleet: TestFleet): Job[] =>
  fleet.service.store.jobs().filter((job) => job.createdAt >= serviceStartedAt);

/** A service with this strategy over the shared supervisord, app:p stopped everywhere and app:q running. */
async function useStrategy(fleet: TestFleet, strategy: ConciliationStrategy): Promise<void> {
  for (const node of Object.values(fleet.nodes)) {
    if ((await node.client.getProcessInfo('app:p')).statename === 'RUNNING')
      await node.client.stopProcess('app:p', true);
  }
  await fleet.restartService({ conciliationStrategy: strategy, ...LIVENESS });
  serviceStartedAt = clock.now();
  await runClock(clock, () => fleet.service.store.state.instances.n2?.state === 'RUNNING', {
    what: 'instances synced',
  });
  await runClock(clock, () => fleet.service.store.state.processes['app:q']?.state === 'RUNNING', {
    what: 'app:q known',
  });
}

/** Starts app:p behind supfleet's back on both instances, n2 a second after n1 (start times are in seconds). */
async function makeConflict(fleet: TestFleet): Promise<{ n1: number; n2: number }> {
  await fleet.nodes.n1!.client.startProcess('app:p', true);
  const n1 = await fleet.nodes.n1!.client.getProcessInfo('app:p');
  // supervisord's own clock, the wall clock, in seconds: n2 starts in a later second.
  await eventually(() => Math.floor(Date.now() / 1000) > n1.start, 'the next second', { intervalMs: 20 });
  await fleet.nodes.n2!.client.startProcess('app:p', true);
  const n2 = await fleet.nodes.n2!.client.getProcessInfo('app:p');
  expect(n2.start).toBeGreaterThan(n1.start);
  return { n1: n1.start, n2: n2.start };
}

const p = (fleet: TestFleet): Process => fleet.service.store.state.processes['app:p']!;
const jobsFor = (fleet: TestFleet, cause: RegExp): Job[] =>
  jobsOfThisService(fleet).filter((job) => cause.test(job.cause ?? ''));
const statenames = async (fleet: TestFleet) =>
  Promise.all(
    ['n1', 'n2'].map(async (id) => (await fleet.nodes[id]!.client.getProcessInfo('app:p')).statename),
  );

/** Waits until the conciliation ran (and what follows it), the conflict is over and every job has ended. */
async function solved(fleet: TestFleet, settledWhen?: (fleet: TestFleet) => boolean): Promise<void> {
  await runClock(clock, () => jobsFor(fleet, /conflict of app:p/).length > 0, { what: 'conciliation job' });
  if (settledWhen) await runClock(clock, () => settledWhen(fleet), { what: 'what follows the conciliation' });
  await runClock(clock, () => !p(fleet).conflict, { what: 'conflict solved' });
  await runClock(clock, () => fleet.service.store.jobs().every((job) => job.state !== 'running'), {
    what: 'jobs end',
  });
}

const rows: {
  strategy: ConciliationStrategy;
  expected: string[];
  settledWhen?: (fleet: TestFleet) => boolean;
  check?: (fleet: TestFleet) => void;
}[] = [
  { strategy: 'SENICIDE', expected: ['STOPPED', 'RUNNING'] },
  { strategy: 'INFANTICIDE', expected: ['RUNNING', 'STOPPED'] },
  { strategy: 'STOP', expected: ['STOPPED', 'STOPPED'] },
  {
    strategy: 'RESTART',
    expected: ['RUNNING', 'STOPPED'],
    check: (fleet) => expect(jobsFor(fleet, /conflict of app:p/).map((job) => job.kind)).toEqual(['restart']),
  },
  {
    strategy: 'RUNNING_FAILURE',
    expected: ['RUNNING', 'STOPPED'],
    settledWhen: (fleet) => jobsFor(fleet, /running failure of app:p/).length > 0,
    check: (fleet) => {
      expect(jobsFor(fleet, /conflict of app:p/).map((job) => [job.kind, job.state])).toEqual([
        ['stop', 'succeeded'],
      ]);
      // Then RESTART_PROCESS, the running failure strategy of app:p, started it again.
      expect(jobsFor(fleet, /running failure of app:p/).map((job) => [job.kind, job.state])).toEqual([
        ['start', 'succeeded'],
      ]);
    },
  },
];

describe('conflicts are solved by the conciliation strategy (SPEC section 7)', () => {
  let fleet: TestFleet;
  const api = (path: string) => `${fleet.url}/api/v1${path}`;
  beforeAll(async () => {
    // One pair of supervisord for every strategy: each test gets a new service over them.
    fleet = await startTestFleet(NODES, RULES, LIVENESS, { clock });
    await runClock(clock, () => fleet.service.store.state.processes['app:q'] !== undefined, {
      what: 'processes known',
    });
    await settleOnClock(clock, post(api('/processes/app%3Aq/start'), { wait: true }));
  });
  afterAll(async () => {
    await fleet?.stop();
  });

  for (const { strategy, expected, settledWhen, check } of rows) {
    it(`${strategy} leaves app:p ${expected.join(' on n1, ')} on n2`, async () => {
      await useStrategy(fleet, strategy);
      const started = await makeConflict(fleet);
      await solved(fleet, settledWhen);
      expect(await statenames(fleet)).toEqual(expected);
      check?.(fleet);
      if (strategy === 'SENICIDE' || strategy === 'INFANTICIDE') {
        const kept = strategy === 'SENICIDE' ? 'n2' : 'n1';
        expect((await fleet.nodes[kept]!.client.getProcessInfo('app:p')).start).toBe(started[kept]);
      }
    });
  }

  it('USER waits for a person, who keeps one instance through POST /conflicts/:namespec/resolve', async () => {
    await useStrategy(fleet, 'USER');
    await makeConflict(fleet);
    await runClock(clock, () => p(fleet).conflict, { what: 'conflict seen' });
    // A conciliation would have been decided when a poll saw the conflict: both polled since.
    await pollsAnswered(fleet, clock, ['n1', 'n2']);
    const listed = await get<Process[]>(api('/conflicts'));
    expect(listed.body.map((process) => [process.namespec, process.runningOn])).toEqual([
      ['app:p', ['n1', 'n2']],
    ]);
    expect(jobsOfThisService(fleet)).toEqual([]);

    const elsewhere = await post<ErrorBody>(api('/conflicts/app%3Ap/resolve'), { keep: 'n3' });
    expect([elsewhere.status, elsewhere.body.error.message]).toEqual([
      400,
      'app:p does not run on n3: choose one of n1, n2',
    ]);
    const unknown = await post<ErrorBody>(api('/conflicts/app%3Anope/resolve'), { keep: 'n1' });
    expect(unknown.status).toBe(404);

    const resolved = await settleOnClock(
      clock,
      post<ActionResult>(api('/conflicts/app%3Ap/resolve'), { keep: 'n2', wait: true }),
    );
    expect(resolved.status).toBe(200);
    expect(resolved.body.job).toMatchObject({
      kind: 'stop',
      state: 'succeeded',
      target: { type: 'process', name: 'app:p' },
    });
    expect(await statenames(fleet)).toEqual(['STOPPED', 'RUNNING']);
    expect(p(fleet).conflict).toBe(false);

    const again = await post<ErrorBody>(api('/conflicts/app%3Ap/resolve'), { keep: 'n2' });
    expect([again.status, again.body.error.code]).toEqual([409, 'CONFLICT']);
  });
});
