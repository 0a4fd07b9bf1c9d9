import { formatUptime } from './format-uptime';

/**
 * One timer for every uptime on the page: each second it rewrites the text of the uptime
 * elements mounted (with a virtual table, the visible rows only), without rendering React.
 * The elements are React's, but their text is only ever written here.
 */
export interface UptimeTicker {
  /** Shows the uptime since `startSeconds` in `element` now and every second; returns the unwatch. */
  watch(element: HTMLElement, startSeconds: number): () => void;
}

export function createUptimeTicker(
  now: () => number = Date.now,
  every: (tick: () => void, ms: number) => () => void = (tick, ms) => {
    const timer = setInterval(tick, ms);
    return () => clearInterval(timer);
  },
): UptimeTicker {
  const watched = new Map<HTMLElement, number>();
  let stop: (() => void) | null = null;
  const write = (element: HTMLElement, start: number, nowSeconds: number) => {
    const text = formatUptime(nowSeconds - start);
    // Unchanged text is not written: no layout work for the browser.
    if (element.textContent !== text) element.textContent = text;
  };
  const tick = () => {
    const nowSeconds = now() / 1000;
    for (const [element, start] of watched) write(element, start, nowSeconds);
  };
  return {
    watch(element, startSeconds) {
      watched.set(element, startSeconds);
      write(element, startSeconds, now() / 1000);
      stop ??= every(tick, 1000);
      return () => {
        watched.delete(element);
        if (watched.size === 0 && stop) {
          stop();
          stop = null;
        }
      };
    },
  };
}

/** The page's one ticker. */
export const uptimeTicker = createUptimeTicker();
