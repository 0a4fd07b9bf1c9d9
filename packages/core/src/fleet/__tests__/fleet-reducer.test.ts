import { describe, expect, it } from 'vitest';
import { createFleet } from '../create-fleet';
import { fleetReducer } from '../fleet-reducer';
import { noChanges, type FleetEvent, type FleetState } from '../fleet-state';
import { pollNeedsResync } from '../poll-needs-resync';
import { T0, buildFleet, config, info, reduceAll, rulesStub, syncEvent } from './fleet-builders';
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

describe('instance states (SPEC section 7)', () => {
  it('goes UNKNOWN -> CHECKING -> RUNNING -> SILENT -> CHECKING -> RUNNING', () => {
    let fleet = createFleet([{ id: 'rocky51', host: 'h', port: 1, node: 'n' }], rulesStub(SCEN1.rules));
    expect(fleet.instances.rocky51).toMatchObject({ state: 'UNKNOWN', lastSeen: null, identification: null });

    const steps: { event: FleetEvent; state: string; lastSeen: number | null; error: string | null }[] = [
      {
        event: { type: 'instance:checking', instance: 'rocky51', at: T0 },
        state: 'CHECKING',
        lastSeen: null,
        error: null,
      },
      { event: syncEvent(SCEN1, 'rocky51', T0 + 5), state: 'RUNNING', lastSeen: T0 + 5, error: null },
      {
        event: poll('rocky51', [info('scen1:scen1_srv', 'RUNNING')], T0 + 10),
        state: 'RUNNING',
        lastSeen: T0 + 10,
        error: null,
      },
      {
        event: { type: 'instance:silent', instance: 'rocky51', at: T0 + 20, error: 'connection refused' },
        state: 'SILENT',
        lastSeen: T0 + 10,
        error: 'connection refused',
      },
      {
        event: { type: 'instance:checking', instance: 'rocky51', at: T0 + 30 },
        state: 'CHECKING',
        lastSeen: T0 + 10,
        error: null,
      },
      { event: syncEvent(SCEN1, 'rocky51', T0 + 40), state: 'RUNNING', lastSeen: T0 + 40, error: null },
    ];
    for (const step of steps) {
      const result = fleetReducer(fleet, step.event);
      fleet = result.state;
      expect(fleet.instances.rocky51).toMatchObject({
        state: step.state,
        lastSeen: step.lastSeen,
        error: step.error,
      });
    }
    expect(fleet.instances.rocky51?.identification).toBe('supervisor-rocky51');
  });

  it('keeps a never-reached instance UNKNOWN, with the error, when it does not answer', () => {
    const fleet = buildFleet({ instances: [{ id: 'rocky51', state: 'UNKNOWN' }] });
    const { state, changes } = fleetReducer(fleet, {
      type: 'instance:silent',
      instance: 'rocky51',
      at: T0,
      error: 'timeout',
    });
    expect(state.instances.rocky51).toMatchObject({ state: 'UNKNOWN', error: 'timeout' });
    expect(changes.instances).toEqual(['rocky51']);
  });

  it('sets what was running on a lost instance to FATAL "instance X lost", and leaves the rest', () => {
    const fleet = buildFleet({
      ...SCEN1,
      processes: {
        ...SCEN1.processes,
        'scen1:scen1_stopping': { rocky51: 'STOPPING' },
        'scen1:scen1_off': { rocky51: 'STOPPED' },
      },
    });
    const { state, changes } = fleetReducer(fleet, {
      type: 'instance:silent',
      instance: 'rocky51',
      at: T0 + 99,
      error: 'refused',
    });
    const rows: [string, string, string][] = [
      ['scen1:scen1_srv', 'FATAL', 'instance rocky51 lost'],
      ['scen1:scen1_stopping', 'FATAL', 'instance rocky51 lost'],
      ['scen1:scen1_wait', 'EXITED', ''],
      ['scen1:scen1_off', 'STOPPED', ''],
      ['scen1:scen1_hci', 'RUNNING', 'pid 42'],
    ];
    for (const [namespec, processState, description] of rows) {
      expect(state.processes[namespec], namespec).toMatchObject({ state: processState, description });
    }
    expect(changes.processes.sort()).toEqual(['scen1:scen1_srv', 'scen1:scen1_stopping']);
    expect(state.applications.scen1).toMatchObject({ majorFailure: true, status: 'not-operational' });
    expect(state.applications.scen1?.reasons).toContain('scen1_srv is FATAL (required)');
    expect(state.instances.rocky51?.loading).toBe(0);
  });

  it('ignores events about an instance that is not configured', () => {
    const fleet = buildFleet(SCEN1);
    const { state, changes } = fleetReducer(fleet, {
      type: 'instance:silent',
      instance: 'nowhere',
      at: T0,
      error: 'x',
    });
    expect(state).toBe(fleet);
    expect(changes).toEqual({
      instances: [],
      removedInstances: [],
      processes: [],
      removedProcesses: [],
      applications: [],
      removedApplications: [],
    });
  });
});

