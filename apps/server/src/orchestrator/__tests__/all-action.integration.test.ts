import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionResult, ErrorBody } from '@supfleet/protocol';
import { post, program, startTestFleet, until, type TestFleet } from '../../__tests__/fleet-fixture';

/** first (1) waits for a mount before its server; second and third share rank 2; manual is never started. */
const RULES = `<root>
  <application name="first">
    <start_sequence>1</start_sequence>
    <programs>
      <program name="mount"><start_sequence>1</start_sequence><wait_exit>true</wait_exit></program>
      <program name="srv"><start_sequence>2</start_sequence></program>
    </programs>
  </application>
  <application name="second">
    <start_sequence>2</start_sequence>
    <programs><program pattern=""><start_sequence>1</start_sequence></program></programs>
  </application>
  <application name="third">
    <start_sequence>2</start_sequence>
    <programs><program pattern=""><start_sequence>1</start_sequence></program></programs>
  </application>
  <application name="manual">
    <start_sequence>0</start_sequence>
    <stop_sequence>3</stop_sequence>
    <programs><program pattern=""><start_sequence>1</start_sequence></program></programs>
  </application>
</root>`;

describe('start all / stop all (SPEC section 6)', () => {
  let fleet: TestFleet;
  const api = (path: string) => `${fleet.url}/api/v1${path}`;
  const info = async (namespec: string) => {
    const node = namespec.startsWith('first') ? fleet.nodes.n1! : fleet.nodes.n2!;
    return node.client.getProcessInfo(namespec);
  };

  beforeAll(async () => {
    fleet = await startTestFleet(
      {
        n1: {
          'program:mount': program({ command: '/bin/sh -c "sleep 1.1; exit 0"', exitcodes: '0' }),
          'program:srv': program(),
          'group:first': { programs: 'mount,srv' },
        },
        n2: {
          'program:a': program(),
          'program:b': program(),
          'program:m': program(),
          'group:second': { programs: 'a' },
          'group:third': { programs: 'b' },
          'group:manual': { programs: 'm' },
        },
      },
      RULES,
    );
    await until(
      fleet.service,
      () => Object.keys(fleet.service.store.state.processes).length === 5,
      10_000,
      'processes known',
    );
  });
  afterAll(async () => {
    await fleet?.stop();
  });

  it('starts the applications by ascending start_sequence, one after another, never those at 0', async () => {
    const started = await post<ActionResult>(api('/start-all'), { wait: true });
    expect(started.status).toBe(200);
    const { job } = started.body;
    expect(job).toMatchObject({ state: 'succeeded', kind: 'start', target: { type: 'all' } });
    expect(job.ranks.map((r) => r.application)).toEqual(['first', 'first', 'second', 'third']);
    const mount = await info('first:mount');
    const [a, b] = [await info('second:a'), await info('third:b')];
    expect(mount.statename).toBe('EXITED');
    // Rank 2 waited for the whole of rank 1, wait_exit included.
    expect(Math.min(a.start, b.start)).toBeGreaterThanOrEqual(mount.stop);
    expect([(await info('first:srv')).statename, a.statename, b.statename]).toEqual([
      'RUNNING',
      'RUNNING',
      'RUNNING',
    ]);
    expect(await info('manual:m')).toMatchObject({ statename: 'STOPPED', start: 0 });
  });

  it('refuses with 409 while any application has a job, and holds every application while it runs', async () => {
    const restart = await post<ActionResult>(api('/applications/second/restart'), { wait: false });
    const refused = await post<ErrorBody>(api('/stop-all'), {});
    expect([refused.status, refused.body.error.code]).toEqual([409, 'CONFLICT']);
    expect(refused.body.error.details).toEqual({ jobId: restart.body.job.id });
    await until(
      fleet.service,
      () => fleet.service.store.job(restart.body.job.id)?.state !== 'running',
      10_000,
      'restart end',
    );

    const all = await post<ActionResult>(api('/start-all'), { wait: false });
    const blocked = await post<ErrorBody>(api('/applications/manual/start'), {});
    expect([blocked.status, blocked.body.error.details]).toEqual([409, { jobId: all.body.job.id }]);
    await until(
      fleet.service,
      () => fleet.service.store.job(all.body.job.id)?.state !== 'running',
      10_000,
      'start-all end',
    );
  });

  it('stops every managed application, greatest stop_sequence first', async () => {
    await post(api('/applications/manual/start'), { wait: true });
    expect((await info('manual:m')).statename).toBe('RUNNING');
    const stopped = await post<ActionResult>(api('/stop-all'), { wait: true });
    const { job } = stopped.body;
    expect(job).toMatchObject({ state: 'succeeded', kind: 'stop' });
    expect([...new Set(job.ranks.map((r) => r.application))]).toEqual(['manual', 'second', 'third', 'first']);
    const states = await Promise.all(
      ['first:srv', 'second:a', 'third:b', 'manual:m'].map(async (n) => (await info(n)).statename),
    );
    expect(states).toEqual(['STOPPED', 'STOPPED', 'STOPPED', 'STOPPED']);
  });

  it('answers 400 to a bad body', async () => {
    const bad = await post<ErrorBody>(api('/start-all'), { strategy: 'NEAREST' });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'BAD_REQUEST']);
  });
});
