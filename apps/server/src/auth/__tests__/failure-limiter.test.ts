import { describe, expect, it } from 'vitest';
import { LoginLimiter, retryAfterMs } from '../failure-limiter';
import { memoryLoginFailures, type LoginFailureRepository } from '../../store/login-failures';
import { DomainError } from '../../errors';

describe('failure limiter', () => {
  it.each([
    { case: 'fewer failures than the limit', times: [50, 40], wait: 0 },
    { case: 'at the limit: until the oldest leaves the window', times: [50, 40, 3], wait: 3 + 60_000 - 60 },
    { case: 'past the limit: the max-th newest counts', times: [55, 50, 40, 3], wait: 40 + 60_000 - 60 },
  ])('waits $wait ms with $case', ({ times, wait }) => {
    expect(retryAfterMs(times, { max: 3, windowMs: 60_000 }, 60)).toBe(wait);
  });

  it('limits logins per user name (any case) and per address, in whole seconds; a success clears the user only', async () => {
    const limiter = new LoginLimiter(memoryLoginFailures(), { now: () => 0 });
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
    const failures = memoryLoginFailures();
    const limiter = new LoginLimiter(failures, { now: () => now });
    for (let i = 0; i < 10; i++) await limiter.fail(`10.0.0.${i}`, 'alice');
    now += 299_500;
    expect(await limiter.retryAfterSeconds('10.0.0.99', 'alice')).toBe(1);
    now += 500;
    expect(await limiter.retryAfterSeconds('10.0.0.99', 'alice')).toBe(0);
    // A spray of addresses: the next failure drops every row past the window.
    await limiter.fail('10.0.1.1', null);
    expect(await failures.recent('user:alice', 0, 100)).toEqual([]);
    expect(await failures.recent('address:10.0.1.1', 0, 100)).toEqual([now]);
  });

  it('keeps at most so many failures in memory, dropping the oldest', async () => {
    const memory = memoryLoginFailures(2);
    for (const [i, key] of ['x', 'y', 'z'].entries()) await memory.add([key], i, -1);
    expect(await memory.recent('x', -1, 10)).toEqual([]);
    expect(await memory.recent('z', -1, 10)).toEqual([2]);
  });

  it('counts in memory while the store cannot answer, and lets other errors through', async () => {
    const down: LoginFailureRepository = {
      add: () => Promise.reject(new DomainError('UNAVAILABLE', 'database unavailable: gone')),
      recent: () => Promise.reject(new DomainError('UNAVAILABLE', 'database unavailable: gone')),
      clear: () => Promise.reject(new DomainError('UNAVAILABLE', 'database unavailable: gone')),
    };
    const limiter = new LoginLimiter(down, { now: () => 0 });
    for (let i = 0; i < 10; i++) await limiter.fail('1.2.3.4', 'root');
    expect(await limiter.retryAfterSeconds('1.2.3.4', 'root')).toBe(300);
    const broken = new LoginLimiter(
      { ...down, recent: () => Promise.reject(new Error('a bug')) },
      { now: () => 0 },
    );
    await expect(broken.retryAfterSeconds('1.2.3.4', 'root')).rejects.toThrow('a bug');
  });
});
