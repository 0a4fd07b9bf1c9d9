import { describe, expect, it } from 'vitest';
import type { InstanceStats } from '@supfleet/protocol';
import { StatsHistory } from '../stats-history';

const sample = (at: number, processes: InstanceStats['processes']): InstanceStats => ({
  instance: 'n1',
  at,
  node: { cpu: at / 1000, memoryUsed: 500, memoryTotal: 1000, load: [1, 1, 1] },
  processes,
});

describe('StatsHistory', () => {
  it('keeps the latest per instance and the samples of the window, oldest first', () => {
    const history = new StatsHistory(10_000);
    for (let at = 0; at <= 20_000; at += 5000) history.record(sample(at, { 'g:a': { cpu: at, rss: 1 } }));
    expect(history.latest().map((s) => s.at)).toEqual([20_000]);
    expect(history.history('n1')?.map((s) => [s.at, s.cpu, s.rss])).toEqual([
      [10_000, 10, 500],
      [15_000, 15, 500],
      [20_000, 20, 500],
    ]);
    expect(history.history('n1', 'g:a')?.map((s) => s.at)).toEqual([10_000, 15_000, 20_000]);
  });

  it('forgets a process once its last sample has left the window', () => {
    const history = new StatsHistory(10_000);
    history.record(sample(0, { 'g:a': { cpu: 1, rss: 1 } }));
    history.record(sample(9000, {}));
    expect(history.history('n1', 'g:a')).toHaveLength(1);
    history.record(sample(11_000, {}));
    expect(history.history('n1', 'g:a')).toBeUndefined();
    expect(history.history('n2')).toBeUndefined();
  });
});
