import { describe, expect, it } from 'vitest';
import { aJob, aJobProcess, aRank } from '../../testing/fleet-fixtures';
import { jobProgressSentence } from '../job-progress';

const stopRank = aRank('stop', 2, [aJobProcess('scen1:scen1_hci', 'stopped')]);
const waitRank = (step1: 'waiting-exit' | 'exited', step2: 'waiting-exit' | 'exited') =>
  aRank('start', 1, [
    aJobProcess('scen1:scen1_wait_nfs_mount_1', step1),
    aJobProcess('scen1:scen1_wait_nfs_mount_2', step2),
  ]);
const appRank = aRank('start', 2, [
  aJobProcess('scen1:scen1_hci', 'pending'),
  aJobProcess('scen1:scen1_sensor', 'pending'),
]);

describe('jobProgressSentence', () => {
  it.each([
    {
      name: 'restart waiting for the NFS mounts to exit',
      job: aJob({ current: 1, ranks: [stopRank, waitRank('waiting-exit', 'waiting-exit'), appRank] }),
      expected:
        'Restart: starting rank 1 of 2 — waiting for scen1_wait_nfs_mount_1, scen1_wait_nfs_mount_2 to exit',
    },
    {
      name: 'only the processes still waited for are named',
      job: aJob({ current: 1, ranks: [stopRank, waitRank('exited', 'waiting-exit'), appRank] }),
      expected: 'Restart: starting rank 1 of 2 — waiting for scen1_wait_nfs_mount_2 to exit',
    },
    {
      name: 'stop phase, processes stopping',
      job: aJob({
        kind: 'stop',
        current: 0,
        ranks: [aRank('stop', 2, [aJobProcess('scen1:scen1_hci', 'stopping')]), aRank('stop', 1, [])],
      }),
      expected: 'Stop: stopping rank 1 of 2 — waiting for scen1_hci to stop',
    },
    {
      name: 'processes starting and waited for at once',
      job: aJob({
        kind: 'start',
        current: 0,
        ranks: [
          aRank('start', 1, [aJobProcess('scen1:a', 'starting'), aJobProcess('scen1:b', 'waiting-exit')]),
        ],
      }),
      expected: 'Start: starting rank 1 of 1 — waiting for a to start; waiting for b to exit',
    },
    {
      name: 'a rank whose processes are all done',
      job: aJob({
        kind: 'start',
        current: 0,
        ranks: [aRank('start', 1, [aJobProcess('scen1:a', 'running')])],
      }),
      expected: 'Start: starting rank 1 of 1',
    },
    { name: 'not yet planned', job: aJob({ current: null }), expected: 'Restart: preparing' },
    {
      name: 'a job on one process names it',
      job: aJob({
        kind: 'start',
        target: { type: 'process', name: 'scen1:scen1_hci' },
        current: 0,
        ranks: [aRank('start', 1, [aJobProcess('scen1:scen1_hci', 'starting')])],
      }),
      expected: 'Start scen1:scen1_hci: starting rank 1 of 1 — waiting for scen1_hci to start',
    },
    { name: 'succeeded', job: aJob({ state: 'succeeded', endedAt: 1 }), expected: 'Restart succeeded' },
    { name: 'cancelled', job: aJob({ state: 'cancelled', endedAt: 1 }), expected: 'Restart cancelled' },
    {
      name: 'failed with the reason the server gave',
      job: aJob({ state: 'failed', endedAt: 1, error: 'scen1_hci: exited too quickly' }),
      expected: 'Restart failed: scen1_hci: exited too quickly',
    },
    {
      name: 'failed without a reason: the first failing process tells',
      job: aJob({
        state: 'failed',
        endedAt: 1,
        ranks: [
          aRank('start', 1, [aJobProcess('scen1:scen1_hci', 'failed', { message: 'FATAL on rocky51' })]),
        ],
      }),
      expected: 'Restart failed: scen1_hci: FATAL on rocky51',
    },
    {
      name: 'failed and nothing says why',
      job: aJob({ state: 'failed', endedAt: 1 }),
      expected: 'Restart failed: no reason given',
    },
  ])('$name', ({ job, expected }) => {
    expect(jobProgressSentence(job)).toBe(expected);
  });
});
