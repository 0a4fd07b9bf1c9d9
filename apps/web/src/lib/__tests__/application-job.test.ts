import { describe, expect, it } from 'vitest';
import { aJob, aJobProcess, anApplication, aRank } from '../../testing/fleet-fixtures';
import { applicationJob, JOB_RESULT_VISIBLE_MS } from '../application-job';

const now = 1_700_000_100_000;
const scen1 = anApplication({ name: 'scen1' });

describe('applicationJob: which job the application page shows', () => {
  it.each([
    {
      name: 'the job the server names on the application',
      application: { ...scen1, jobId: 'b' },
      jobs: [aJob({ id: 'a', createdAt: now - 10 }), aJob({ id: 'b', target: { type: 'all', name: '*' } })],
      expected: 'b',
    },
    {
      name: 'a running job on it, before the server names it',
      application: scen1,
      jobs: [aJob({ id: 'a', state: 'running' })],
      expected: 'a',
    },
    {
      name: 'a running job on one of its processes',
      application: scen1,
      jobs: [aJob({ id: 'p', kind: 'stop', target: { type: 'process', name: 'scen1:scen1_hci' } })],
      expected: 'p',
    },
    {
      name: 'a start-all job that starts its processes',
      application: scen1,
      jobs: [
        aJob({
          id: 'all',
          kind: 'start',
          target: { type: 'all', name: '*' },
          ranks: [aRank('start', 1, [aJobProcess('scen1:scen1_hci', 'pending')])],
        }),
      ],
      expected: 'all',
    },
    {
      name: 'a job ended a moment ago, for its result',
      application: scen1,
      jobs: [aJob({ id: 'a', state: 'succeeded', endedAt: now - 5_000 })],
      expected: 'a',
    },
    {
      name: 'the latest of two ended jobs',
      application: scen1,
      jobs: [
        aJob({ id: 'later', state: 'failed', endedAt: now - 1_000 }),
        aJob({ id: 'earlier', state: 'succeeded', endedAt: now - 9_000 }),
      ],
      expected: 'later',
    },
    {
      name: 'nothing once the result has been shown long enough',
      application: scen1,
      jobs: [aJob({ id: 'a', state: 'succeeded', endedAt: now - JOB_RESULT_VISIBLE_MS })],
      expected: null,
    },
    {
      name: 'nothing for another application’s job, even one whose name starts the same',
      application: scen1,
      jobs: [
        aJob({ id: 'x', target: { type: 'application', name: 'scen10' } }),
        aJob({ id: 'y', target: { type: 'process', name: 'scen10:scen1_hci' } }),
      ],
      expected: null,
    },
  ])('$name', ({ application, jobs, expected }) => {
    expect(applicationJob(application, jobs, now)?.id ?? null).toBe(expected);
  });
});
