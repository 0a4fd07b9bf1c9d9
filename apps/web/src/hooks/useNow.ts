import { useSyncExternalStore } from 'react';

interface Ticker {
  subscribe: (listener: () => void) => () => void;
  getSnapshot: () => number;
}

// One timer per period for the whole page, however many cells tick. The functions handed to
// React must keep their identity: a new `subscribe` on each render would make React resubscribe,
// restart the clock and render again, in a loop.
const tickers = new Map<number, Ticker>();

function tickerFor(periodMs: number): Ticker {
  const existing = tickers.get(periodMs);
  if (existing) return existing;
  const listeners = new Set<() => void>();
  let now = Date.now();
  let timer: ReturnType<typeof setInterval> | null = null;
  const ticker: Ticker = {
    subscribe(listener) {
      listeners.add(listener);
      // The clock slept while nobody watched it: one catch-up render, then a tick per period.
      if (timer === null) now = Date.now();
      timer ??= setInterval(() => {
        now = Date.now();
        for (const l of listeners) l();
      }, periodMs);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && timer !== null) {
          clearInterval(timer);
          timer = null;
        }
      };
    },
    getSnapshot: () => now,
  };
  tickers.set(periodMs, ticker);
  return ticker;
}

/** The current time in epoch ms, updated every `periodMs`. */
export function useNow(periodMs: number): number {
  const ticker = tickerFor(periodMs);
  return useSyncExternalStore(ticker.subscribe, ticker.getSnapshot);
}