describe('process and application DTOs', () => {
  it('builds one process per namespec over the instances that define it', () => {
    const fleet = buildFleet({
      instances: ['rocky51', 'rocky52', 'rocky53'],
      processes: { 'scen1:common': { rocky53: { state: 'STOPPED', stop: 300 }, rocky51: 'RUNNING' } },
      rules: SCEN1.rules,
    });
    const process = fleet.processes['scen1:common'];
    expect(process).toMatchObject({
      application: 'scen1',
      name: 'common',
      state: 'RUNNING',
      instance: 'rocky51',
      definedOn: ['rocky51', 'rocky53'],
      runningOn: ['rocky51'],
      conflict: false,
    });
    expect(process?.instances.map((entry) => [entry.instance, entry.state])).toEqual([
      ['rocky51', 'RUNNING'],
      ['rocky53', 'STOPPED'],
    ]);
  });

  it('takes expectedExit from the exitcodes of the config of that instance', () => {
    const fleet = buildFleet({
      instances: ['rocky51', 'rocky52'],
      processes: {
        'app:expected': { rocky51: { state: 'EXITED', exitstatus: 3, exitcodes: [0, 3] } },
        'app:unexpected': { rocky51: { state: 'EXITED', exitstatus: 1, exitcodes: [0, 3] } },
      },
    });
    expect(fleet.processes['app:expected']).toMatchObject({ state: 'EXITED', expectedExit: true });
    expect(fleet.processes['app:unexpected']).toMatchObject({ state: 'EXITED', expectedExit: false });
  });

  it("orders events by supervisord's own times: the latest stop wins the synthetic state", () => {
    const fleet = buildFleet({
      instances: ['rocky51', 'rocky52'],
      processes: {
        'app:p': {
          rocky51: { state: 'EXITED', start: 100, stop: 900, exitstatus: 1 },
          rocky52: { state: 'STOPPED', start: 100, stop: 500 },
        },
      },
    });
    expect(fleet.processes['app:p']).toMatchObject({ state: 'EXITED', instance: 'rocky51' });
    expect(fleet.processes['app:p']?.instances[0]?.updatedAt).toBe(900_000);
  });

  it('detects a conflict only in a managed application', () => {
    const fleet = buildFleet({
      instances: ['rocky51', 'rocky52'],
      processes: {
        'scen1:dup': { rocky51: 'RUNNING', rocky52: 'STARTING' },
        'tools:agent': { rocky51: 'RUNNING', rocky52: 'RUNNING' },
      },
      rules: { applications: { scen1: {} } },
    });
    expect(fleet.processes['scen1:dup']).toMatchObject({
      conflict: true,
      runningOn: ['rocky51', 'rocky52'],
      state: 'RUNNING',
    });
    expect(fleet.processes['tools:agent']).toMatchObject({
      conflict: false,
      runningOn: ['rocky51', 'rocky52'],
    });
    expect(fleet.applications.tools).toMatchObject({ managed: false });
  });

  it('sums expected_loading of running-like processes into the instance loading', () => {
    const fleet = buildFleet({
      instances: ['rocky51'],
      processes: {
        'app:a': { rocky51: 'RUNNING' },
        'app:b': { rocky51: 'BACKOFF' },
        'app:c': { rocky51: 'STOPPED' },
      },
      rules: {
        programs: {
          'app:a': { expectedLoading: 10 },
          'app:b': { expectedLoading: 5 },
          'app:c': { expectedLoading: 50 },
        },
      },
    });
    expect(fleet.instances.rocky51?.loading).toBe(15);
  });

  it('gives the application its rules, state and operational status', () => {
    const fleet = buildFleet(SCEN1);
    expect(fleet.applications.scen1).toMatchObject({
      name: 'scen1',
      managed: true,
      state: 'RUNNING',
      majorFailure: false,
      minorFailure: false,
      status: 'operational',
      jobId: null,
    });
    expect(fleet.applications.scen1?.rules.startSequence).toBe(1);
    expect(fleet.processes['scen1:scen1_srv']?.rules).toMatchObject({ required: true, expectedLoading: 10 });
  });

  it('shows a process an instance defines but does not report as UNKNOWN there', () => {
    const fleet = createFleet([{ id: 'rocky51', host: 'h', port: 1, node: 'n' }], rulesStub());
    const { state } = fleetReducer(fleet, {
      type: 'instance:synced',
      instance: 'rocky51',
      at: T0,
      identification: 'x',
      configs: [config('app:ghost')],
      processes: [],
    });
    expect(state.processes['app:ghost']).toMatchObject({
      state: 'UNKNOWN',
      description: 'not reported by rocky51',
    });
  });

  it('ignores configs not in use (reread but not updated)', () => {
    const fleet = createFleet([{ id: 'rocky51', host: 'h', port: 1, node: 'n' }], rulesStub());
    const { state } = fleetReducer(fleet, {
      type: 'instance:synced',
      instance: 'rocky51',
      at: T0,
      identification: 'x',
      configs: [config('app:new', { inuse: false }), config('app:old')],
      processes: [info('app:old', 'STOPPED')],
    });
    expect(Object.keys(state.processes)).toEqual(['app:old']);
  });
});

