import { describe, expect, it } from 'vitest';
import { FailureLimiter, LoginLimiter } from '../failure-limiter';

describe('failure limits', () => {
  it('lets max failures through, then says how long to wait, and forgets them after the window', () => {
    let now = 0;
    const limiter = new FailureLimiter({ max: 3, windowMs: 60_000 }, () => now);
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfterMs('a')).toBe(0);
      limiter.fail('a');
      now += 1000;
    }
    expect(limiter.retryAfterMs('a')).toBe(57_000);
    expect(limiter.retryAfterMs('b')).toBe(0);
    now = 60_001;
    expect(limiter.retryAfterMs('a')).toBe(0);
  });

  it('clears a key on success and keeps at most maxKeys keys', () => {
    const limiter = new FailureLimiter({ max: 1, windowMs: 60_000 }, () => 0, 2);
    limiter.fail('a');
    limiter.succeed('a');
    expect(limiter.retryAfterMs('a')).toBe(0);
    for (const key of ['x', 'y', 'z']) limiter.fail(key);
    expect(limiter.retryAfterMs('x')).toBe(0);
    expect(limiter.retryAfterMs('z')).toBeGreaterThan(0);
  });

  it('limits logins per user (any case) and per address; a success clears only the user', () => {
    const limiter = new LoginLimiter(() => 0);
    for (let i = 0; i < 10; i++) limiter.fail('1.2.3.4', 'Alice');
    expect(limiter.retryAfterSeconds('5.6.7.8', 'alice')).toBe(300);
    expect(limiter.retryAfterSeconds('5.6.7.8', 'bob')).toBe(0);
    for (let i = 0; i < 20; i++) limiter.fail('1.2.3.4', `user${i}`);
    expect(limiter.retryAfterSeconds('1.2.3.4', 'carol')).toBe(300);
    limiter.succeed('alice');
    expect(limiter.retryAfterSeconds('5.6.7.8', 'alice')).toBe(0);
    expect(limiter.retryAfterSeconds('1.2.3.4', null)).toBe(300);
  });
});
