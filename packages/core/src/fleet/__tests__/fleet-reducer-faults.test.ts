import { describe, expect, it } from 'vitest';
import { fleetReducer } from '../fleet-reducer';
import type { FleetEvent } from '../fleet-state';
import { T0, buildFleet, info, reduceAll, syncEvent } from './fleet-builders';
import type { FleetSpec } from './fleet-builders';

const SCEN1: FleetSpec = {
  instances: ['rocky51', 'rocky52'],
  processes: {
    'scen1:scen1_srv': { rocky51: 'RUNNING' },
    'scen1:scen1_hci': { rocky52: 'RUNNING' },
    'scen1:scen1_wait': { rocky51: { state: 'EXITED', exitstatus: 3, exitcodes: [0, 3] } },
  },
  rules: {
    applications: { scen1: { startSequence: 1 } },
    programs: {
      'scen1:scen1_srv': { required: true, startSequence: 2, expectedLoading: 10 },
      'scen1:scen1_hci': { required: true, startSequence: 2, expectedLoading: 7 },
      'scen1:scen1_wait': { startSequence: 1, waitExit: true },
    },
  },
};

function poll(instance: string, infos: ReturnType<typeof info>[], at = T0 + 1000): FleetEvent {
  return { type: 'instance:polled', instance, at, processes: infos };
}

describe('an instance that answers nothing, then is lost (SPEC section 7)', () => {
  it('keeps the processes of a not-answering instance as last known, stale, and the LED not green', () => {
    const fleet = buildFleet(SCEN1);
    const { state, changes } = fleetReducer(fleet, {
      type: 'instance:not-answering',
      instance: 'rocky51',
      at: T0 + 1600,
      since: T0 + 100,
      error: 'not answering',
    });
    expect(state.instances.rocky51).toMatchObject({ state: 'SILENT', lost: false, silentSince: T0 + 100 });
    expect(state.processes['scen1:scen1_srv']).toMatchObject({ state: 'RUNNING', runningOn: ['rocky51'] });
    expect(state.processes['scen1:scen1_srv']?.instances[0]?.staleSince).toBe(T0 + 100);
    expect(state.processes['scen1:scen1_hci']?.instances[0]?.staleSince).toBeUndefined();
    expect(changes.processes.sort()).toEqual(['scen1:scen1_srv', 'scen1:scen1_wait']);
    expect(state.applications.scen1).toMatchObject({
      state: 'RUNNING',
      status: 'degraded',
      majorFailure: false,
    });
    expect(state.applications.scen1?.reasons).toEqual([
      'scen1_srv: no answer from rocky51 (last known RUNNING)',
    ]);
  });

  it('declares the processes of a not-answering instance lost once confirmed, and a resync clears it all', () => {
    const fleet = reduceAll(buildFleet(SCEN1), [
      { type: 'instance:not-answering', instance: 'rocky51', at: T0 + 1600, since: T0 + 100, error: 'x' },
      { type: 'instance:silent', instance: 'rocky51', at: T0 + 10_100, error: 'no answer for 10 s' },
    ]).state;
    expect(fleet.instances.rocky51).toMatchObject({ state: 'SILENT', lost: true, silentSince: T0 + 100 });
    expect(fleet.processes['scen1:scen1_srv']?.instances[0]).toMatchObject({ state: 'FATAL' });
    expect(fleet.processes['scen1:scen1_srv']?.instances[0]?.staleSince).toBeUndefined();
    expect(fleet.processes['scen1:scen1_wait']?.instances[0]?.staleSince).toBeUndefined();
    // A late not-answering (a timer that fired late) does not undo the loss.
    const late = fleetReducer(fleet, {
      type: 'instance:not-answering',
      instance: 'rocky51',
      at: T0 + 10_200,
      since: T0 + 100,
      error: 'x',
    });
    expect(late.state).toBe(fleet);
    const back = reduceAll(fleet, [
      { type: 'instance:checking', instance: 'rocky51', at: T0 + 20_000 },
      syncEvent(SCEN1, 'rocky51', T0 + 20_010),
    ]).state;
    expect(back.instances.rocky51).toMatchObject({
      state: 'RUNNING',
      lost: false,
      silentSince: null,
      error: null,
    });
    expect(back.applications.scen1).toMatchObject({ status: 'operational' });
  });
});

