import type { Instance, Process, ProcessOnInstance } from '@supfleet/protocol';
import type { Clock, TimerHandle } from '../clock/clock';
import type { FleetStore } from '../fleet-store';

/** What a waiter decides on each change: keep waiting, or finish with a verdict. */
export type Verdict<T> = { done: false } | { done: true; value: T };

/** The longest pause between two of a step's own reads. */
const MAX_READ_GAP_MS = 2000;

export interface WaitOptions<T> {
  clock: Clock;
  timeoutMs: number;
  onTimeout: () => T;
  /** Resolves the wait early (job cancelled). */
  signal: AbortSignal;
  onAbort: () => T;
  /**
   * The step's own read of the process, for what the store cannot tell: asked once the store has
   * said nothing of the process for `afterMs`, then at doubling gaps. A read that fails is no verdict.
   */
  read?: { afterMs: number; decide: () => Promise<Verdict<T>> };
}

/**
 * Waits until `decide` gives a verdict on the process as the store sees it, re-deciding on
 * every change of that process or of any instance, or until the step's own read gives one,
 * with a deadline.
 */
export function waitForProcess<T>(
  store: FleetStore,
  namespec: string,
  decide: (process: Process | undefined, instances: Record<string, Instance>) => Verdict<T>,
  options: WaitOptions<T>,
): Promise<T> {
  const { clock, read } = options;
  return new Promise<T>((resolve) => {
    let finished = false;
    let readTimer: TimerHandle | undefined;
    let readGap = read?.afterMs ?? 0;
    let reading = false;
    const finish = (value: T) => {
      if (finished) return;
      finished = true;
      clock.clearTimeout(timer);
      clock.clearTimeout(readTimer);
      store.off('process:updated', onProcess);
      store.off('instance:updated', check);
      options.signal.removeEventListener('abort', onAbort);
      resolve(value);
    };
    const check = () => {
      const verdict = decide(store.state.processes[namespec], store.state.instances);
      if (verdict.done) finish(verdict.value);
    };
    const scheduleRead = () => {
      if (!read || finished || reading) return;
      clock.clearTimeout(readTimer);
      readTimer = clock.setTimeout(readNow, readGap);
    };
    const readNow = () => {
      if (!read || finished) return;
      reading = true;
      read.decide().then(
        (verdict) => {
          reading = false;
          if (verdict.done) return finish(verdict.value);
          readGap = Math.min(readGap * 2, MAX_READ_GAP_MS);
          scheduleRead();
        },
        () => {
          reading = false;
          scheduleRead();
        },
      );
    };
    const onProcess = (process: Process) => {
      if (process.namespec !== namespec) return;
      check();
      // The store still speaks of the process: the step's own read can wait.
      scheduleRead();
    };
    const onAbort = () => finish(options.onAbort());
    const timer = clock.setTimeout(() => finish(options.onTimeout()), options.timeoutMs);
    store.on('process:updated', onProcess);
    store.on('instance:updated', check);
    options.signal.addEventListener('abort', onAbort);
    if (options.signal.aborted) onAbort();
    else {
      check();
      scheduleRead();
    }
  });
}

export function infoOn(process: Process | undefined, instance: string): ProcessOnInstance | undefined {
  return process?.instances.find((info) => info.instance === instance);
}
