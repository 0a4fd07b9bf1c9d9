import { describe, expect, it } from 'vitest';
import { summarize } from '../stats-summary';

const minute = 60_000;

describe('summary of a statistics series', () => {
  it('is null without samples', () => {
    expect(summarize([])).toBeNull();
  });

  it.each([
    ['rising', [1, 2, 3, 4, 5], 'up', 1],
    ['falling', [10, 8, 6, 4, 2], 'down', -2],
    ['flat', [5, 5, 5, 5, 5], 'flat', 0],
    ['noisy but level', [5, 7, 5, 7, 5, 7], 'flat', undefined],
  ] as const)('a %s series', (_name, values, trend, slope) => {
    const summary = summarize(values.map((v, i) => [i * minute, v] as const))!;
    expect(summary.trend).toBe(trend);
    expect(summary.last).toBe(values.at(-1));
    if (slope !== undefined) expect(summary.slopePerMinute).toBeCloseTo(slope);
  });

  it('gives the mean and the standard deviation', () => {
    const summary = summarize([
      [0, 2],
      [minute, 4],
      [2 * minute, 4],
      [3 * minute, 4],
      [4 * minute, 5],
      [5 * minute, 5],
      [6 * minute, 7],
      [7 * minute, 9],
    ])!;
    expect(summary.mean).toBe(5);
    expect(summary.stddev).toBe(2);
  });
});
