import type { InstanceStats, StatsSample } from '@supfleet/protocol';

/** A chart's data: columns, as uPlot takes them (time in epoch seconds). */
export interface StatsSeries {
  at: number[];
  cpu: number[];
  rss: number[];
}

/** Points kept per chart: at a 5 s sample period, the last 25 minutes. */
export const MAX_POINTS = 300;

export const emptySeries = (): StatsSeries => ({ at: [], cpu: [], rss: [] });

/**
 * Adds samples (history or live) in time order: a sample not after the last one is dropped,
 * so history and live samples can overlap. Mutates and returns `series`; drops the oldest
 * points beyond `max`.
 */
export function appendSamples(
  series: StatsSeries,
  samples: readonly StatsSample[],
  max = MAX_POINTS,
): StatsSeries {
  for (const sample of samples) {
    const at = sample.at / 1000;
    const last = series.at.at(-1);
    if (last !== undefined && at <= last) continue;
    series.at.push(at);
    series.cpu.push(sample.cpu);
    series.rss.push(sample.rss);
  }
  const excess = series.at.length - max;
  if (excess > 0) {
    series.at.splice(0, excess);
    series.cpu.splice(0, excess);
    series.rss.splice(0, excess);
  }
  return series;
}

/**
 * The live sample a chart follows: one process's (`namespec`) or its node's (memory used),
 * from the last statistics of the instance. Null when that instance or process sent none.
 */
export function liveSample(stats: InstanceStats | undefined, namespec: string | null): StatsSample | null {
  if (!stats) return null;
  if (namespec === null) return { at: stats.at, cpu: stats.node.cpu, rss: stats.node.memoryUsed };
  const process = stats.processes[namespec];
  return process ? { at: stats.at, cpu: process.cpu, rss: process.rss } : null;
}
