import { describe, expect, it } from 'vitest';
import {
  aJob,
  anApplication,
  anInstance,
  anInstanceStats,
  aProcess,
  aSnapshot,
} from '../../testing/fleet-fixtures';
import {
  applyFleetDelta,
  applyFleetDeltas,
  fleetFromSnapshot,
  MAX_KEPT_JOBS,
  rememberJob,
  type FleetDelta,
} from '../fleet-state';

const base = fleetFromSnapshot(
  aSnapshot({
    sequence: 10,
    instances: [anInstance({ id: 'rocky51' }), anInstance({ id: 'rocky52' })],
    processes: [aProcess({ namespec: 'scen1:a' }), aProcess({ namespec: 'scen1:b' })],
  }),
);

describe('applyFleetDelta', () => {
  it.each<{
    name: string;
    delta: FleetDelta;
    gap: boolean;
    check: (s: typeof base) => unknown;
    expected: unknown;
  }>([
    {
      name: 'the next delta updates its entry in place',
      delta: {
        type: 'instance:updated',
        instance: anInstance({ id: 'rocky52', state: 'SILENT' }),
        sequence: 11,
      },
      gap: false,
      check: (s) => s.instances.map((i) => `${i.id}:${i.state}`),
      expected: ['rocky51:RUNNING', 'rocky52:SILENT'],
    },
    {
      name: 'a new entity is appended',
      delta: { type: 'application:updated', application: anApplication({ name: 'other' }), sequence: 11 },
      gap: false,
      check: (s) => s.applications.map((a) => a.name),
      expected: ['scen1', 'other'],
    },
    {
      name: 'a removed process disappears',
      delta: { type: 'process:removed', namespec: 'scen1:a', sequence: 11 },
      gap: false,
      check: (s) => s.processes.map((p) => p.namespec),
      expected: ['scen1:b'],
    },
    {
      name: 'a delta after missed ones is applied and reported as a gap',
      delta: {
        type: 'process:updated',
        process: aProcess({ namespec: 'scen1:a', state: 'RUNNING' }),
        sequence: 14,
      },
      gap: true,
      check: (s) => [s.sequence, s.processes[0]?.state],
      expected: [14, 'RUNNING'],
    },
    {
      name: 'a delta the snapshot already holds is ignored',
      delta: {
        type: 'process:updated',
        process: aProcess({ namespec: 'scen1:a', state: 'RUNNING' }),
        sequence: 10,
      },
      gap: false,
      check: (s) => [s.sequence, s.processes[0]?.state],
      expected: [10, 'STOPPED'],
    },
    {
      name: 'a job update replaces the job of that id',
      delta: { type: 'job:updated', job: aJob({ id: 'j', state: 'succeeded' }), sequence: 11 },
      gap: false,
      check: (s) => s.jobs.map((j) => `${j.id}:${j.state}`),
      expected: ['j:succeeded'],
    },
  ])('$name', ({ delta, gap, check, expected }) => {
    const result = applyFleetDelta(base, delta);
    expect(result.gap).toBe(gap);
    expect(check(result.state)).toEqual(expected);
  });

  it('leaves the other entries untouched, so their rows do not re-render', () => {
    const { state } = applyFleetDelta(base, {
      type: 'process:updated',
      process: aProcess({ namespec: 'scen1:a', state: 'RUNNING' }),
      sequence: 11,
    });
    expect(state.processes[1]).toBe(base.processes[1]);
    expect(state.instances).toBe(base.instances);
  });
});

