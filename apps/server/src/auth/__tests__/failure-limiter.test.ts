import { describe, expect, it } from 'vitest';
import { LoginLimiter, retryAfterMs } from '../failure-limiter';
import type { LoginFailureRepository } from '../../store/login-failures';

/** The store's contract (store-contract.integration.test.ts) in memory. */
function memoryFailures(): LoginFailureRepository & { size(): number } {
  let rows: { key: string; at: number }[] = [];
  return {
    add: async (keys, at, before) => {
      rows = rows.filter((row) => row.at > before).concat(keys.map((key) => ({ key, at })));
    },
    recent: async (key, since, limit) =>
      rows
        .filter((row) => row.key === key && row.at > since)
        .map((row) => row.at)
        .sort((a, b) => b - a)
        .slice(0, limit),
    clear: async (key) => {
      rows = rows.filter((row) => row.key !== key);
    },
    size: () => rows.length,
  };
}

describe('failure limiter', () => {
  it.each([
    { case: 'fewer failures than the limit', times: [50, 40], wait: 0 },
    { case: 'at the limit: until the oldest leaves the window', times: [50, 40, 3], wait: 3 + 60_000 - 60 },
    { case: 'past the limit: the max-th newest counts', times: [55, 50, 40, 3], wait: 40 + 60_000 - 60 },
  ])('waits $wait ms with $case', ({ times, wait }) => {
    expect(retryAfterMs(times, { max: 3, windowMs: 60_000 }, 60)).toBe(wait);
  });

  it('limits logins per user name (any case) and per address, in whole seconds; a success clears the user only', async () => {
    const limiter = new LoginLimiter(memoryFailures(), { now: () => 0 });
    for (let i = 0; i < 10; i++) await limiter.fail('1.2.3.4', 'Alice');
    expect(await limiter.retryAfterSeconds('5.6.7.8', 'alice')).toBe(300);
    expect(await limiter.retryAfterSeconds('5.6.7.8', 'bob')).toBe(0);
    for (let i = 0; i < 20; i++) await limiter.fail('1.2.3.4', `user${i}`);
    expect(await limiter.retryAfterSeconds('1.2.3.4', 'carol')).toBe(300);
    await limiter.succeed('alice');
    expect(await limiter.retryAfterSeconds('5.6.7.8', 'alice')).toBe(0);
    expect(await limiter.retryAfterSeconds('1.2.3.4', null)).toBe(300);
  });

  it('counts on the given clock, rounds the wait up, and forgets failures past the window', async () => {
    let now = 1_000_000;
    const failures = memoryFailures();
    const limiter = new LoginLimiter(failures, { now: () => now });
    for (let i = 0; i < 10; i++) await limiter.fail(`10.0.0.${i}`, 'alice');
    now += 299_500;
    expect(await limiter.retryAfterSeconds('10.0.0.99', 'alice')).toBe(1);
    now += 500;
    expect(await limiter.retryAfterSeconds('10.0.0.99', 'alice')).toBe(0);
    // A spray of addresses: the next failure drops every row past the window.
    await limiter.fail('10.0.1.1', null);
    expect(failures.size()).toBe(1);
  });
});
