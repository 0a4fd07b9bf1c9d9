import { describe, expect, it } from 'vitest';
import { formatStartTime, formatStopTime, formatUptime } from '../format-uptime';

describe('formatUptime, as supervisord writes it', () => {
  it.each([
    { name: 'just started', seconds: 0, expected: '0:00:00' },
    { name: 'minutes and seconds, hours unpadded', seconds: 165, expected: '0:02:45' },
    { name: 'a fraction of a second is dropped', seconds: 59.9, expected: '0:00:59' },
    { name: 'many hours', seconds: 12 * 3600, expected: '12:00:00' },
    { name: 'one day, singular', seconds: 86_400 + 2 * 3600 + 3 * 60 + 4, expected: '1 day, 2:03:04' },
    { name: 'several days, plural', seconds: 3 * 86_400 + 9, expected: '3 days, 0:00:09' },
    { name: 'a clock set back shows zero, not a negative time', seconds: -5, expected: '0:00:00' },
  ])('$name', ({ seconds, expected }) => {
    expect(formatUptime(seconds)).toBe(expected);
  });
});

describe('formatStopTime, as supervisord writes it', () => {
  it.each([
    { name: 'evening, 12-hour clock', date: new Date(2024, 10, 25, 19, 12), expected: 'Nov 25 07:12 PM' },
    { name: 'midnight is 12 AM', date: new Date(2024, 0, 5, 0, 3), expected: 'Jan 05 12:03 AM' },
    { name: 'noon is 12 PM', date: new Date(2024, 6, 14, 12, 30), expected: 'Jul 14 12:30 PM' },
  ])('$name', ({ date, expected }) => {
    expect(formatStopTime(date.getTime() / 1000)).toBe(expected);
  });
});

describe('formatStartTime, supervisord’s stop time with seconds', () => {
  it.each([
    {
      name: 'seconds tell two starts of one minute apart',
      date: new Date(2024, 10, 25, 19, 12, 5),
      expected: 'Nov 25 07:12:05 PM',
    },
    { name: 'morning', date: new Date(2024, 0, 5, 9, 3, 59), expected: 'Jan 05 09:03:59 AM' },
  ])('$name', ({ date, expected }) => {
    expect(formatStartTime(date.getTime() / 1000)).toBe(expected);
  });
});
