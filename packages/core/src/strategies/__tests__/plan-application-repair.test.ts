import { describe, expect, it } from 'vitest';
import { buildFleet, reduceAll, T0 } from '../../fleet/__tests__/fleet-builders';
import { planApplicationRepair } from '../plan-application-repair';

/** n2 came back after a loss: what ran there is FATAL ("instance n2 lost") until started again. */
const LOST = reduceAll(
  buildFleet({
    instances: ['n1', 'n2', 'n3'],
    processes: {
      'app:mount_2': { n2: { state: 'EXITED', exitstatus: 0 } },
      'app:mount_1': { n1: { state: 'EXITED', exitstatus: 0 } },
      'app:srv': { n2: 'RUNNING' },
      'app:hci': { n1: 'RUNNING' },
      'app:tool': { n2: 'STOPPED' },
      'app:far': { n3: 'RUNNING' },
      'manual:x': { n2: 'STOPPED' },
    },
    rules: {
      applications: { app: { startSequence: 1 }, manual: { startSequence: 0 } },
      programs: {
        'app:mount_1': { startSequence: 1, waitExit: true },
        'app:mount_2': { startSequence: 1, waitExit: true },
        'app:srv': { startSequence: 2 },
        'app:hci': { startSequence: 2 },
        'app:far': { startSequence: 3 },
        'manual:x': { startSequence: 1 },
      },
    },
  }),
  [
    { type: 'instance:silent', instance: 'n2', at: T0 + 1000, error: 'refused' },
    { type: 'instance:silent', instance: 'n3', at: T0 + 1000, error: 'refused' },
    { type: 'instance:checking', instance: 'n2', at: T0 + 2000 },
  ],
).state;

/** n2 answers again: its supervisord restarted, everything there is STOPPED. */
const BACK = reduceAll(LOST, [
  {
    type: 'instance:synced',
    instance: 'n2',
    at: T0 + 3000,
    identification: 'n2',
    configs: ['mount_2', 'srv', 'tool'].map((name) => ({
      group: 'app',
      name,
      autostart: false,
      command: '/bin/true',
      exitcodes: [0],
      startsecs: 1,
      stopwaitsecs: 10,
      priority: 1,
    })),
    processes: ['mount_2', 'srv', 'tool'].map((name) => ({
      group: 'app',
      name,
      description: 'Not started',
      start: 0,
      stop: 0,
      now: 0,
      state: 0,
      statename: 'STOPPED',
      spawnerr: '',
      exitstatus: 0,
      logfile: '',
      stdout_logfile: '',
      stderr_logfile: '',
      pid: 0,
    })),
  },
]).state;

describe('planApplicationRepair (auto_start)', () => {
  it('starts, by rank, the start-sequence processes that run nowhere and can start now', () => {
    // mount_1 exited as expected (done), hci runs, tool is outside the sequence, far's only instance is lost.
    expect(planApplicationRepair(BACK, 'app', 'CONFIG')).toEqual([
      { rank: 1, processes: [{ namespec: 'app:mount_2', waitExit: true }] },
      { rank: 2, processes: [{ namespec: 'app:srv', waitExit: false }] },
    ]);
  });

  it('plans nothing while no instance can take the missing processes', () => {
    expect(planApplicationRepair(LOST, 'app', 'CONFIG')).toEqual([]);
  });

  it('leaves alone an application that is never started automatically (start_sequence <= 0)', () => {
    expect(planApplicationRepair(BACK, 'manual', 'CONFIG')).toEqual([]);
  });
});
