import { EventEmitter } from 'node:events';
import type { InstanceStats, StatsSample } from '@supfleet/protocol';

/** How far back GET /api/v1/stats/history reaches. */
export const STATS_WINDOW_MS = 10 * 60_000;
/** A ring never holds more than this many samples, whatever the agent's period. */
const MAX_SAMPLES = 1200;

export interface StatsEvents {
  'stats:updated': [InstanceStats];
}

/**
 * The one home of the agents' statistics: the latest sample of each instance and, in memory, a
 * bounded ring of recent samples per node and per process (nothing of it is worth a database).
 */
export class StatsHistory extends EventEmitter<StatsEvents> {
  readonly #latest = new Map<string, InstanceStats>();
  readonly #nodes = new Map<string, StatsSample[]>();
  /** instance -> namespec -> samples. */
  readonly #processes = new Map<string, Map<string, StatsSample[]>>();

  constructor(readonly windowMs = STATS_WINDOW_MS) {
    super();
    this.setMaxListeners(0);
  }

  record(stats: InstanceStats): void {
    const { instance, at } = stats;
    this.#latest.set(instance, stats);
    append(this.#nodes, instance, { at, cpu: stats.node.cpu, rss: stats.node.memoryUsed });
    let rings = this.#processes.get(instance);
    if (!rings) this.#processes.set(instance, (rings = new Map<string, StatsSample[]>()));
    for (const [namespec, sample] of Object.entries(stats.processes)) {
      append(rings, namespec, { at, cpu: sample.cpu, rss: sample.rss });
    }
    // A process that stopped sending keeps its ring until its last sample leaves the window.
    for (const [namespec, ring] of rings) {
      trim(ring, at - this.windowMs);
      if (ring.length === 0) rings.delete(namespec);
    }
    trim(this.#nodes.get(instance)!, at - this.windowMs);
    this.emit('stats:updated', stats);
  }

  /** The latest statistics of every instance that sent some, in no particular order. */
  latest(): InstanceStats[] {
    return [...this.#latest.values()];
  }

  /** Oldest first; undefined when nothing was ever recorded for that instance (or process). */
  history(instance: string, namespec?: string): StatsSample[] | undefined {
    const ring =
      namespec === undefined ? this.#nodes.get(instance) : this.#processes.get(instance)?.get(namespec);
    return ring ? [...ring] : undefined;
  }
}

function append(rings: Map<string, StatsSample[]>, key: string, sample: StatsSample): void {
  let ring = rings.get(key);
  if (!ring) rings.set(key, (ring = []));
  ring.push(sample);
  if (ring.length > MAX_SAMPLES) ring.splice(0, ring.length - MAX_SAMPLES);
}

function trim(ring: StatsSample[], oldest: number): void {
  let drop = 0;
  while (drop < ring.length && ring[drop]!.at < oldest) drop += 1;
  if (drop > 0) ring.splice(0, drop);
}
