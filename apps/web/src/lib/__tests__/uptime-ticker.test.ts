import { describe, expect, it } from 'vitest';
import { createUptimeTicker } from '../uptime-ticker';

class FakeElement {
  textContent: string | null = null;
  writes = 0;
}

function setup() {
  let now = 1_000_000;
  let tick: (() => void) | null = null;
  const ticker = createUptimeTicker(
    () => now,
    (t) => {
      tick = t;
      return () => (tick = null);
    },
  );
  const element = () => new FakeElement() as unknown as HTMLElement & FakeElement;
  return { ticker, element, advance: (ms: number) => ((now += ms), tick?.()), running: () => tick !== null };
}

describe('uptime ticker', () => {
  it('writes the uptime at once, then every second, with one timer for every element', () => {
    const { ticker, element, advance, running } = setup();
    const a = element();
    const b = element();
    ticker.watch(a, 1_000_000 / 1000 - 59);
    ticker.watch(b, 1_000_000 / 1000 - 3600);
    expect(a.textContent).toBe('0:00:59');
    expect(b.textContent).toBe('1:00:00');
    advance(1000);
    expect(a.textContent).toBe('0:01:00');
    expect(b.textContent).toBe('1:00:01');
    expect(running()).toBe(true);
  });

  it('stops its timer when no uptime is shown, and forgets an unwatched element', () => {
    const { ticker, element, advance, running } = setup();
    const a = element();
    const unwatch = ticker.watch(a, 999);
    unwatch();
    expect(running()).toBe(false);
    const before = a.textContent;
    advance(5000);
    expect(a.textContent).toBe(before);
  });
});
