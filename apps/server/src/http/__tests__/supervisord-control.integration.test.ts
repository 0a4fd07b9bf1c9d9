import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody, SupervisordControlAnswer } from '@supfleet/protocol';
import { get, post, program, startTestFleet, until, type TestFleet } from '../../__tests__/fleet-fixture';

const RULES = `<root><application name="app"><start_sequence>1</start_sequence></application></root>`;

describe('one supervisord restarted from the API, its agent listener shown on the instance', () => {
  let fleet: TestFleet;

  beforeAll(async () => {
    fleet = await startTestFleet(
      {
        n1: {
          'program:echo': program({ command: '/bin/sh -c "exec sleep 1000"', autostart: true }),
          'group:app': { programs: 'echo' },
        },
      },
      RULES,
      {},
      { agents: { period: 1 } },
    );
    await until(
      fleet.service,
      () =>
        fleet.service.store.state.processes['app:echo']?.state === 'RUNNING' &&
        fleet.service.store.state.instances.n1?.listener?.state === 'RUNNING',
      15_000,
      'echo and the agent listener running',
    );
  });
  afterAll(async () => {
    await fleet?.stop();
  });

  it('lists the listener on its instance, not among the applications', async () => {
    const applications = await get<{ name: string }[]>(`${fleet.url}/api/v1/applications`);
    expect(applications.body.map((a) => a.name)).toEqual(['app']);
    const instance = await get<{ listener: { namespec: string; state: string } }>(
      `${fleet.url}/api/v1/instances/n1`,
    );
    expect(instance.body.listener).toMatchObject({ namespec: 'supfleet:supfleet', state: 'RUNNING' });
  });

  it('refuses without confirm, then restarts it: it comes back with its autostart programs', async () => {
    const refused = await post<ErrorBody>(`${fleet.url}/api/v1/instances/n1/restart`, {});
    expect(refused.status).toBe(400);
    const pid = fleet.service.store.state.processes['app:echo']?.instances[0]?.pid;
    const answer = await post<SupervisordControlAnswer>(`${fleet.url}/api/v1/instances/n1/restart`, {
      confirm: true,
    });
    expect(answer).toEqual({
      status: 200,
      body: { instance: 'n1', action: 'restart', stopped: ['app:echo'] },
    });
    await until(
      fleet.service,
      () => {
        const echo = fleet.service.store.state.processes['app:echo']?.instances[0];
        return echo?.state === 'RUNNING' && echo.pid !== pid;
      },
      20_000,
      'echo running again under a new pid',
    );
    expect(fleet.service.store.state.instances.n1?.state).toBe('RUNNING');
    // The audit log names both calls, the refused one too.
    const audited = (await fleet.service.audit.query({ limit: 10 })).filter((e) => e.target === 'n1');
    expect(audited.map((e) => [e.action, e.result])).toEqual([
      ['instance.restart', 'succeeded'],
      ['instance.restart', 'refused'],
    ]);
  });
});
