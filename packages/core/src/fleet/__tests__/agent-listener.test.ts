import { describe, expect, it } from 'vitest';
import { createFleet } from '../create-fleet';
import { fleetReducer } from '../fleet-reducer';
import type { FleetEvent } from '../fleet-state';
import { pollNeedsResync } from '../poll-needs-resync';
import { T0, config, info, rulesStub } from './fleet-builders';

const LISTENER = 'supfleet:supfleet';
const agentConfig = {
  ...config(LISTENER),
  command: 'python3 /opt/supfleet/integrations/agent/supfleet_agent.py --instance rocky51',
};

function synced(listenerState: 'RUNNING' | 'BACKOFF' = 'RUNNING'): FleetEvent {
  return {
    type: 'instance:synced',
    instance: 'rocky51',
    at: T0,
    identification: 'supervisor-rocky51',
    configs: [config('scen1:scen1_srv'), agentConfig],
    processes: [info('scen1:scen1_srv', 'RUNNING'), info(LISTENER, listenerState, { pid: 77 })],
  };
}

describe("the node agent's event listener", () => {
  const empty = createFleet([{ id: 'rocky51', host: 'h', port: 1, node: 'n' }], rulesStub({}));

  it('is shown on its instance, not as an application or a process', () => {
    const { state } = fleetReducer(empty, synced());
    expect(Object.keys(state.applications)).toEqual(['scen1']);
    expect(Object.keys(state.processes)).toEqual(['scen1:scen1_srv']);
    expect(state.instances.rocky51?.listener).toEqual({
      namespec: LISTENER,
      state: 'RUNNING',
      description: 'pid 42',
      pid: 77,
      start: 100,
    });
    // Still a program of that supervisord: a poll reporting it asks for no new sync.
    expect(
      pollNeedsResync(state, 'rocky51', [info('scen1:scen1_srv', 'RUNNING'), info(LISTENER, 'RUNNING')]),
    ).toBe(false);
  });

  it('pushes the instance when the listener changes, and nothing when it does not', () => {
    const { state } = fleetReducer(empty, synced());
    const same = fleetReducer(state, {
      type: 'instance:polled',
      instance: 'rocky51',
      at: T0 + 1000,
      processes: [info('scen1:scen1_srv', 'RUNNING'), info(LISTENER, 'RUNNING', { pid: 77 })],
    });
    expect(same.changes.instances).toEqual([]);
    const crashed = fleetReducer(state, {
      type: 'instance:polled',
      instance: 'rocky51',
      at: T0 + 2000,
      processes: [info('scen1:scen1_srv', 'RUNNING'), info(LISTENER, 'BACKOFF', { pid: 0 })],
    });
    expect(crashed.changes.instances).toEqual(['rocky51']);
    expect(crashed.changes.applications).toEqual([]);
    expect(crashed.state.instances.rocky51?.listener?.state).toBe('BACKOFF');
  });

  it('is null on a supervisord without an agent', () => {
    const { state } = fleetReducer(empty, {
      type: 'instance:synced',
      instance: 'rocky51',
      at: T0,
      identification: 'supervisor-rocky51',
      configs: [config('scen1:scen1_srv')],
      processes: [info('scen1:scen1_srv', 'RUNNING')],
    });
    expect(state.instances.rocky51?.listener).toBeNull();
  });
});
