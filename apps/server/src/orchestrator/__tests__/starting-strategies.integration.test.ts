import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionResult } from '@supfleet/protocol';
import { post, program, startTestFleet, until, type TestFleet } from '../../__tests__/fleet-fixture';

/** Loads: n1 30, n2 10, n3 20 once `load` runs; spread:p (5) is defined on all three. */
const RULES = `<root>
  <application name="load">
    <start_sequence>1</start_sequence>
    <programs>
      <program name="l1"><start_sequence>1</start_sequence><expected_loading>30</expected_loading></program>
      <program name="l2"><start_sequence>1</start_sequence><expected_loading>10</expected_loading></program>
      <program name="l3"><start_sequence>1</start_sequence><expected_loading>20</expected_loading></program>
    </programs>
  </application>
  <application name="spread">
    <starting_strategy>LESS_LOADED</starting_strategy>
    <programs><program name="p"><start_sequence>1</start_sequence><expected_loading>5</expected_loading></program></programs>
  </application>
</root>`;

const node = (load: string) => ({
  [`program:${load}`]: program(),
  'group:load': { programs: load },
  'program:p': program(),
  'group:spread': { programs: 'p' },
});

describe('starting strategies reach the choice of instance (SPEC section 5)', () => {
  let fleet: TestFleet;
  const api = (path: string) => `${fleet.url}/api/v1${path}`;
  const runningOn = () => fleet.service.store.state.processes['spread:p']?.runningOn;
  const stopP = async () => {
    await post(api('/processes/spread%3Ap/stop'), { wait: true });
    expect(runningOn()).toEqual([]);
  };

  beforeAll(async () => {
    fleet = await startTestFleet({ n1: node('l1'), n2: node('l2'), n3: node('l3') }, RULES);
    await until(
      fleet.service,
      () => Object.keys(fleet.service.store.state.processes).length === 4,
      10_000,
      'processes known',
    );
    const started = await post<ActionResult>(api('/applications/load/start'), { wait: true });
    expect(started.body.job.state).toBe('succeeded');
    const loads = fleet.service.store.state.instances;
    expect([loads.n1?.loading, loads.n2?.loading, loads.n3?.loading]).toEqual([30, 10, 20]);
  });
  afterAll(async () => {
    await fleet?.stop();
  });

  it("a process start follows its application's starting_strategy (LESS_LOADED)", async () => {
    const started = await post<ActionResult>(api('/processes/spread%3Ap/start'), { wait: true });
    expect(started.body.job).toMatchObject({ state: 'succeeded', strategy: 'LESS_LOADED' });
    expect(runningOn()).toEqual(['n2']);
    expect((await fleet.nodes.n2!.client.getProcessInfo('spread:p')).statename).toBe('RUNNING');
    await stopP();
  });

  it('a strategy in the request overrides the rules (MOST_LOADED on a process)', async () => {
    const started = await post<ActionResult>(api('/processes/spread%3Ap/start'), {
      wait: true,
      strategy: 'MOST_LOADED',
    });
    expect(started.body.job).toMatchObject({ state: 'succeeded', strategy: 'MOST_LOADED' });
    expect(runningOn()).toEqual(['n1']);
    await stopP();
  });

  it('a strategy in the request overrides the rules for an application start too', async () => {
    const started = await post<ActionResult>(api('/applications/spread/start'), {
      wait: true,
      strategy: 'MOST_LOADED',
    });
    expect(started.body.job.state).toBe('succeeded');
    expect(runningOn()).toEqual(['n1']);
    expect(fleet.service.store.state.instances.n1?.loading).toBe(35);
    await stopP();
    const again = await post<ActionResult>(api('/applications/spread/start'), { wait: true });
    expect(again.body.job.strategy).toBe('LESS_LOADED');
    expect(runningOn()).toEqual(['n2']);
  });
});
