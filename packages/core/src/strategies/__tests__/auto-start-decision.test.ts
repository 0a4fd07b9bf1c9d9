import { describe, expect, it } from 'vitest';
import type { InstanceState } from '@supfleet/protocol';
import { buildFleet } from '../../fleet/__tests__/fleet-builders';
import { autoStartDecision, type AutoStartDecision } from '../auto-start-decision';

const fleetWith = (states: InstanceState[]) =>
  buildFleet({ instances: states.map((state, index) => ({ id: `n${index + 1}`, state })) });

const rows: {
  name: string;
  before: InstanceState[];
  after: InstanceState[];
  startedAll: boolean;
  expected: AutoStartDecision;
}[] = [
  {
    name: 'waits while an instance was never reached',
    before: ['RUNNING', 'UNKNOWN'],
    after: ['RUNNING', 'UNKNOWN'],
    startedAll: false,
    expected: { type: 'none' },
  },
  {
    name: 'waits while an instance is still CHECKING',
    before: ['RUNNING', 'UNKNOWN'],
    after: ['RUNNING', 'CHECKING'],
    startedAll: false,
    expected: { type: 'none' },
  },
  {
    name: 'starts all once every instance is RUNNING',
    before: ['RUNNING', 'CHECKING'],
    after: ['RUNNING', 'RUNNING'],
    startedAll: false,
    expected: { type: 'start-all' },
  },
  {
    name: 'after the first start, an instance back to RUNNING asks for a repair',
    before: ['RUNNING', 'CHECKING'],
    after: ['RUNNING', 'RUNNING'],
    startedAll: true,
    expected: { type: 'repair', instances: ['n2'] },
  },
  {
    name: 'after the first start, a quiet change asks for nothing',
    before: ['RUNNING', 'RUNNING'],
    after: ['RUNNING', 'RUNNING'],
    startedAll: true,
    expected: { type: 'none' },
  },
  {
    name: 'after the first start, an instance going SILENT asks for nothing',
    before: ['RUNNING', 'RUNNING'],
    after: ['RUNNING', 'SILENT'],
    startedAll: true,
    expected: { type: 'none' },
  },
];

describe('autoStartDecision (auto_start)', () => {
  it.each(rows)('$name', ({ before, after, startedAll, expected }) => {
    expect(autoStartDecision(fleetWith(before), fleetWith(after), startedAll)).toEqual(expected);
  });
});
