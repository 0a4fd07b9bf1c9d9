import { describe, expect, it } from 'vitest';
import type { Process } from '@supfleet/protocol';
import { anInstanceStats, aProcess } from '../../testing/fleet-fixtures';
import {
  DEFAULT_PROCESS_VIEW,
  instancesOf,
  processStatsOf,
  viewProcesses,
  type ProcessView,
} from '../process-view';

// In name order, as useApplicationProcesses gives them.
const processes: Process[] = [
  aProcess({ namespec: 'app:api_1', state: 'RUNNING', instance: 'n1', runningOn: ['n1'] }),
  aProcess({ namespec: 'app:api_2', state: 'FATAL', instance: 'n2' }),
  aProcess({ namespec: 'app:api_10', state: 'RUNNING', instance: 'n10', runningOn: ['n10'] }),
  aProcess({ namespec: 'app:web', state: 'STOPPED', instance: null }),
  aProcess({ namespec: 'app:worker', state: 'RUNNING', instance: 'n2', runningOn: ['n2', 'n1'] }),
];
const stats = {
  n1: anInstanceStats({ instance: 'n1', processes: { 'app:api_1': { cpu: 50, rss: 1e6 } } }),
  n2: anInstanceStats({ instance: 'n2', processes: { 'app:worker': { cpu: 5, rss: 9e6 } } }),
  n10: anInstanceStats({ instance: 'n10', processes: { 'app:api_10': { cpu: 20, rss: 3e6 } } }),
};
const names = (view: Partial<ProcessView>) =>
  viewProcesses(processes, { ...DEFAULT_PROCESS_VIEW, ...view }, stats).map((p) => p.name);

describe('viewProcesses', () => {
  it.each<{ name: string; view: Partial<ProcessView>; expected: string[] }>([
    {
      name: 'everything in name order by default',
      view: {},
      expected: ['api_1', 'api_2', 'api_10', 'web', 'worker'],
    },
    {
      name: 'name descending',
      view: { descending: true },
      expected: ['worker', 'web', 'api_10', 'api_2', 'api_1'],
    },
    { name: 'a text in the name, any case', view: { text: ' API_1' }, expected: ['api_1', 'api_10'] },
    { name: 'a state', view: { state: 'RUNNING' }, expected: ['api_1', 'api_10', 'worker'] },
    { name: 'an instance, where placed or running', view: { instance: 'n1' }, expected: ['api_1', 'worker'] },
    { name: 'filters combined', view: { instance: 'n2', state: 'FATAL' }, expected: ['api_2'] },
    { name: 'nothing matching', view: { text: 'nope' }, expected: [] },
    {
      name: 'by state, trouble first, ties by name',
      view: { sort: 'state' },
      expected: ['api_2', 'api_1', 'api_10', 'worker', 'web'],
    },
    {
      name: 'by instance, natural order, unplaced last',
      view: { sort: 'instance' },
      expected: ['api_1', 'api_2', 'worker', 'api_10', 'web'],
    },
    {
      name: 'by CPU, biggest first, no figure last',
      view: { sort: 'cpu', descending: true },
      expected: ['api_1', 'api_10', 'worker', 'api_2', 'web'],
    },
    {
      name: 'by CPU ascending, no figure still last',
      view: { sort: 'cpu' },
      expected: ['worker', 'api_10', 'api_1', 'api_2', 'web'],
    },
    {
      name: 'by memory, biggest first',
      view: { sort: 'memory', descending: true },
      expected: ['worker', 'api_10', 'api_1', 'api_2', 'web'],
    },
  ])('$name', ({ view, expected }) => {
    expect(names(view)).toEqual(expected);
  });

  it('never reorders the list it is given', () => {
    const before = processes.map((p) => p.name);
    names({ sort: 'cpu', descending: true });
    names({ descending: true });
    expect(processes.map((p) => p.name)).toEqual(before);
  });
});

describe('processStatsOf and instancesOf', () => {
  it('reads the sample of the instance the process is placed on', () => {
    expect(processStatsOf(processes[0]!, stats)).toEqual({ cpu: 50, rss: 1e6 });
    expect(processStatsOf(processes[1]!, stats)).toBeUndefined();
    expect(processStatsOf(processes[3]!, stats)).toBeUndefined();
  });

  it('lists the instances in natural order', () => {
    expect(instancesOf(processes)).toEqual(['n1', 'n2', 'n10']);
  });
});
