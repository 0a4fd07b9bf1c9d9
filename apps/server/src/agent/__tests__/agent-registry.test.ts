import { describe, expect, it } from 'vitest';
import { createFleet, EMPTY_RULES } from '@supfleet/core';
import { FleetModel } from '../../fleet-model';
import { StatsHistory } from '../../stats/stats-history';
import { AgentRegistry, type AgentAware } from '../agent-registry';
import { createFakeClock } from '../../clock/fake-clock';
import { DomainError } from '../../errors';

const INSTANCES = [{ id: 'n1', host: '127.0.0.1', port: 9001, node: 'n1' }];
const NODE = { cpu: 10, memoryUsed: 1, memoryTotal: 2, load: [0, 0, 0] as [number, number, number] };

function setup() {
  const store = new FleetModel(createFleet(INSTANCES, EMPTY_RULES));
  const calls: string[] = [];
  const monitor: AgentAware = {
    hint: (namespecs) => calls.push(`hint ${namespecs.join(',')}`),
    requestPoll: () => calls.push('poll'),
    setAgent: (alive) => calls.push(`agent ${alive}`),
  };
  const stats = new StatsHistory();
  const clock = createFakeClock(1_000_000);
  const registry = new AgentRegistry(store, new Map([['n1', monitor]]), stats, clock);
  return { store, calls, stats, clock, registry };
}

describe('AgentRegistry', () => {
  it('shows the agent alive from its first heartbeat until three periods pass without one', async () => {
    const { store, calls, clock, registry } = setup();
    expect(store.state.instances.n1?.agent).toBe(false);
    registry.heartbeat({ instance: 'n1', period: 2 });
    expect(store.state.instances.n1?.agent).toBe(true);
    await clock.advance(5000);
    registry.heartbeat({ instance: 'n1', period: 2 });
    await clock.advance(5999);
    expect(store.state.instances.n1?.agent).toBe(true);
    await clock.advance(1);
    expect(store.state.instances.n1?.agent).toBe(false);
    expect(calls).toEqual(['agent true', 'agent false']);
  });

  it('passes process events on as one hint, and a group change as a full poll', () => {
    const { calls, registry } = setup();
    registry.events({
      supervisor: 'http://127.0.0.1:9001',
      events: [
        { event: 'PROCESS_STATE_STOPPING', group: 'app', name: 'a' },
        { event: 'PROCESS_STATE_STOPPED', group: 'app', name: 'a' },
        { event: 'PROCESS_STATE_STARTING', group: 'app', name: 'b' },
      ],
    });
    registry.events({ instance: 'n1', events: [{ event: 'PROCESS_GROUP_ADDED', group: 'new' }] });
    expect(calls).toEqual(['agent true', 'hint app:a,app:b', 'poll']);
  });

  it('records the statistics under the server clock and announces them', () => {
    const { stats, clock, registry } = setup();
    const seen: string[] = [];
    stats.on('stats:updated', (s) => seen.push(`${s.instance}@${s.at}`));
    registry.heartbeat({
      instance: 'n1',
      period: 5,
      stats: { node: NODE, processes: { 'app:a': { cpu: 3, rss: 100 } } },
    });
    expect(seen).toEqual([`n1@${clock.now()}`]);
    expect(stats.history('n1', 'app:a')).toEqual([{ at: clock.now(), cpu: 3, rss: 100 }]);
  });

  it('refuses a push it cannot place, with the reason', () => {
    const { registry } = setup();
    expect(() => registry.heartbeat({ instance: 'n9', period: 5 })).toThrow(DomainError);
    expect(() => registry.heartbeat({ supervisor: 'http://127.0.0.1:1234', period: 5 })).toThrow(
      /no instance of supvisors_list is 127.0.0.1:1234/,
    );
  });
});
