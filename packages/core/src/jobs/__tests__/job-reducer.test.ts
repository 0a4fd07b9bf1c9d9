import { describe, expect, it } from 'vitest';
import type { Job, JobRank } from '@supfleet/protocol';
import { jobPhaseOf, jobReducer, type JobEvent } from '../job-reducer';

const T0 = 1_700_000_000_000;

function rank(phase: 'start' | 'stop', rankNo: number, namespecs: string[], application = 'scen1'): JobRank {
  return {
    phase,
    rank: rankNo,
    application,
    processes: namespecs.map((namespec) => ({ namespec, instance: null, step: 'pending', message: null })),
  };
}

function aJob(ranks: JobRank[], kind: Job['kind'] = 'restart'): Job {
  return {
    id: 'job-1',
    kind,
    target: { type: 'application', name: 'scen1' },
    strategy: 'CONFIG',
    state: 'running',
    current: null,
    ranks,
    error: null,
    createdAt: T0,
    endedAt: null,
  };
}

const replay = (job: Job, events: Exclude<JobEvent, { type: 'job:created' }>[]) =>
  events.reduce(jobReducer, job);

describe('job progress as a reducer', () => {
  const restart = aJob([
    rank('stop', 2, ['scen1:a', 'scen1:b']),
    rank('start', 1, ['scen1:w']),
    rank('start', 2, ['scen1:a', 'scen1:b']),
  ]);

  it('moves one process of the running stage per step and shares the rest', () => {
    const started = jobReducer(restart, { type: 'job:stage-started', id: 'job-1', index: 0 });
    const stepped = jobReducer(started, {
      type: 'job:step',
      id: 'job-1',
      namespec: 'scen1:a',
      patch: { step: 'stopping', instance: 'rocky51' },
    });
    expect(stepped.ranks[0]?.processes).toEqual([
      { namespec: 'scen1:a', instance: 'rocky51', step: 'stopping', message: null },
      { namespec: 'scen1:b', instance: null, step: 'pending', message: null },
    ]);
    expect(stepped.ranks[2]).toBe(restart.ranks[2]);
    expect(restart.ranks[0]?.processes[0]?.step).toBe('pending');
  });

  it('ignores a step of a process outside the running stage', () => {
    const started = jobReducer(restart, { type: 'job:stage-started', id: 'job-1', index: 1 });
    const same = jobReducer(started, {
      type: 'job:step',
      id: 'job-1',
      namespec: 'scen1:a',
      patch: { step: 'failed' },
    });
    expect(same).toBe(started);
  });

  it('inserts the stop stages of a STOP strategy after the running one', () => {
    const added = replay(restart, [
      { type: 'job:stage-started', id: 'job-1', index: 1 },
      { type: 'job:stages-added', id: 'job-1', index: 1, ranks: [rank('stop', 1, ['scen1:w'])] },
    ]);
    expect(added.ranks.map((r) => `${r.phase}${r.rank}`)).toEqual(['stop2', 'start1', 'stop1', 'start2']);
  });

  it.each([
    { state: 'succeeded' as const, failures: [], error: null, current: null },
    {
      state: 'failed' as const,
      failures: ['scen1:a: FATAL', 'scen1:b: FATAL'],
      error: 'scen1:a: FATAL; scen1:b: FATAL',
      current: null,
    },
    {
      state: 'interrupted' as const,
      failures: ['the service stopped'],
      error: 'the service stopped',
      current: 1,
    },
  ])(
    'ends $state: pending processes skipped, later events ignored',
    ({ state, failures, error, current }) => {
      const ended = replay(restart, [
        { type: 'job:stage-started', id: 'job-1', index: 1 },
        { type: 'job:ended', id: 'job-1', at: T0 + 5, state, failures },
      ]);
      expect(ended).toMatchObject({ state, error, current, endedAt: T0 + 5 });
      expect(ended.ranks.flatMap((r) => r.processes.map((p) => p.step))).toEqual(Array(5).fill('skipped'));
      expect(jobReducer(ended, { type: 'job:stage-started', id: 'job-1', index: 2 })).toBe(ended);
    },
  );

  it.each([
    { name: 'before any stage: the first one', index: null, phase: 'stop' },
    { name: 'stopping', index: 0, phase: 'stop' },
    { name: 'starting rank 1', index: 1, phase: 'start' },
    { name: 'starting rank 2', index: 2, phase: 'start' },
  ])('phase of a restart: $name', ({ index, phase }) => {
    const job =
      index === null ? restart : jobReducer(restart, { type: 'job:stage-started', id: 'job-1', index });
    expect(jobPhaseOf(job, 'scen1')).toBe(phase);
  });

  it('gives each application of a start-all the phase of its own next stage, and none once ended', () => {
    const all = jobReducer(aJob([rank('start', 1, ['a:x'], 'a'), rank('start', 1, ['b:y'], 'b')], 'start'), {
      type: 'job:stage-started',
      id: 'job-1',
      index: 0,
    });
    expect(jobPhaseOf(all, 'a')).toBe('start');
    expect(jobPhaseOf(all, 'b')).toBe('start');
    const ended = jobReducer(all, {
      type: 'job:ended',
      id: 'job-1',
      at: T0,
      state: 'succeeded',
      failures: [],
    });
    expect(jobPhaseOf(ended, 'a')).toBeNull();
  });
});
