import type { Instance, Process, ProcessOnInstance } from '@supfleet/protocol';
import type { FleetStore } from '../fleet-store';

/** What a waiter decides on each change: keep waiting, or finish with a verdict. */
export type Verdict<T> = { done: false } | { done: true; value: T };

export interface WaitOptions<T> {
  timeoutMs: number;
  onTimeout: () => T;
  /** Resolves the wait early (job cancelled). */
  signal: AbortSignal;
  onAbort: () => T;
}

/**
 * Waits until `decide` gives a verdict on the process as the store sees it, re-deciding on
 * every change of that process or of any instance, with a deadline.
 */
export function waitForProcess<T>(
  store: FleetStore,
  namespec: string,
  decide: (process: Process | undefined, instances: Record<string, Instance>) => Verdict<T>,
  options: WaitOptions<T>,
): Promise<T> {
  return new Promise<T>((resolve) => {
    const finish = (value: T) => {
      clearTimeout(timer);
      store.off('process:updated', onProcess);
      store.off('instance:updated', check);
      options.signal.removeEventListener('abort', onAbort);
      resolve(value);
    };
    const check = () => {
      const verdict = decide(store.state.processes[namespec], store.state.instances);
      if (verdict.done) finish(verdict.value);
    };
    const onProcess = (process: Process) => {
      if (process.namespec === namespec) check();
    };
    const onAbort = () => finish(options.onAbort());
    const timer = setTimeout(() => finish(options.onTimeout()), options.timeoutMs);
    store.on('process:updated', onProcess);
    store.on('instance:updated', check);
    options.signal.addEventListener('abort', onAbort);
    if (options.signal.aborted) onAbort();
    else check();
  });
}

export function infoOn(process: Process | undefined, instance: string): ProcessOnInstance | undefined {
  return process?.instances.find((info) => info.instance === instance);
}
