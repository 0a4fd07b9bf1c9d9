import type { Job } from '@supfleet/protocol';
import { createFleet, EMPTY_RULES } from '@supfleet/core';
import { describe, expect, it } from 'vitest';
import { FleetModel } from '../fleet-model';

function job(state: Job['state'], current: number | null = 0): Job {
  return {
    id: 'job-7',
    kind: 'restart',
    target: { type: 'application', name: 'app' },
    strategy: 'CONFIG',
    state,
    current,
    ranks: [],
    error: state === 'interrupted' ? 'the service stopped while the job ran' : null,
    createdAt: 1000,
    endedAt: state === 'running' ? null : 2000,
  };
}

function model() {
  const saved: Job[] = [];
  const store = new FleetModel(
    createFleet([{ id: 'n1', host: '127.0.0.1', port: 9001, node: 'n1' }], EMPTY_RULES),
    { save: (j) => saved.push(j) },
  );
  const announced: Job[] = [];
  const mirrored: boolean[] = [];
  store.on('change', (change) => {
    announced.push(...change.changes.jobs);
    mirrored.push(change.mirrored);
  });
  return { store, saved, announced, mirrored };
}

describe('FleetModel.mirrorJob: the leader job as a follower shows it', () => {
  it.each([
    {
      name: 'a running job holds its applications, is announced and never saved',
      rows: [job('running')],
      holder: 'job-7',
      state: 'running',
    },
    {
      name: 'its end frees them',
      rows: [job('running'), job('succeeded')],
      holder: undefined,
      state: 'succeeded',
    },
    {
      name: 'a running row read after the end (signals out of order) is ignored',
      rows: [job('running'), job('interrupted'), job('running', 1)],
      holder: undefined,
      state: 'interrupted',
    },
    {
      name: 'an end seen first (the follower came late) holds nothing',
      rows: [job('succeeded')],
      holder: undefined,
      state: 'succeeded',
    },
  ])('$name', ({ rows, holder, state }) => {
    const { store, saved, announced, mirrored } = model();
    for (const row of rows) store.mirrorJob(row, ['app']);
    // Metrics and job logs skip them: the leader counts and logs its own.
    expect(mirrored.every(Boolean)).toBe(true);
    expect(store.holder('app')?.id).toBe(holder);
    expect(store.job('job-7')?.state).toBe(state);
    expect(store.runningJobs().map((j) => j.id)).toEqual(state === 'running' ? ['job-7'] : []);
    expect(announced.length).toBeGreaterThanOrEqual(1);
    expect(announced.at(-1)?.state).toBe(state);
    expect(saved).toEqual([]);
  });
});

describe("FleetModel: this replica's own job", () => {
  it('is announced as no mirror', () => {
    const { store, mirrored } = model();
    store.dispatchJob({ type: 'job:created', job: job('running'), applications: ['app'] });
    expect(mirrored).toEqual([false]);
  });
});
