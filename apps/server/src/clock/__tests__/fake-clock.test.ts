import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../fake-clock';
import { sleep } from '../clock';

describe('createFakeClock', () => {
  it('runs timers in order of their time, only when advanced past them', async () => {
    const clock = createFakeClock(1000);
    const ran: string[] = [];
    clock.schedule(() => ran.push('b'), 20);
    clock.schedule(() => ran.push('a'), 10);
    await clock.advance(15);
    expect(ran).toEqual(['a']);
    expect(clock.now()).toBe(1015);
    await clock.advance(5);
    expect(ran).toEqual(['a', 'b']);
  });

  it('runs a timer set by a callback within the same advance, and repeats intervals', async () => {
    const clock = createFakeClock(0);
    const ticks: number[] = [];
    const interval = clock.repeat(() => ticks.push(clock.now()), 100);
    clock.schedule(() => clock.schedule(() => ticks.push(-clock.now()), 50), 120);
    await clock.advance(300);
    clock.cancel(interval);
    await clock.advance(300);
    expect(ticks).toEqual([100, -170, 200, 300]);
  });

  it('lets an awaited sleep go on after the advance', async () => {
    const clock = createFakeClock(0);
    let woke = false;
    void sleep(clock, 50).then(() => (woke = true));
    await clock.advance(49);
    expect(woke).toBe(false);
    await clock.advance(1);
    expect(woke).toBe(true);
  });

  it('forgets a cleared timer', async () => {
    const clock = createFakeClock(0);
    let ran = false;
    const timer = clock.schedule(() => (ran = true), 10);
    clock.cancel(timer);
    await clock.advance(100);
    expect(ran).toBe(false);
    expect(clock.pending()).toBe(0);
  });
});
