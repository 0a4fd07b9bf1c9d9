import { describe, expect, it } from 'vitest';
import { anInstanceStats } from '../../testing/fleet-fixtures';
import { appendSamples, emptySeries, liveSample } from '../stats-series';

describe('appendSamples', () => {
  it('keeps time order when history and live samples overlap', () => {
    const series = appendSamples(emptySeries(), [
      { at: 1000, cpu: 1, rss: 10 },
      { at: 2000, cpu: 2, rss: 20 },
    ]);
    appendSamples(series, [
      { at: 2000, cpu: 9, rss: 90 },
      { at: 1500, cpu: 9, rss: 90 },
      { at: 3000, cpu: 3, rss: 30 },
    ]);
    expect(series).toEqual({ at: [1, 2, 3], cpu: [1, 2, 3], rss: [10, 20, 30] });
  });

  it('drops the oldest points beyond the limit', () => {
    const samples = Array.from({ length: 10 }, (_, i) => ({ at: (i + 1) * 1000, cpu: i, rss: i }));
    expect(appendSamples(emptySeries(), samples, 4).cpu).toEqual([6, 7, 8, 9]);
  });
});

describe('liveSample', () => {
  const stats = anInstanceStats({ at: 5000, processes: { 'app:a': { cpu: 12, rss: 3e6 } } });

  it('reads a process, or the node when no process is named', () => {
    expect(liveSample(stats, 'app:a')).toEqual({ at: 5000, cpu: 12, rss: 3e6 });
    expect(liveSample(stats, null)).toEqual({ at: 5000, cpu: 10, rss: 2e9 });
  });

  it('is null for a process or instance without statistics', () => {
    expect(liveSample(stats, 'app:b')).toBeNull();
    expect(liveSample(undefined, null)).toBeNull();
  });
});
