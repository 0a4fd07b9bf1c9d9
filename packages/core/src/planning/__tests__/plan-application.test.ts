import { describe, expect, it } from 'vitest';
import { buildFleet } from '../../fleet/__tests__/fleet-builders';
import { planStartAll, planStopAll } from '../plan-all';
import { planApplicationStart, planApplicationStop } from '../plan-application';

/** Scenario 1: wait_nfs_mount_N at rank 1 with wait_exit, the others at 2; a tool outside the sequence. */
const FLEET = buildFleet({
  instances: ['rocky51', 'rocky52', 'rocky53'],
  processes: {
    'scen1:scen1_wait_nfs_mount_1': { rocky51: 'STOPPED' },
    'scen1:scen1_wait_nfs_mount_2': { rocky52: 'STOPPED' },
    'scen1:scen1_hci': { rocky51: 'RUNNING' },
    'scen1:scen1_srv': { rocky52: 'STOPPED' },
    'scen1:scen1_tool': { rocky53: 'STOPPED' },
    'scen1:scen1_last': { rocky53: 'STOPPED' },
    'early:a': { rocky51: 'STOPPED' },
    'late:a': { rocky52: 'STOPPED' },
    'manual:a': { rocky53: 'STOPPED' },
    'tools:agent': { rocky51: 'RUNNING' },
  },
  rules: {
    applications: {
      scen1: { startSequence: 2, stopSequence: 1 },
      early: { startSequence: 1, stopSequence: 3 },
      late: { startSequence: 3 },
      manual: { startSequence: 0, stopSequence: 2 },
    },
    programs: {
      'scen1:scen1_wait_nfs_mount_1': { startSequence: 1, waitExit: true, stopSequence: 0 },
      'scen1:scen1_wait_nfs_mount_2': { startSequence: 1, waitExit: true, stopSequence: 0 },
      'scen1:scen1_hci': { startSequence: 2, required: true, stopSequence: 5 },
      'scen1:scen1_srv': { startSequence: 2, required: true, stopSequence: 1 },
      'scen1:scen1_last': { startSequence: 3, stopSequence: 1 },
      'tools:agent': { startSequence: 1 },
    },
  },
});

describe('application plans (SPEC section 6)', () => {
  it('starts by ascending start_sequence, all of a rank together, leaving out rank <= 0', () => {
    expect(planApplicationStart(FLEET, 'scen1')).toEqual([
      {
        rank: 1,
        processes: [
          { namespec: 'scen1:scen1_wait_nfs_mount_1', waitExit: true },
          { namespec: 'scen1:scen1_wait_nfs_mount_2', waitExit: true },
        ],
      },
      {
        rank: 2,
        processes: [
          { namespec: 'scen1:scen1_hci', waitExit: false },
          { namespec: 'scen1:scen1_srv', waitExit: false },
        ],
      },
      { rank: 3, processes: [{ namespec: 'scen1:scen1_last', waitExit: false }] },
    ]);
  });

  it('stops every process by descending stop_sequence', () => {
    expect(
      planApplicationStop(FLEET, 'scen1').map(({ rank, processes }) => [
        rank,
        processes.map((p) => p.namespec),
      ]),
    ).toEqual([
      [5, ['scen1:scen1_hci']],
      [1, ['scen1:scen1_last', 'scen1:scen1_srv']],
      [0, ['scen1:scen1_tool', 'scen1:scen1_wait_nfs_mount_1', 'scen1:scen1_wait_nfs_mount_2']],
    ]);
  });

  it('plans nothing for an unmanaged or unknown application', () => {
    expect(planApplicationStart(FLEET, 'tools')).toEqual([]);
    expect(planApplicationStop(FLEET, 'tools')).toEqual([]);
    expect(planApplicationStart(FLEET, 'nope')).toEqual([]);
  });
});

describe('start/stop all (SPEC section 6)', () => {
  it('starts managed applications by ascending start_sequence > 0', () => {
    expect(planStartAll(FLEET)).toEqual([
      { rank: 1, applications: ['early'] },
      { rank: 2, applications: ['scen1'] },
      { rank: 3, applications: ['late'] },
    ]);
  });

  it('stops every managed application by descending stop_sequence', () => {
    expect(planStopAll(FLEET)).toEqual([
      { rank: 3, applications: ['early', 'late'] },
      { rank: 2, applications: ['manual'] },
      { rank: 1, applications: ['scen1'] },
    ]);
  });
});
