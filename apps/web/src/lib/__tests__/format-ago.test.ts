import { describe, expect, it } from 'vitest';
import { formatAgo } from '../format-ago';

describe('formatAgo', () => {
  it.each([
    { name: 'under two seconds', ms: 1_500, expected: 'just now' },
    { name: 'a clock slightly ahead of ours', ms: -800, expected: 'just now' },
    { name: 'seconds', ms: 42_000, expected: '42 s ago' },
    { name: 'minutes', ms: 3 * 60_000 + 10_000, expected: '3 min ago' },
    { name: 'hours', ms: 5 * 3_600_000, expected: '5 h ago' },
    { name: 'days', ms: 3 * 86_400_000, expected: '3 d ago' },
  ])('$name', ({ ms, expected }) => {
    expect(formatAgo(ms)).toBe(expected);
  });
});
