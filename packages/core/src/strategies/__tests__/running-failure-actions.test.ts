import { describe, expect, it } from 'vitest';
import type { ProgramRules, RunningFailureStrategy } from '@supfleet/protocol';
import { buildFleet, info, reduceAll, T0, type ProcessSpec } from '../../fleet/__tests__/fleet-builders';
import type { FleetEvent, FleetState } from '../../fleet/fleet-state';
import { runningFailureActions, type RunningFailureAction } from '../running-failure-actions';

/** app:a and app:b run on n1 (n2 defines them too); other:x runs on n2; tools is unmanaged. */
const BASE: Record<string, Record<string, ProcessSpec>> = {
  'app:a': { n1: 'RUNNING', n2: 'STOPPED' },
  'app:b': { n1: 'RUNNING', n2: 'STOPPED' },
  'other:x': { n2: 'RUNNING' },
  'tools:t': { n1: 'RUNNING' },
};

function fleet(
  strategies: Record<string, RunningFailureStrategy>,
  processes: Record<string, Record<string, ProcessSpec>>,
  setup: FleetEvent[],
): FleetState {
  const programs: Record<string, Partial<ProgramRules>> = {};
  for (const [namespec, runningFailureStrategy] of Object.entries(strategies))
    programs[namespec] = { runningFailureStrategy };
  const built = buildFleet({
    instances: ['n1', 'n2'],
    processes: { ...BASE, ...processes },
    rules: { applications: { app: {}, other: {} }, programs },
  });
  return reduceAll(built, setup).state;
}

/** What n1 (or n2) answers at the next poll, for the listed processes only. */
function poll(instance: string, states: Record<string, ProcessSpec>): FleetEvent {
  return {
    type: 'instance:polled',
    instance,
    at: T0 + 5000,
    processes: Object.entries(states).map(([namespec, spec]) =>
      typeof spec === 'string' ? info(namespec, spec) : info(namespec, spec.state, spec),
    ),
  };
}

const silent = (instance: string): FleetEvent => ({
  type: 'instance:silent',
  instance,
  at: T0 + 5000,
  error: 'connection refused',
});
const job = (application: string, jobId: string | null): FleetEvent => ({
  type: 'job:changed',
  application,
  jobId,
});

interface Row {
  name: string;
  strategies?: Record<string, RunningFailureStrategy>;
  processes?: Record<string, Record<string, ProcessSpec>>;
  /** Events that make the state before the change. */
  setup?: FleetEvent[];
  /** The change itself. */
  change: FleetEvent[];
  stopping?: string[];
  expected: RunningFailureAction[];
}

