import type { Clock, TimerHandle } from './clock';

interface Timer extends TimerHandle {
  at: number;
  order: number;
  every?: number;
  callback: () => void;
}

export interface FakeClock extends Clock {
  /**
   * Moves time forward by `ms`, running every timer that falls due in order of its time, and
   * letting promises settle after each one (so a timer set by a callback runs in the same advance).
   */
  advance(ms: number): Promise<void>;
  /** Advances to the next pending timer and runs it; false when none is pending. */
  next(): Promise<boolean>;
  /** Timers pending now. */
  pending(): number;
}

/** Lets every settled promise's callbacks run (several turns, for chains of awaits). */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await new Promise<void>((resolve) => setImmediate(resolve));
}

/** A clock whose time moves only when a test says so. */
export function createFakeClock(start = Date.UTC(2026, 0, 1)): FakeClock {
  let now = start;
  let order = 0;
  const timers = new Set<Timer>();
  const add = (callback: () => void, ms: number, every?: number): Timer => {
    const timer: Timer = {
      at: now + Math.max(0, ms),
      order: order++,
      every,
      callback,
      unref: () => timer,
    };
    timers.add(timer);
    return timer;
  };
  const remove = (handle: TimerHandle | undefined) => {
    if (handle) timers.delete(handle as Timer);
  };
  const due = (until: number): Timer | undefined => {
    let first: Timer | undefined;
    for (const timer of timers) {
      if (timer.at > until) continue;
      if (!first || timer.at < first.at || (timer.at === first.at && timer.order < first.order))
        first = timer;
    }
    return first;
  };
  const run = async (timer: Timer) => {
    now = Math.max(now, timer.at);
    if (timer.every !== undefined) {
      timer.at = now + Math.max(1, timer.every);
      timer.order = order++;
    } else timers.delete(timer);
    timer.callback();
    await settle();
  };
  return {
    now: () => now,
    schedule: (callback, ms) => add(callback, ms),
    repeat: (callback, ms) => add(callback, ms, ms),
    cancel: remove,
    pending: () => timers.size,
    async advance(ms) {
      const until = now + ms;
      await settle();
      for (let timer = due(until); timer; timer = due(until)) await run(timer);
      now = until;
      await settle();
    },
    async next() {
      await settle();
      const timer = due(Number.POSITIVE_INFINITY);
      if (!timer) return false;
      await run(timer);
      return true;
    },
  };
}
