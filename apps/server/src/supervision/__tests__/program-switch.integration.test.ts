import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionResult, Job, StartPlan } from '@supfleet/protocol';
import { get, post, program, startTestFleet, until, type TestFleet } from '../../__tests__/fleet-fixture';

const RULES = `<root>
  <application name="app">
    <start_sequence>1</start_sequence>
    <programs><program pattern=""><start_sequence>1</start_sequence></program></programs>
  </application>
</root>`;

describe('enable / disable of a program on an instance, on real supervisord', () => {
  let fleet: TestFleet;
  const api = (path: string) => `${fleet.url}/api/v1${path}`;
  const state = () => fleet.service.store.state;
  const where = async (namespec: string): Promise<Record<string, string>> => {
    const states: Record<string, string> = {};
    for (const [id, node] of Object.entries(fleet.nodes))
      states[id] = (await node.client.getProcessInfo(namespec)).statename;
    return states;
  };

  beforeAll(async () => {
    const programs = { 'program:p': program(), 'group:app': { programs: 'p' } };
    fleet = await startTestFleet({ n1: programs, n2: programs }, RULES);
    await until(
      fleet.service,
      () => state().processes['app:p']?.definedOn.length === 2,
      10_000,
      'both synced',
    );
  });
  afterAll(async () => {
    await fleet?.stop();
  });

  it('a program disabled on the first instance is planned, and started, on the next one', async () => {
    const disabled = await post<{ changed: string[]; job: Job | null }>(api('/processes/app:p/disable'), {
      instance: 'n1',
    });
    expect(disabled).toMatchObject({ status: 200, body: { changed: ['n1'], job: null } });
    const again = await post<{ changed: string[] }>(api('/processes/app:p/disable'), { instance: 'n1' });
    expect(again.body.changed).toEqual([]);

    const plan = await get<StartPlan>(api('/applications/app/plan?action=start&strategy=CONFIG'));
    const p = plan.body.ranks[0]!.processes[0]!;
    expect(p).toMatchObject({ outcome: 'planned', instance: 'n2', candidates: ['n2'] });
    expect(p.refusals).toEqual([{ instance: 'n1', kind: 'disabled', reason: 'app:p is disabled on n1' }]);
    expect(await where('app:p')).toEqual({ n1: 'STOPPED', n2: 'STOPPED' });

    const started = await post<ActionResult>(api('/applications/app/start'), { wait: true });
    expect(started.body.job.state).toBe('succeeded');
    expect(await where('app:p')).toEqual({ n1: 'STOPPED', n2: 'RUNNING' });
  });

  it('disabling where it runs stops it there; a start with nowhere left is refused', async () => {
    const disabled = await post<{ changed: string[]; job: Job | null }>(api('/processes/app:p/disable'), {
      wait: true,
    });
    expect(disabled.body.changed).toEqual(['n2']);
    expect(disabled.body.job).toMatchObject({ kind: 'stop', state: 'succeeded' });
    expect(await where('app:p')).toEqual({ n1: 'STOPPED', n2: 'STOPPED' });

    const start = await post<{ error: { message: string } }>(api('/processes/app:p/start'), { wait: true });
    expect(start.status).toBe(422);
    expect(start.body.error.message).toMatch(/disabled on n1.*disabled on n2|disabled on n2.*disabled on n1/);
    const plan = await get<StartPlan>(api('/applications/app/plan'));
    expect(plan.body.feasible).toBe(false);
  });

  it('is kept across a restart of the service, and shown on the process', async () => {
    await fleet.restartService({});
    await until(
      fleet.service,
      () => state().processes['app:p']?.definedOn.length === 2,
      10_000,
      'synced again',
    );
    expect(state().processes['app:p']!.disabledOn).toEqual(['n1', 'n2']);
    const listed = await get<{ namespec: string; instance: string; by: string }[]>(api('/disabled'));
    expect(listed.body.map((d) => [d.namespec, d.instance])).toEqual([
      ['app:p', 'n1'],
      ['app:p', 'n2'],
    ]);
  });

  it('enabled again, it starts on the first instance', async () => {
    const enabled = await post<{ changed: string[] }>(api('/processes/app:p/enable'), {});
    expect(enabled.body.changed).toEqual(['n1', 'n2']);
    expect(state().processes['app:p']!.disabledOn).toBeUndefined();
    const started = await post<ActionResult>(api('/processes/app:p/start'), { wait: true });
    expect(started.body.job.state).toBe('succeeded');
    expect(await where('app:p')).toEqual({ n1: 'RUNNING', n2: 'STOPPED' });
  });

  it('refuses unknown names and instances that do not define it', async () => {
    expect((await post(api('/processes/app:nope/disable'), {})).status).toBe(404);
    expect((await post(api('/processes/app:p/disable'), { instance: 'n9' })).status).toBe(404);
    expect((await post(api('/processes/app:p/disable'), { when: 'now' })).status).toBe(400);
    expect((await get(api('/applications/app/plan?strategy=FASTEST'))).status).toBe(400);
  });
});
