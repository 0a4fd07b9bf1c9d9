import { useSyncExternalStore } from 'react';

interface Ticker {
  now: number;
  listeners: Set<() => void>;
  timer: ReturnType<typeof setInterval> | null;
}

// One timer per period for the whole page, however many cells tick.
const tickers = new Map<number, Ticker>();

function tickerFor(periodMs: number): Ticker {
  let ticker = tickers.get(periodMs);
  if (!ticker) {
    ticker = { now: Date.now(), listeners: new Set(), timer: null };
    tickers.set(periodMs, ticker);
  }
  return ticker;
}

function subscribe(periodMs: number, listener: () => void): () => void {
  const ticker = tickerFor(periodMs);
  ticker.listeners.add(listener);
  if (ticker.timer === null) {
    ticker.now = Date.now();
    ticker.timer = setInterval(() => {
      ticker.now = Date.now();
      for (const l of ticker.listeners) l();
    }, periodMs);
  }
  return () => {
    ticker.listeners.delete(listener);
    if (ticker.listeners.size === 0 && ticker.timer !== null) {
      clearInterval(ticker.timer);
      ticker.timer = null;
    }
  };
}

/** The current time in epoch ms, updated every `periodMs`. */
export function useNow(periodMs: number): number {
  return useSyncExternalStore(
    (listener) => subscribe(periodMs, listener),
    () => tickerFor(periodMs).now,
  );
}
