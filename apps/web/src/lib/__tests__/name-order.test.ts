import { describe, expect, it } from 'vitest';
import { aProcess } from '../../testing/fleet-fixtures';
import { createNameOrder } from '../name-order';

const list = ['app:p10', 'other:x', 'app:p2', 'app:p1'].map((namespec) => aProcess({ namespec }));
const names = (processes: readonly { name: string }[]) => processes.map((p) => p.name);

describe('createNameOrder', () => {
  it('keeps the processes of the application, in natural name order', () => {
    expect(names(createNameOrder('app')(list))).toEqual(['p1', 'p2', 'p10']);
  });

  it('gives the same result for the same list, and for a list whose processes are the same', () => {
    const order = createNameOrder('app');
    const first = order(list);
    expect(order(list)).toBe(first);
    expect(order([...list])).toBe(first);
  });

  it('follows an updated process in its place, and sorts again when one is added or removed', () => {
    const order = createNameOrder('app');
    order(list);
    const updated = list.map((p) => (p.namespec === 'app:p2' ? { ...p, state: 'RUNNING' as const } : p));
    const result = order(updated);
    expect(names(result)).toEqual(['p1', 'p2', 'p10']);
    expect(result[1]?.state).toBe('RUNNING');
    expect(names(order([...updated, aProcess({ namespec: 'app:p3' })]))).toEqual(['p1', 'p2', 'p3', 'p10']);
    expect(names(order(updated.filter((p) => p.name !== 'p1')))).toEqual(['p2', 'p10']);
  });
});