describe('instances added and removed by a reload', () => {
  it('adds an instance UNKNOWN at the end of the order, and removes one with what only it defined', () => {
    const fleet = buildFleet(SCEN1);
    const plus = fleetReducer(fleet, {
      type: 'instance:added',
      instance: { id: 'rocky53', host: 'h3', port: 3, node: 'rocky53' },
    });
    expect(plus.state.instanceOrder).toEqual(['rocky51', 'rocky52', 'rocky53']);
    expect(plus.state.instances.rocky53).toMatchObject({ state: 'UNKNOWN', lastSeen: null });
    expect(plus.changes.instances).toEqual(['rocky53']);
    const minus = fleetReducer(plus.state, { type: 'instance:removed', instance: 'rocky52' });
    expect(minus.state.instanceOrder).toEqual(['rocky51', 'rocky53']);
    expect(minus.state.instances.rocky52).toBeUndefined();
    expect(minus.state.processes['scen1:scen1_hci']).toBeUndefined();
    expect(minus.changes.removedInstances).toEqual(['rocky52']);
    expect(minus.changes.removedProcesses).toEqual(['scen1:scen1_hci']);
    expect(minus.state.processes['scen1:scen1_srv']?.definedOn).toEqual(['rocky51']);
  });
});

describe('application state while a job runs (SPEC section 3)', () => {
  const STOPPED: FleetSpec = {
    ...SCEN1,
    processes: {
      'scen1:scen1_srv': { rocky51: 'STOPPED' },
      'scen1:scen1_hci': { rocky52: 'STOPPED' },
      'scen1:scen1_wait': { rocky51: 'STOPPED' },
    },
  };
  const job = (jobId: string | null, phase: 'start' | 'stop' | null): FleetEvent => ({
    type: 'job:changed',
    application: 'scen1',
    jobId,
    phase,
  });

  it('is STARTING with the LED "starting" from the first rank to the end, never STOPPED between ranks', () => {
    const fleet = buildFleet(STOPPED);
    expect(fleet.applications.scen1).toMatchObject({ state: 'STOPPED', status: 'off' });
    let state = fleetReducer(fleet, job('job-1', 'start')).state;
    const rank1Done = [info('scen1:scen1_wait', 'EXITED', { exitstatus: 0 })];
    const steps = [
      poll('rocky51', [info('scen1:scen1_wait', 'STARTING'), info('scen1:scen1_srv', 'STOPPED')]),
      poll('rocky51', [...rank1Done, info('scen1:scen1_srv', 'STOPPED')], T0 + 2000),
      poll('rocky51', [...rank1Done, info('scen1:scen1_srv', 'RUNNING')], T0 + 3000),
    ];
    for (const step of steps) {
      state = fleetReducer(state, step).state;
      expect(state.applications.scen1).toMatchObject({
        state: 'STARTING',
        status: 'starting',
        majorFailure: false,
        jobId: 'job-1',
        jobPhase: 'start',
      });
    }
    // Judged when the job ends: scen1_hci never started, a required failure.
    state = fleetReducer(state, job(null, null)).state;
    expect(state.applications.scen1).toMatchObject({
      state: 'RUNNING',
      status: 'not-operational',
      jobId: null,
      jobPhase: null,
    });
  });

  it('is STOPPING while a stop job runs, even once every process is stopped', () => {
    const state = reduceAll(buildFleet(SCEN1), [
      job('job-2', 'stop'),
      poll('rocky51', [info('scen1:scen1_srv', 'STOPPED'), info('scen1:scen1_wait', 'STOPPED')]),
    ]).state;
    expect(state.applications.scen1).toMatchObject({ state: 'STOPPING', status: 'off', jobPhase: 'stop' });
  });
});