describe('changes reported by the reducer', () => {
  const running = (at: number) =>
    poll(
      'rocky51',
      [
        info('scen1:scen1_srv', 'RUNNING', {
          description: `pid 42, uptime 0:00:${String(at).padStart(2, '0')}`,
        }),
        info('scen1:scen1_wait', 'EXITED', { exitstatus: 3 }),
      ],
      T0 + at * 1000,
    );

  it('reports nothing when a poll repeats, even as the uptime and the time move on', () => {
    const fleet = reduceAll(buildFleet(SCEN1), [running(1)]).state;
    const { state, changes } = fleetReducer(fleet, running(2));
    expect(changes).toEqual({
      instances: [],
      removedInstances: [],
      processes: [],
      removedProcesses: [],
      applications: [],
      removedApplications: [],
    });
    expect(state.processes).toBe(fleet.processes);
    expect(state.applications).toBe(fleet.applications);
    expect(state.instances.rocky51?.lastSeen).toBe(T0 + 2000);
  });

  it('reports the process, its application and the instance load when a process stops', () => {
    const fleet = buildFleet(SCEN1);
    const { state, changes } = fleetReducer(
      fleet,
      poll('rocky51', [info('scen1:scen1_srv', 'STOPPED', { stop: 500 })]),
    );
    expect(changes).toEqual({
      instances: ['rocky51'],
      removedInstances: [],
      processes: ['scen1:scen1_srv'],
      removedProcesses: [],
      applications: ['scen1'],
      removedApplications: [],
    });
    expect(state.instances.rocky51?.loading).toBe(0);
    expect(state.applications.scen1?.reasons).toEqual(['scen1_srv is STOPPED (required)']);
    expect(state.processes['scen1:scen1_hci']).toBe(fleet.processes['scen1:scen1_hci']);
  });

  it('ignores a polled process no config knows, and asks for a resync', () => {
    const fleet = buildFleet(SCEN1);
    const infos = [
      info('scen1:scen1_srv', 'RUNNING'),
      info('scen1:scen1_wait', 'EXITED', { exitstatus: 3 }),
      info('scen1:new', 'RUNNING'),
    ];
    const { state, changes } = fleetReducer(fleet, poll('rocky51', infos));
    expect(state.processes['scen1:new']).toBeUndefined();
    expect(changes.processes).toEqual([]);
    expect(pollNeedsResync(fleet, 'rocky51', infos)).toBe(true);
    expect(pollNeedsResync(fleet, 'rocky51', infos.slice(0, 2))).toBe(false);
    expect(pollNeedsResync(fleet, 'rocky51', infos.slice(0, 1))).toBe(true);
  });

  it('takes the polls of several instances as one change, ending where one at a time would', () => {
    const fleet = buildFleet(SCEN1);
    const first = poll('rocky51', [info('scen1:scen1_srv', 'STOPPED', { stop: 500 })], T0 + 5000);
    const second = poll('rocky52', [info('scen1:scen1_hci', 'STOPPED', { stop: 600 })], T0 + 6000);
    const oneByOne = reduceAll(fleet, [first, second]).state;
    const polls = [first, second].map((event) => {
      if (event.type !== 'instance:polled') throw new Error('a poll');
      return { instance: event.instance, at: event.at, processes: event.processes };
    });
    const { state, changes } = fleetReducer(fleet, { type: 'instances:polled', polls });
    expect(state.processes).toEqual(oneByOne.processes);
    expect(state.applications).toEqual(oneByOne.applications);
    expect(state.instances).toEqual(oneByOne.instances);
    expect(state.instances.rocky52?.lastSeen).toBe(T0 + 6000);
    expect(changes.processes.sort()).toEqual(['scen1:scen1_hci', 'scen1:scen1_srv']);
    expect(changes.applications).toEqual(['scen1']);
  });

  it('takes a poll that says nothing new (a liveness probe) as a sign of life only', () => {
    const fleet = buildFleet(SCEN1);
    const same = [info('scen1:scen1_srv', 'RUNNING'), info('scen1:scen1_wait', 'EXITED', { exitstatus: 3 })];
    for (const processes of [[], same]) {
      const { state, changes } = fleetReducer(fleet, poll('rocky51', processes, T0 + 7000));
      expect(state.instances.rocky51?.lastSeen).toBe(T0 + 7000);
      expect(state.processes).toBe(fleet.processes);
      expect(state.applications).toBe(fleet.applications);
      expect(changes).toEqual(noChanges());
    }
  });

  it('ignores polls of an instance that is not RUNNING', () => {
    const fleet = buildFleet({ ...SCEN1, instances: [{ id: 'rocky51', state: 'SILENT' }, 'rocky52'] });
    const { state, changes } = fleetReducer(fleet, poll('rocky51', [info('scen1:scen1_srv', 'RUNNING')]));
    expect(state).toBe(fleet);
    expect(changes.processes).toEqual([]);
  });

  it('removes a process no instance defines after a sync, and the application left empty', () => {
    const fleet = buildFleet({
      ...SCEN1,
      processes: { ...SCEN1.processes, 'solo:only': { rocky52: 'STOPPED' } },
    });
    const { state, changes } = fleetReducer(fleet, syncEvent(SCEN1, 'rocky52', T0 + 50));
    expect(state.processes['solo:only']).toBeUndefined();
    expect(state.applications.solo).toBeUndefined();
    expect(changes.removedProcesses).toEqual(['solo:only']);
    expect(changes.removedApplications).toEqual(['solo']);
    expect(changes.processes).toEqual([]);
  });

  it('reports a new conflict when a second instance starts the process', () => {
    const spec: FleetSpec = {
      ...SCEN1,
      processes: { 'scen1:dup': { rocky51: 'RUNNING', rocky52: 'STOPPED' } },
    };
    const fleet = buildFleet(spec);
    expect(fleet.processes['scen1:dup']?.conflict).toBe(false);
    const { state, changes } = fleetReducer(fleet, poll('rocky52', [info('scen1:dup', 'STARTING')]));
    expect(state.processes['scen1:dup']).toMatchObject({ conflict: true, runningOn: ['rocky51', 'rocky52'] });
    expect(changes.processes).toEqual(['scen1:dup']);
  });

  it('re-derives rules, status and loads when the rules change', () => {
    const fleet = reduceAll(buildFleet(SCEN1), [poll('rocky52', [info('scen1:scen1_hci', 'FATAL')])]).state;
    expect(fleet.applications.scen1?.status).toBe('not-operational');
    const relaxed = rulesStub({
      applications: { scen1: { startSequence: 3 } },
      programs: {
        ...SCEN1.rules?.programs,
        'scen1:scen1_hci': { required: false, startSequence: 0 },
        'scen1:scen1_srv': { expectedLoading: 30 },
      },
    });
    const { state, changes } = fleetReducer(fleet, { type: 'rules:changed', rules: relaxed });
    expect(state.applications.scen1).toMatchObject({ status: 'operational', rules: { startSequence: 3 } });
    expect(state.instances.rocky51?.loading).toBe(30);
    expect(changes.applications).toEqual(['scen1']);
    expect(changes.instances).toEqual(['rocky51']);
    expect(changes.processes.sort()).toEqual(['scen1:scen1_hci', 'scen1:scen1_srv']);
  });

  it('sets the job of an application, and reports it once', () => {
    const fleet: FleetState = buildFleet(SCEN1);
    const first = fleetReducer(fleet, { type: 'job:changed', application: 'scen1', jobId: 'job-1' });
    expect(first.state.applications.scen1?.jobId).toBe('job-1');
    expect(first.changes.applications).toEqual(['scen1']);
    const again = fleetReducer(first.state, { type: 'job:changed', application: 'scen1', jobId: 'job-1' });
    expect(again.changes.applications).toEqual([]);
    const cleared = fleetReducer(first.state, { type: 'job:changed', application: 'scen1', jobId: null });
    expect(cleared.state.applications.scen1?.jobId).toBeNull();
    const unknown = fleetReducer(fleet, { type: 'job:changed', application: 'nope', jobId: 'job-2' });
    expect(unknown.state).toBe(fleet);
  });
});
