import { describe, expect, it } from 'vitest';
import { anInstanceInfo, aProcess } from '../../testing/fleet-fixtures';
import { conflictSides } from '../conflict-sides';

const T = 1_700_000_000;
const running = (instance: string, start: number, pid = 100) =>
  anInstanceInfo({ instance, state: 'RUNNING', start, pid, description: `pid ${pid}` });

describe('conflictSides', () => {
  it.each([
    {
      name: 'two instances, different starts: oldest and youngest named',
      process: aProcess({
        runningOn: ['n1', 'n2'],
        instances: [running('n1', T + 30, 11), running('n2', T, 22)],
      }),
      expected: [
        { instance: 'n1', state: 'RUNNING', pid: 11, start: T + 30, age: 'youngest' },
        { instance: 'n2', state: 'RUNNING', pid: 22, start: T, age: 'oldest' },
      ],
    },
    {
      name: 'same start second: no age, a person cannot tell them apart by it',
      process: aProcess({ runningOn: ['n1', 'n2'], instances: [running('n1', T), running('n2', T)] }),
      expected: [
        { instance: 'n1', state: 'RUNNING', pid: 100, start: T, age: null },
        { instance: 'n2', state: 'RUNNING', pid: 100, start: T, age: null },
      ],
    },
    {
      name: 'three instances: the middle one has no age',
      process: aProcess({
        runningOn: ['n1', 'n2', 'n3'],
        instances: [running('n1', T), running('n2', T + 1), running('n3', T + 2)],
      }),
      expected: [
        { instance: 'n1', state: 'RUNNING', pid: 100, start: T, age: 'oldest' },
        { instance: 'n2', state: 'RUNNING', pid: 100, start: T + 1, age: null },
        { instance: 'n3', state: 'RUNNING', pid: 100, start: T + 2, age: 'youngest' },
      ],
    },
    {
      name: 'an instance without detail: listed, nothing invented, no ages',
      process: aProcess({
        runningOn: ['n1', 'n2'],
        instances: [running('n1', T), anInstanceInfo({ instance: 'n2', state: 'STARTING' })],
      }),
      expected: [
        { instance: 'n1', state: 'RUNNING', pid: 100, start: T, age: null },
        { instance: 'n2', state: 'STARTING', pid: null, start: null, age: null },
      ],
    },
    {
      name: 'defined but not running on an instance: not a side of the conflict',
      process: aProcess({
        runningOn: ['n1', 'n3'],
        instances: [running('n1', T + 5), anInstanceInfo({ instance: 'n2' }), running('n3', T)],
      }),
      expected: [
        { instance: 'n1', state: 'RUNNING', pid: 100, start: T + 5, age: 'youngest' },
        { instance: 'n3', state: 'RUNNING', pid: 100, start: T, age: 'oldest' },
      ],
    },
  ])('$name', ({ process, expected }) => {
    expect(conflictSides(process)).toEqual(expected);
  });
});