const rows: Row[] = [
  {
    name: 'CONTINUE: a crash changes nothing',
    strategies: { 'app:a': 'CONTINUE' },
    change: [poll('n1', { 'app:a': 'FATAL' })],
    expected: [],
  },
  {
    name: 'RESTART_PROCESS: the crashed process is started again while the application still runs',
    strategies: { 'app:a': 'RESTART_PROCESS' },
    change: [poll('n1', { 'app:a': 'FATAL' })],
    expected: [{ type: 'restart-process', namespec: 'app:a', failed: ['app:a'] }],
  },
  {
    name: 'RESTART_PROCESS: an unexpected exit is a crash too',
    strategies: { 'app:a': 'RESTART_PROCESS' },
    change: [poll('n1', { 'app:a': { state: 'EXITED', exitstatus: 3 } })],
    expected: [{ type: 'restart-process', namespec: 'app:a', failed: ['app:a'] }],
  },
  {
    name: 'RESTART_PROCESS is promoted to RESTART_APPLICATION when nothing of the application runs any more',
    strategies: { 'app:a': 'RESTART_PROCESS' },
    processes: { 'app:b': { n1: 'STOPPED', n2: 'STOPPED' } },
    change: [poll('n1', { 'app:a': 'FATAL' })],
    expected: [{ type: 'restart-application', application: 'app', failed: ['app:a'] }],
  },
  {
    name: 'STOP_APPLICATION stops the application',
    strategies: { 'app:a': 'STOP_APPLICATION' },
    change: [poll('n1', { 'app:a': 'FATAL' })],
    expected: [{ type: 'stop-application', application: 'app', failed: ['app:a'] }],
  },
  {
    name: 'RESTART_APPLICATION restarts the application',
    strategies: { 'app:a': 'RESTART_APPLICATION' },
    change: [poll('n1', { 'app:a': 'FATAL' })],
    expected: [{ type: 'restart-application', application: 'app', failed: ['app:a'] }],
  },
  {
    name: 'SHUTDOWN stops every application',
    strategies: { 'app:a': 'SHUTDOWN' },
    change: [poll('n1', { 'app:a': 'FATAL' })],
    expected: [{ type: 'stop-all', failed: ['app:a'] }],
  },
  {
    name: 'RESTART restarts every application',
    strategies: { 'app:a': 'RESTART' },
    change: [poll('n1', { 'app:a': 'FATAL' })],
    expected: [{ type: 'restart-all', failed: ['app:a'] }],
  },
  {
    name: 'a start that gave up (BACKOFF to FATAL) outside a job is a failure',
    strategies: { 'app:a': 'RESTART_PROCESS' },
    processes: { 'app:a': { n1: 'BACKOFF', n2: 'STOPPED' } },
    change: [poll('n1', { 'app:a': 'FATAL' })],
    expected: [{ type: 'restart-process', namespec: 'app:a', failed: ['app:a'] }],
  },
  {
    name: 'the loss of its instance is a failure of every process that ran there',
    strategies: { 'app:a': 'RESTART_PROCESS', 'app:b': 'RESTART_PROCESS' },
    change: [silent('n1')],
    expected: [{ type: 'restart-application', application: 'app', failed: ['app:a', 'app:b'] }],
  },
  {
    name: 'priority: STOP_APPLICATION wins over RESTART_APPLICATION in one application',
    strategies: { 'app:a': 'RESTART_APPLICATION', 'app:b': 'STOP_APPLICATION' },
    change: [silent('n1')],
    expected: [{ type: 'stop-application', application: 'app', failed: ['app:b'] }],
  },
  {
    name: 'priority: RESTART_APPLICATION wins over RESTART_PROCESS in one application',
    strategies: { 'app:a': 'RESTART_PROCESS', 'app:b': 'RESTART_APPLICATION' },
    processes: { 'app:c': { n1: 'RUNNING', n2: 'STOPPED' } },
    change: [poll('n1', { 'app:a': 'FATAL', 'app:b': 'FATAL' })],
    expected: [{ type: 'restart-application', application: 'app', failed: ['app:b'] }],
  },
  {
    name: 'priority: RESTART_PROCESS wins over CONTINUE',
    strategies: { 'app:a': 'RESTART_PROCESS', 'app:b': 'CONTINUE' },
    processes: { 'app:c': { n1: 'RUNNING', n2: 'STOPPED' } },
    change: [poll('n1', { 'app:a': 'FATAL', 'app:b': 'FATAL' })],
    expected: [{ type: 'restart-process', namespec: 'app:a', failed: ['app:a'] }],
  },
  {
    name: 'priority: SHUTDOWN of one application wins over the strategies of the others',
    strategies: { 'app:a': 'STOP_APPLICATION', 'other:x': 'SHUTDOWN' },
    change: [poll('n1', { 'app:a': 'FATAL' }), poll('n2', { 'other:x': 'FATAL' })],
    expected: [{ type: 'stop-all', failed: ['other:x'] }],
  },
  {
    name: 'two applications failing at once get one action each',
    strategies: { 'app:a': 'STOP_APPLICATION', 'other:x': 'RESTART_APPLICATION' },
    change: [poll('n1', { 'app:a': 'FATAL' }), poll('n2', { 'other:x': 'FATAL' })],
    expected: [
      { type: 'stop-application', application: 'app', failed: ['app:a'] },
      { type: 'restart-application', application: 'other', failed: ['other:x'] },
    ],
  },
  {
    name: 'an expected exit is no failure',
    strategies: { 'app:a': 'STOP_APPLICATION' },
    change: [poll('n1', { 'app:a': { state: 'EXITED', exitstatus: 0 } })],
    expected: [],
  },
  {
    name: 'a stop made outside supfleet (STOPPED) is no failure',
    strategies: { 'app:a': 'STOP_APPLICATION' },
    change: [poll('n1', { 'app:a': 'STOPPED' })],
    expected: [],
  },
  {
    name: 'a crash seen while a job runs on the application is no failure',
    strategies: { 'app:a': 'STOP_APPLICATION' },
    setup: [job('app', 'job-1')],
    change: [poll('n1', { 'app:a': 'FATAL' })],
    expected: [],
  },
  {
    name: 'a crash seen in the change that starts a job is no failure',
    strategies: { 'app:a': 'STOP_APPLICATION' },
    change: [job('app', 'job-1'), poll('n1', { 'app:a': 'FATAL' })],
    expected: [],
  },
  {
    name: 'a crash seen in the change that ends the job is no failure',
    strategies: { 'app:a': 'STOP_APPLICATION' },
    setup: [job('app', 'job-1')],
    change: [poll('n1', { 'app:a': 'FATAL' }), job('app', null)],
    expected: [],
  },
  {
    name: 'a process that supfleet is stopping is no failure',
    strategies: { 'app:a': 'STOP_APPLICATION' },
    change: [poll('n1', { 'app:a': 'FATAL' })],
    stopping: ['app:a'],
    expected: [],
  },
  {
    name: 'a crash on one instance of a conflict leaves it running elsewhere: no failure',
    strategies: { 'app:a': 'STOP_APPLICATION' },
    processes: { 'app:a': { n1: 'RUNNING', n2: 'RUNNING' } },
    change: [poll('n1', { 'app:a': 'FATAL' })],
    expected: [],
  },
  {
    name: 'an unmanaged application has no strategy',
    change: [poll('n1', { 'tools:t': 'FATAL' })],
    expected: [],
  },
];

describe('runningFailureActions (SPEC section 7)', () => {
  it.each(rows)(
    '$name',
    ({ strategies = {}, processes = {}, setup = [], change, stopping = [], expected }) => {
      const before = fleet(strategies, processes, setup);
      const after = reduceAll(before, change).state;
      expect(runningFailureActions(before, after, new Set(stopping))).toEqual(expected);
    },
  );

  it('fires once for one crash: later changes of the crashed process are no new failure', () => {
    const before = fleet({ 'app:a': 'RESTART_PROCESS' }, {}, []);
    const crashed = reduceAll(before, [poll('n1', { 'app:a': 'FATAL' })]).state;
    const later = reduceAll(crashed, [
      poll('n1', { 'app:a': { state: 'FATAL', description: 'Exited too quickly' } }),
    ]).state;
    expect(runningFailureActions(before, crashed, new Set())).toHaveLength(1);
    expect(later).not.toBe(crashed);
    expect(runningFailureActions(crashed, later, new Set())).toEqual([]);
  });
});
