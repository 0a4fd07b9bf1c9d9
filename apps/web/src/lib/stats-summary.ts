/** What a series of samples says, as Supvisors shows it: last value, mean, slope, standard deviation, trend. */
export interface SeriesSummary {
  last: number;
  mean: number;
  /** Least-squares slope, in units per minute. */
  slopePerMinute: number;
  stddev: number;
  /** The slope against the spread: up or down only when the series moves beyond its noise. */
  trend: 'up' | 'down' | 'flat';
}

/** `points` as [epoch ms, value], any order of time; null with fewer than one point. */
export function summarize(points: readonly (readonly [number, number])[]): SeriesSummary | null {
  const n = points.length;
  if (n === 0) return null;
  const sorted = [...points].sort((a, b) => a[0] - b[0]);
  const values = sorted.map((p) => p[1]);
  const mean = values.reduce((sum, v) => sum + v, 0) / n;
  const stddev = Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / n);
  const t0 = sorted[0]![0];
  const minutes = sorted.map((p) => (p[0] - t0) / 60_000);
  const meanT = minutes.reduce((sum, t) => sum + t, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i += 1) {
    num += (minutes[i]! - meanT) * (values[i]! - mean);
    den += (minutes[i]! - meanT) ** 2;
  }
  const slopePerMinute = den === 0 ? 0 : num / den;
  const span = minutes.at(-1)! - minutes[0]!;
  // Over the whole period, does the fitted line move by more than the spread of the values?
  const change = slopePerMinute * span;
  const threshold = Math.max(stddev, Math.abs(mean) * 0.02, 1e-9);
  const trend = change > threshold ? 'up' : change < -threshold ? 'down' : 'flat';
  return { last: values.at(-1)!, mean, slopePerMinute, stddev, trend };
}

export const TREND_ARROWS: Record<SeriesSummary['trend'], string> = { up: '↗', down: '↘', flat: '→' };
