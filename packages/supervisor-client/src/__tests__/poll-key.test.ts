import { describe, expect, it } from 'vitest';
import { pollKey } from '../supervisor-client';

const info = (now: number, description: string, state = 20) =>
  `<value><struct>\n<member>\n<name>state</name>\n<value><int>${state}</int></value>\n</member>\n` +
  `<member>\n<name>now</name>\n<value><int>${now}</int></value>\n</member>\n` +
  `<member>\n<name>description</name>\n<value><string>${description}</string></value>\n</member>\n</struct></value>`;

describe('pollKey', () => {
  it.each([
    {
      name: 'a second later, uptime and clock moved: the same',
      a: info(1000, 'pid 12, uptime 0:00:05'),
      b: info(1001, 'pid 12, uptime 0:00:06'),
      same: true,
    },
    {
      name: 'uptime past a day: the same',
      a: info(1000, 'pid 12, uptime 1 day, 0:00:05'),
      b: info(1001, 'pid 12, uptime 1 day, 0:00:06'),
      same: true,
    },
    {
      name: 'another pid: different',
      a: info(1000, 'pid 12, uptime 0:00:05'),
      b: info(1000, 'pid 13, uptime 0:00:05'),
      same: false,
    },
    {
      name: 'another state: different',
      a: info(1000, 'pid 12, uptime 0:00:05'),
      b: info(1000, 'pid 12, uptime 0:00:05', 40),
      same: false,
    },
    {
      name: 'a stopped description: different',
      a: info(1000, 'Not started'),
      b: info(1000, 'Dec 01 05:00 PM'),
      same: false,
    },
  ])('$name', ({ a, b, same }) => {
    expect(pollKey(a) === pollKey(b)).toBe(same);
  });
});
