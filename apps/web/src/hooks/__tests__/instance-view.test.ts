import { describe, expect, it } from 'vitest';
import { anApplication, anInstance, aProcess } from '../../testing/fleet-fixtures';
import { instanceView } from '../useInstance';

describe('the instance page’s view of the fleet', () => {
  const fleet = {
    instances: [anInstance({ id: 'rocky51' }), anInstance({ id: 'rocky52' })],
    applications: [
      anApplication({ name: 'scen1', managed: true }),
      anApplication({ name: 'tools', managed: false }),
    ],
    processes: [
      aProcess({ namespec: 'tools:b', application: 'tools', name: 'b', definedOn: ['rocky51'] }),
      aProcess({ namespec: 'scen1:z', application: 'scen1', name: 'z', definedOn: ['rocky51', 'rocky52'] }),
      aProcess({ namespec: 'scen1:a', application: 'scen1', name: 'a', definedOn: ['rocky51'] }),
      aProcess({ namespec: 'scen1:other', application: 'scen1', name: 'other', definedOn: ['rocky52'] }),
    ],
  };

  it('groups what the instance defines by application, names in order, managed or not', () => {
    const view = instanceView(fleet, 'rocky51');
    expect(view?.groups.map((g) => [g.application, g.managed, g.processes.map((p) => p.name)])).toEqual([
      ['scen1', true, ['a', 'z']],
      ['tools', false, ['b']],
    ]);
  });

  it('is null for an instance the fleet does not have', () => {
    expect(instanceView(fleet, 'rocky99')).toBeNull();
  });
});
