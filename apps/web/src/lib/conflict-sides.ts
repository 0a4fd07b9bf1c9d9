import type { Process, ProcessState } from '@supfleet/protocol';

/** One instance a conflicting process runs on, as the Conflicts region lists it. */
export interface ConflictSide {
  instance: string;
  state: ProcessState | null;
  pid: number | null;
  /** Epoch seconds; null when the instance has not said. */
  start: number | null;
  /** Which one SENICIDE (keep the youngest) or INFANTICIDE (keep the oldest) would keep; null on a tie. */
  age: 'oldest' | 'youngest' | null;
}

/** The instances a process runs on, in the server's order, with what tells them apart. */
export function conflictSides(process: Process): ConflictSide[] {
  const sides = process.runningOn.map((instance) => {
    const info = process.instances.find((i) => i.instance === instance);
    return {
      instance,
      state: info?.state ?? null,
      pid: info && info.pid > 0 ? info.pid : null,
      start: info && info.start > 0 ? info.start : null,
    };
  });
  const starts = sides.flatMap((s) => (s.start === null ? [] : [s.start]));
  const oldest = Math.min(...starts);
  const youngest = Math.max(...starts);
  // Ages mean something only when every side has a start time and they differ.
  const comparable = starts.length === sides.length && starts.length > 1 && oldest !== youngest;
  return sides.map((side) => ({
    ...side,
    age: !comparable ? null : side.start === oldest ? 'oldest' : side.start === youngest ? 'youngest' : null,
  }));
}
