import { describe, expect, it } from 'vitest';
import { formatTimestamp, parseLocalDateTime } from '../format-timestamp';

describe('formatTimestamp', () => {
  it('writes local time to the second, padded', () => {
    expect(formatTimestamp(new Date(2026, 0, 2, 3, 4, 5).getTime())).toBe('2026-01-02 03:04:05');
  });
});

describe('parseLocalDateTime', () => {
  it.each([
    { name: 'minutes', value: '2026-12-01T16:28', expected: new Date(2026, 11, 1, 16, 28).getTime() },
    { name: 'seconds', value: '2026-12-01T16:28:09', expected: new Date(2026, 11, 1, 16, 28, 9).getTime() },
    { name: 'empty', value: '', expected: undefined },
    { name: 'a date alone', value: '2026-12-01', expected: undefined },
    { name: 'garbage', value: 'yesterday', expected: undefined },
    { name: 'an impossible month', value: '2026-13-01T00:00', expected: undefined },
  ])('$name', ({ value, expected }) => {
    expect(parseLocalDateTime(value)).toBe(expected);
  });
});