describe('applyFleetDeltas', () => {
  const many = fleetFromSnapshot(
    aSnapshot({
      sequence: 100,
      processes: Array.from({ length: 2000 }, (_, i) => aProcess({ namespec: `app:p${i}` })),
    }),
  );

  it('applies a burst in order, keeps the untouched entries and the order of the list', () => {
    const deltas: FleetDelta[] = Array.from({ length: 200 }, (_, i) => ({
      type: 'process:updated',
      process: aProcess({ namespec: `app:p${i * 10}`, state: 'RUNNING' }),
      sequence: 101 + i,
    }));
    const { state, gap } = applyFleetDeltas(many, deltas);
    expect(gap).toBe(false);
    expect(state.sequence).toBe(300);
    expect(state.processes).toHaveLength(2000);
    expect(state.processes.filter((p) => p.state === 'RUNNING')).toHaveLength(200);
    expect(state.processes[10]?.namespec).toBe('app:p10');
    expect(state.processes[10]?.state).toBe('RUNNING');
    expect(state.processes[11]).toBe(many.processes[11]);
    expect(state.instances).toBe(many.instances);
  });

  it('gives the same result as the deltas applied one by one, removals and gaps included', () => {
    const deltas: FleetDelta[] = [
      { type: 'process:updated', process: aProcess({ namespec: 'app:p1', state: 'FATAL' }), sequence: 101 },
      { type: 'process:removed', namespec: 'app:p1', sequence: 102 },
      {
        type: 'process:updated',
        process: aProcess({ namespec: 'app:p1', state: 'STARTING' }),
        sequence: 103,
      },
      { type: 'process:updated', process: aProcess({ namespec: 'app:new' }), sequence: 90 },
      { type: 'instance:updated', instance: anInstance({ state: 'SILENT' }), sequence: 106 },
    ];
    const batched = applyFleetDeltas(many, deltas);
    let oneByOne = { state: many, gap: false };
    for (const delta of deltas) {
      const next = applyFleetDelta(oneByOne.state, delta);
      oneByOne = { state: next.state, gap: oneByOne.gap || next.gap };
    }
    expect(batched).toEqual(oneByOne);
    expect(batched.gap).toBe(true);
    expect(batched.state.processes.at(-1)?.namespec).toBe('app:p1');
    expect(batched.state.processes.some((p) => p.namespec === 'app:new')).toBe(false);
  });

  it('keeps the newest statistics of each instance, whatever the sequence', () => {
    const { state } = applyFleetDeltas(many, [
      { type: 'stats:updated', stats: anInstanceStats({ at: 5 }) },
      { type: 'stats:updated', stats: anInstanceStats({ at: 3 }) },
      { type: 'stats:updated', stats: anInstanceStats({ instance: 'rocky52', at: 1 }) },
    ]);
    expect(state.sequence).toBe(100);
    expect(state.stats.rocky51?.at).toBe(5);
    expect(state.stats.rocky52?.at).toBe(1);
    expect(state.processes).toBe(many.processes);
  });

  it('returns the same state when nothing in the batch is new', () => {
    const delta: FleetDelta = { type: 'process:removed', namespec: 'app:p1', sequence: 50 };
    expect(applyFleetDeltas(many, [delta]).state).toBe(many);
  });
});

describe('jobs kept', () => {
  it('a job answered by the REST API is added unless the live stream already has it', () => {
    const withJob = rememberJob(base, aJob({ id: 'j', state: 'running' }));
    expect(withJob.jobs.map((j) => j.id)).toEqual(['j']);
    const live = applyFleetDelta(withJob, {
      type: 'job:updated',
      job: aJob({ id: 'j', state: 'failed' }),
      sequence: 11,
    });
    expect(rememberJob(live.state, aJob({ id: 'j', state: 'running' })).jobs[0]?.state).toBe('failed');
  });

  it('drops the oldest ended jobs beyond the limit, never a running one', () => {
    const running = aJob({ id: 'oldest-running', state: 'running', createdAt: 0 });
    const ended = Array.from({ length: MAX_KEPT_JOBS + 5 }, (_, i) =>
      aJob({ id: `ended-${i}`, state: 'succeeded', createdAt: i + 1, endedAt: i + 2 }),
    );
    const state = fleetFromSnapshot(aSnapshot({ jobs: [running, ...ended] }));
    expect(state.jobs).toHaveLength(MAX_KEPT_JOBS);
    expect(state.jobs[0]?.id).toBe('oldest-running');
    expect(state.jobs.some((j) => j.id === 'ended-5')).toBe(false);
    expect(state.jobs.some((j) => j.id === 'ended-6')).toBe(true);
  });
});
