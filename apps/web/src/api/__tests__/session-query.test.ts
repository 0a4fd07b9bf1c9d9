import { describe, expect, it } from 'vitest';
import { sessionCheckDelay } from '../session-query';

describe('sessionCheckDelay', () => {
  it.each([
    { name: 'a second after the expiry', expiresAt: 10_000, now: 4_000, expected: 7_000 },
    { name: 'already expired: at once, nearly', expiresAt: 1_000, now: 5_000, expected: 1_000 },
    {
      name: 'far away: within what setTimeout takes',
      expiresAt: 90 * 86_400_000,
      now: 0,
      expected: 2 ** 31 - 1,
    },
  ])('$name', ({ expiresAt, now, expected }) => {
    expect(sessionCheckDelay(expiresAt, now)).toBe(expected);
  });
});
