import { describe, expect, it } from 'vitest';
import type { ConciliationStrategy } from '@supfleet/protocol';
import { buildFleet, type ProcessSpec } from '../../fleet/__tests__/fleet-builders';
import { conciliate, type Conciliation } from '../conciliate';

/** app:p was started on n1 at 100 s, on n3 at 150 s (still STARTING) and on n2 at 200 s. */
const STARTS: Record<string, ProcessSpec> = {
  n1: { state: 'RUNNING', start: 100 },
  n2: { state: 'RUNNING', start: 200 },
  n3: { state: 'STARTING', start: 150 },
  n4: { state: 'STOPPED', start: 300 },
};

function processWith(where: Record<string, ProcessSpec>) {
  const fleet = buildFleet({
    instances: ['n1', 'n2', 'n3', 'n4'],
    processes: { 'app:p': where },
    rules: { applications: { app: {} } },
  });
  return fleet.processes['app:p']!;
}

const rows: {
  name: string;
  strategy: ConciliationStrategy;
  where?: Record<string, ProcessSpec>;
  expected: Conciliation;
}[] = [
  {
    name: 'SENICIDE keeps the youngest (latest start) and stops the others',
    strategy: 'SENICIDE',
    expected: { stop: ['n1', 'n3'], thenStart: false, thenRunningFailure: false },
  },
  {
    name: 'INFANTICIDE keeps the oldest (earliest start) and stops the others',
    strategy: 'INFANTICIDE',
    expected: { stop: ['n2', 'n3'], thenStart: false, thenRunningFailure: false },
  },
  {
    name: 'SENICIDE on a tie keeps the first in instance order',
    strategy: 'SENICIDE',
    where: { n1: { state: 'RUNNING', start: 100 }, n2: { state: 'RUNNING', start: 100 } },
    expected: { stop: ['n2'], thenStart: false, thenRunningFailure: false },
  },
  {
    name: 'INFANTICIDE on a tie keeps the first in instance order',
    strategy: 'INFANTICIDE',
    where: { n1: { state: 'RUNNING', start: 100 }, n2: { state: 'RUNNING', start: 100 } },
    expected: { stop: ['n2'], thenStart: false, thenRunningFailure: false },
  },
  {
    name: 'USER does nothing: a person chooses',
    strategy: 'USER',
    expected: { stop: [], thenStart: false, thenRunningFailure: false },
  },
  {
    name: 'STOP stops it everywhere it runs, and only there',
    strategy: 'STOP',
    expected: { stop: ['n1', 'n2', 'n3'], thenStart: false, thenRunningFailure: false },
  },
  {
    name: 'RESTART stops it everywhere, then starts one',
    strategy: 'RESTART',
    expected: { stop: ['n1', 'n2', 'n3'], thenStart: true, thenRunningFailure: false },
  },
  {
    name: 'RUNNING_FAILURE stops it everywhere, then applies its running failure strategy',
    strategy: 'RUNNING_FAILURE',
    expected: { stop: ['n1', 'n2', 'n3'], thenStart: false, thenRunningFailure: true },
  },
  {
    name: 'a process running on one instance is no conflict: nothing to do',
    strategy: 'STOP',
    where: { n1: { state: 'RUNNING', start: 100 }, n2: 'STOPPED' },
    expected: { stop: [], thenStart: false, thenRunningFailure: false },
  },
];

describe('conciliate (SPEC section 7)', () => {
  it.each(rows)('$name', ({ strategy, where = STARTS, expected }) => {
    expect(conciliate(processWith(where), strategy)).toEqual(expected);
  });
});
