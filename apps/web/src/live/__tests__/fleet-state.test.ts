import { describe, expect, it } from 'vitest';
import { aJob, anApplication, anInstance, aProcess, aSnapshot } from '../../testing/fleet-fixtures';
import {
  applyFleetDelta,
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
