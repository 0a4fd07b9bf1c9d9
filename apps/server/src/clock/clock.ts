/**
 * The one source of time of the server: every timer goes through a Clock that `createService`
 * passes down, so timing tests run on a fake clock (`createFakeClock`) instead of sleeping.
 */
export interface TimerHandle {
  /** Lets the process exit while the timer is pending (Node's `unref`); no-op on a fake clock. */
  unref(): TimerHandle;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls back once, `ms` from now (setTimeout). */
  schedule(callback: () => void, ms: number): TimerHandle;
  /** Calls back every `ms` (setInterval). */
  repeat(callback: () => void, ms: number): TimerHandle;
  /** Forgets a timer of either kind; undefined is allowed. */
  cancel(handle: TimerHandle | undefined): void;
}

/** Resolves after `ms` on `clock`. */
export function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.schedule(resolve, ms));
}

export const systemClock: Clock = {
  now: () => Date.now(),
  schedule: (callback, ms) => setTimeout(callback, ms),
  repeat: (callback, ms) => setInterval(callback, ms),
  // Node's clearTimeout clears an interval too.
  cancel: (handle) => clearTimeout(handle as NodeJS.Timeout | undefined),
};
