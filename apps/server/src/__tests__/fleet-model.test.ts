import { describe, expect, it } from 'vitest';
import { jobsCreated, jobsEnded, updated, type FleetChange } from '../fleet-change';
import { AT, JOB, poll, setup } from './model-fixture';

describe('FleetModel: one change per dispatch', () => {
  it('a dispatch is one change with the states before and after it and what it touched', () => {
    const { model, seen } = setup();
    const before = model.state;
    model.dispatch(poll('RUNNING'));
    expect(seen).toHaveLength(1);
    const [change] = seen as [FleetChange];
    expect(change.before.fleet).toBe(before);
    expect(change.after.fleet).toBe(model.state);
    expect(change.before.fleet.processes['app:p']?.state).toBe('STOPPED');
    expect(updated(change, 'processes').map((p) => [p.namespec, p.state])).toEqual([['app:p', 'RUNNING']]);
    expect(change.changes.applications).toEqual(['app']);
    expect(change.changes).toMatchObject({ jobs: [], service: null, removedProcesses: [] });
  });

  it('a dispatch that changes nothing worth a push announces nothing', () => {
    const { model, seen } = setup();
    model.dispatch(poll('STOPPED'));
    expect(seen).toEqual([]);
  });

  it('numbers the changes one after another, from the model sequence', () => {
    const { model, seen } = setup();
    const first = model.sequence;
    model.dispatch(poll('RUNNING'));
    model.setService({ ...model.service, replica: 'r1' });
    model.dispatch(poll('STOPPED'));
    expect(seen.map((c) => c.sequence)).toEqual([first + 1, first + 2, first + 3]);
    expect(model.sequence).toBe(first + 3);
    expect(seen[1]?.changes.service?.replica).toBe('r1');
    expect(seen[1]?.before.service.replica).toBe('');
    expect(seen[2]?.before).toBe(seen[1]?.after);
  });

  it('a job transition and the phase of its application are one change', () => {
    const { model, seen } = setup();
    model.dispatchJob({ type: 'job:created', job: JOB, applications: ['app'] });
    expect(seen).toHaveLength(1);
    const [created] = seen as [FleetChange];
    expect(created.changes.jobs).toEqual([JOB]);
    expect(jobsCreated(created)).toEqual([JOB]);
    expect(created.before.jobs.has(JOB.id)).toBe(false);
    expect(created.after.jobs.get(JOB.id)).toBe(JOB);
    expect(updated(created, 'applications')).toMatchObject([
      { name: 'app', jobId: JOB.id, jobPhase: 'start' },
    ]);

    model.dispatchJob({ type: 'job:stage-started', id: JOB.id, index: 0 });
    model.dispatchJob({ type: 'job:ended', id: JOB.id, at: AT + 5, state: 'succeeded', failures: [] });
    expect(seen).toHaveLength(3);
    const [, step, ended] = seen as [FleetChange, FleetChange, FleetChange];
    // Its phase did not move: the job alone.
    expect(step.changes.applications).toEqual([]);
    expect(step.before.fleet).toBe(step.after.fleet);
    expect(jobsEnded(step)).toEqual([]);
    expect(jobsEnded(ended).map((j) => j.state)).toEqual(['succeeded']);
    expect(ended.before.jobs.get(JOB.id)?.state).toBe('running');
    expect(updated(ended, 'applications')).toMatchObject([{ name: 'app', jobId: null }]);
    // Freed before the change is announced.
    expect(model.holder('app')).toBeUndefined();
  });

  it('a change made by a listener reaches every listener after the one it reacts to', () => {
    const { model } = setup();
    const order: string[] = [];
    model.on('change', (change) => {
      order.push(`first ${change.sequence}`);
      if (jobsCreated(change).length > 0)
        model.dispatchJob({ type: 'job:ended', id: JOB.id, at: AT + 1, state: 'cancelled', failures: [] });
    });
    model.on('change', (change) => order.push(`second ${change.sequence}`));
    const first = model.sequence + 1;
    model.dispatchJob({ type: 'job:created', job: JOB, applications: ['app'] });
    expect(order).toEqual([`first ${first}`, `second ${first}`, `first ${first + 1}`, `second ${first + 1}`]);
  });
});
