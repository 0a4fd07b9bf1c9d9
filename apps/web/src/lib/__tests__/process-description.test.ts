import { describe, expect, it } from 'vitest';
import { anInstanceInfo, aProcess } from '../../testing/fleet-fixtures';
import { formatStopTime } from '../format-uptime';
import { processDescription } from '../process-description';

const start = 1_700_000_000;
const running = aProcess({
  state: 'RUNNING',
  description: 'pid 4242, uptime 0:00:10',
  runningOn: ['rocky51'],
  instances: [
    anInstanceInfo({ state: 'RUNNING', pid: 4242, start, description: 'pid 4242, uptime 0:00:10' }),
  ],
});

describe('processDescription', () => {
  it.each([
    {
      name: 'RUNNING: the uptime follows the clock, not the last update',
      process: running,
      now: start + 165,
      expected: 'pid 4242, uptime 0:02:45',
    },
    {
      name: 'RUNNING, described by the server without its uptime: the uptime is added',
      process: { ...running, description: 'pid 4242' },
      now: start + 86_400 + 5,
      expected: 'pid 4242, uptime 1 day, 0:00:05',
    },
    {
      name: 'RUNNING on another instance than the one giving the state: server text kept',
      process: { ...running, instance: 'rocky52' },
      now: start + 165,
      expected: 'pid 4242, uptime 0:00:10',
    },
    {
      name: 'FATAL after the loss of its instance: the server says so',
      process: aProcess({ state: 'FATAL', description: 'instance rocky52 lost' }),
      now: start,
      expected: 'instance rocky52 lost',
    },
    {
      name: 'EXITED: supervisord’s stop time as sent',
      process: aProcess({ state: 'EXITED', description: 'Nov 25 07:12 PM' }),
      now: start,
      expected: 'Nov 25 07:12 PM',
    },
    {
      name: 'STOPPED with no description: the stop time, written like supervisord',
      process: aProcess({
        state: 'STOPPED',
        description: '',
        instances: [anInstanceInfo({ state: 'STOPPED', description: '', start, stop: start + 60 })],
      }),
      now: start + 600,
      expected: formatStopTime(start + 60),
    },
    {
      name: 'STOPPED, never started, no description',
      process: aProcess({
        state: 'STOPPED',
        description: '',
        instances: [anInstanceInfo({ description: '' })],
      }),
      now: start,
      expected: 'Not started',
    },
  ])('$name', ({ process, now, expected }) => {
    expect(processDescription(process, now)).toBe(expected);
  });
});
