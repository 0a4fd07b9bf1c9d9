import type { InstanceStats, Process, ProcessState, ProcessStats } from '@supfleet/protocol';
import { naturalCompare } from './natural-compare';

export type ProcessSortKey = 'name' | 'state' | 'instance' | 'cpu' | 'memory';

/** How the process table is filtered and sorted: the table's controls. */
export interface ProcessView {
  /** Part of the name or namespec, any case; empty for every process. */
  text: string;
  state: ProcessState | 'all';
  /** An instance id (the processes running or placed there), or 'all'. */
  instance: string;
  sort: ProcessSortKey;
  descending: boolean;
}

export const DEFAULT_PROCESS_VIEW: ProcessView = {
  text: '',
  state: 'all',
  instance: 'all',
  sort: 'name',
  descending: false,
};

/** The keys a person expects from biggest first when first choosing them. */
export const DESCENDING_FIRST: ReadonlySet<ProcessSortKey> = new Set(['cpu', 'memory']);

export type FleetStats = Readonly<Record<string, InstanceStats>>;

/** The last sample of a process, from the instance it runs on; undefined when none was sent. */
export function processStatsOf(process: Process, stats: FleetStats): ProcessStats | undefined {
  if (process.instance === null) return undefined;
  return stats[process.instance]?.processes[process.namespec];
}

// Trouble first: an operator sorts by state to find what is wrong.
const STATE_RANK: Record<ProcessState, number> = {
  FATAL: 0,
  BACKOFF: 1,
  UNKNOWN: 2,
  EXITED: 3,
  STARTING: 4,
  STOPPING: 5,
  RUNNING: 6,
  STOPPED: 7,
};

function matches(process: Process, view: ProcessView, text: string): boolean {
  if (view.state !== 'all' && process.state !== view.state) return false;
  if (
    view.instance !== 'all' &&
    process.instance !== view.instance &&
    !process.runningOn.includes(view.instance)
  ) {
    return false;
  }
  return text === '' || process.namespec.toLowerCase().includes(text);
}

/**
 * The rows of the table: `processes` (already in name order) filtered, then sorted by the
 * view's key. One pass and one sort per change set; ties keep name order (the sort is stable).
 * Processes without statistics go last when sorting by CPU or memory, in either direction.
 */
export function viewProcesses(
  processes: readonly Process[],
  view: ProcessView,
  stats: FleetStats,
): readonly Process[] {
  const text = view.text.trim().toLowerCase();
  const kept =
    text === '' && view.state === 'all' && view.instance === 'all'
      ? processes.slice()
      : processes.filter((p) => matches(p, view, text));
  if (view.sort === 'name') return view.descending ? kept.reverse() : kept;
  const direction = view.descending ? -1 : 1;
  if (view.sort === 'state') {
    return kept.sort((a, b) => (STATE_RANK[a.state] - STATE_RANK[b.state]) * direction);
  }
  if (view.sort === 'instance') {
    // Not placed anywhere: last.
    return kept.sort((a, b) =>
      a.instance === null || b.instance === null
        ? Number(a.instance === null) - Number(b.instance === null)
        : naturalCompare(a.instance, b.instance) * direction,
    );
  }
  const field = view.sort === 'cpu' ? 'cpu' : 'rss';
  const keys = new Map(kept.map((p) => [p, processStatsOf(p, stats)?.[field]]));
  return kept.sort((a, b) => {
    const ka = keys.get(a);
    const kb = keys.get(b);
    if (ka === undefined || kb === undefined) return ka === kb ? 0 : ka === undefined ? 1 : -1;
    return (ka - kb) * direction;
  });
}

/** The instances the processes are placed on, for the instance filter. */
export function instancesOf(processes: readonly Process[]): string[] {
  const ids = new Set<string>();
  for (const p of processes) {
    if (p.instance !== null) ids.add(p.instance);
    for (const id of p.runningOn) ids.add(id);
  }
  return [...ids].sort(naturalCompare);
}
