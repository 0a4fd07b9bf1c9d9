import type { Instance } from '@supfleet/protocol';
import type { Clock, TimerHandle } from '../clock/clock';
import type { FleetChange } from '../fleet-change';
import type { FleetModel } from '../fleet-model';

/** What a watcher decides on each read: keep watching, or finish with a verdict. */
export type Verdict<T> = { done: false } | { done: true; value: T };

/** The first pause between two of a step's own reads; it doubles up to `maxGapMs`. */
const FIRST_GAP_MS = 25;

export interface WatchOptions<T> {
  store: FleetModel;
  namespec: string;
  clock: Clock;
  /**
   * The step's own read of the process: made after the step's call to supervisord returned, so
   * it tells of that call whatever the timing (supervisord's times are whole seconds, and a run
   * within the second of the previous one would leave the store's entry unchanged).
   */
  read: () => Promise<Verdict<T>>;
  /** A verdict from the store alone: an instance lost. */
  lost: (instances: Record<string, Instance>) => Verdict<T>;
  maxGapMs: number;
  timeoutMs: number;
  onTimeout: () => T;
  /** Resolves the watch early (job cancelled). */
  signal: AbortSignal;
  onAbort: () => T;
}

/**
 * Reads the process until a read gives a verdict: at once, whenever the store announces a change
 * of it (a poll, an agent's push), and at doubling gaps in between; with a deadline. One read
 * at a time: a change seen during a read asks for one more.
 */
export function watchProcess<T>(options: WatchOptions<T>): Promise<T> {
  const { store, namespec, clock } = options;
  return new Promise<T>((resolve) => {
    let finished = false;
    let reading = false;
    let again = false;
    let gap = FIRST_GAP_MS;
    let readTimer: TimerHandle | undefined;
    const finish = (value: T) => {
      if (finished) return;
      finished = true;
      clock.cancel(deadline);
      clock.cancel(readTimer);
      store.off('change', onChange);
      options.signal.removeEventListener('abort', onAbort);
      resolve(value);
    };
    const readNow = () => {
      if (finished) return;
      if (reading) {
        again = true;
        return;
      }
      clock.cancel(readTimer);
      reading = true;
      options.read().then(
        (verdict) => done(verdict),
        // A failed read is no verdict: whether the instance is lost is the store's call.
        () => done({ done: false }),
      );
    };
    const done = (verdict: Verdict<T>) => {
      reading = false;
      if (verdict.done) return finish(verdict.value);
      if (finished) return;
      if (again) {
        again = false;
        return readNow();
      }
      readTimer = clock.schedule(readNow, gap);
      gap = Math.min(gap * 2, options.maxGapMs);
    };
    const lost = (instances: Record<string, Instance>) => {
      const verdict = options.lost(instances);
      if (verdict.done) finish(verdict.value);
    };
    const onChange = ({ changes, after }: FleetChange) => {
      if (changes.instances.length > 0) lost(after.fleet.instances);
      if (changes.processes.includes(namespec)) readNow();
    };
    const onAbort = () => finish(options.onAbort());
    const deadline = clock.schedule(() => finish(options.onTimeout()), options.timeoutMs);
    store.on('change', onChange);
    options.signal.addEventListener('abort', onAbort);
    if (options.signal.aborted) onAbort();
    else {
      lost(store.state.instances);
      readNow();
    }
  });
}
