import { describe, expect, it } from 'vitest';
import type { Job } from '@supfleet/protocol';
import { autoStartIntent } from '../auto-start-intent';

const job = (id: number, kind: Job['kind'], type: Job['target']['type'], name = 'all'): Job => ({
  id: `job-${id}`,
  kind,
  target: { type, name },
  strategy: 'CONFIG',
  state: 'succeeded',
  current: null,
  ranks: [],
  error: null,
  createdAt: id,
  endedAt: id,
});

const MANAGED = ['scen1', 'other'];

describe('autoStartIntent', () => {
  it.each([
    {
      case: 'no job yet: a first start of all is due',
      jobs: [],
      expected: { startedAll: false, stopped: [] },
    },
    {
      case: 'auto_start ran, then a person stopped scen1: scen1 stays stopped, no second start of all',
      jobs: [job(2, 'stop', 'application', 'scen1'), job(1, 'start', 'all')],
      expected: { startedAll: true, stopped: ['scen1'] },
    },
    {
      case: 'stopped, then started again: repaired again',
      jobs: [
        job(3, 'start', 'application', 'scen1'),
        job(2, 'stop', 'application', 'scen1'),
        job(1, 'start', 'all'),
      ],
      expected: { startedAll: true, stopped: [] },
    },
    {
      case: 'a stop of all stops every managed application, a later restart of one resumes it',
      jobs: [job(3, 'restart', 'application', 'other'), job(2, 'stop', 'all'), job(1, 'start', 'all')],
      expected: { startedAll: true, stopped: ['scen1'] },
    },
    {
      case: 'process jobs say nothing of the application',
      jobs: [job(2, 'stop', 'process', 'scen1:hci'), job(1, 'start', 'all')],
      expected: { startedAll: true, stopped: [] },
    },
  ])('$case', ({ jobs, expected }) => {
    expect(autoStartIntent(jobs, MANAGED)).toEqual(expected);
  });
});
