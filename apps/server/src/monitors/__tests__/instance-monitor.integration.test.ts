import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InstanceState } from '@supfleet/protocol';
import { program, startTestFleet, until, type TestFleet } from '../../__tests__/fleet-fixture';

const RULES = `<root><application name="app"><programs><program pattern=""><start_sequence>1</start_sequence></program></programs></application></root>`;

describe('instance liveness: a busy supervisord is not a dead one', () => {
  let fleet: TestFleet;
  const stateOf = (id: string): InstanceState | undefined => fleet.service.store.state.instances[id]?.state;
  const history: Record<string, InstanceState[]> = { n1: [], n2: [] };

  beforeAll(async () => {
    const node = (name: string) => ({ [`program:${name}`]: program(), 'group:app': { programs: name } });
    // Calls time out after 1 s (fixture); an instance that answers nothing stays as it is for 2.5 s.
    fleet = await startTestFleet({ n1: node('a'), n2: node('b') }, RULES, { silentAfterMs: 2500 });
    await until(fleet.service, () => stateOf('n1') === 'RUNNING' && stateOf('n2') === 'RUNNING');
    fleet.service.store.on('instance:updated', (instance) => history[instance.id]?.push(instance.state));
  });
  afterAll(async () => {
    await fleet?.stop();
  });

  it('keeps a hung (SIGSTOPped) instance RUNNING for silent_after, then shows it SILENT, then back', async () => {
    fleet.nodes.n1!.pause();
    const paused = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 1800));
    expect(stateOf('n1')).toBe('RUNNING');
    await until(fleet.service, () => stateOf('n1') === 'SILENT', 5000, 'n1 SILENT');
    expect(Date.now() - paused).toBeGreaterThanOrEqual(2500);
    fleet.nodes.n1!.resume();
    await until(fleet.service, () => stateOf('n1') === 'RUNNING', 5000, 'n1 back');
    expect(history.n1).toEqual(['SILENT', 'CHECKING', 'RUNNING']);
  });

  it('shows a killed instance SILENT at once: a refused connection is not a busy one', async () => {
    const killed = Date.now();
    await fleet.nodes.n2!.kill();
    await until(fleet.service, () => stateOf('n2') === 'SILENT', 2000, 'n2 SILENT');
    expect(Date.now() - killed).toBeLessThan(1500);
  });
});
