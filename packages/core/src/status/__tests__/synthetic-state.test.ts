import { describe, expect, it } from 'vitest';
import type { ProcessOnInstance, ProcessState } from '@supfleet/protocol';
import { syntheticState } from '../synthetic-state';

function on(instance: string, state: ProcessState, updatedAt = 0, expectedExit = false): ProcessOnInstance {
  return {
    instance,
    state,
    description: `${state} on ${instance}`,
    pid: 0,
    start: 0,
    stop: 0,
    exitStatus: expectedExit ? 0 : 1,
    expectedExit,
    spawnErr: '',
    updatedAt,
  };
}

describe('syntheticState (SPEC section 2)', () => {
  const rows: {
    name: string;
    infos: ProcessOnInstance[];
    state: ProcessState;
    instance: string | null;
    runningOn: string[];
    expectedExit?: boolean;
  }[] = [
    {
      name: 'running-like on one instance: that instance state',
      infos: [on('a', 'STOPPED', 500), on('b', 'BACKOFF', 10), on('c', 'EXITED', 900)],
      state: 'BACKOFF',
      instance: 'b',
      runningOn: ['b'],
    },
    {
      name: 'conflict: RUNNING wins over STARTING',
      infos: [on('a', 'STARTING'), on('b', 'RUNNING')],
      state: 'RUNNING',
      instance: 'b',
      runningOn: ['a', 'b'],
    },
    {
      name: 'conflict: BACKOFF wins over STARTING',
      infos: [on('a', 'STARTING'), on('b', 'BACKOFF'), on('c', 'STOPPING')],
      state: 'BACKOFF',
      instance: 'b',
      runningOn: ['a', 'b'],
    },
    {
      name: 'conflict: STARTING wins over STOPPING',
      infos: [on('a', 'STOPPING'), on('b', 'STARTING'), on('c', 'STARTING')],
      state: 'STARTING',
      instance: 'b',
      runningOn: ['b', 'c'],
    },
    {
      name: 'nothing running, one STOPPING: STOPPING even if another event is more recent',
      infos: [on('a', 'EXITED', 900), on('b', 'STOPPING', 100)],
      state: 'STOPPING',
      instance: 'b',
      runningOn: [],
    },
    {
      name: 'nothing running: the most recent event wins',
      infos: [on('a', 'STOPPED', 100), on('b', 'FATAL', 300), on('c', 'EXITED', 200)],
      state: 'FATAL',
      instance: 'b',
      runningOn: [],
    },
    {
      name: 'most recent event keeps its expected exit',
      infos: [on('a', 'STOPPED', 100), on('b', 'EXITED', 300, true)],
      state: 'EXITED',
      instance: 'b',
      runningOn: [],
      expectedExit: true,
    },
    {
      name: 'most recent event with an unexpected exit',
      infos: [on('a', 'EXITED', 300, false), on('b', 'STOPPED', 100)],
      state: 'EXITED',
      instance: 'a',
      runningOn: [],
      expectedExit: false,
    },
    {
      name: 'equal times: the first instance in order wins',
      infos: [on('a', 'STOPPED', 100), on('b', 'FATAL', 100)],
      state: 'STOPPED',
      instance: 'a',
      runningOn: [],
    },
    {
      name: 'instance lost: its FATAL is the latest event',
      infos: [on('a', 'STOPPED', 100), { ...on('b', 'FATAL', 5000), description: 'instance b lost' }],
      state: 'FATAL',
      instance: 'b',
      runningOn: [],
    },
    { name: 'no information at all: UNKNOWN', infos: [], state: 'UNKNOWN', instance: null, runningOn: [] },
  ];

  it.each(rows)('$name', ({ infos, state, instance, runningOn, expectedExit }) => {
    const result = syntheticState(infos);
    expect(result.state).toBe(state);
    expect(result.instance).toBe(instance);
    expect(result.runningOn).toEqual(runningOn);
    if (expectedExit !== undefined) expect(result.expectedExit).toBe(expectedExit);
    const chosen = infos.find((entry) => entry.instance === instance);
    if (chosen) expect(result.description).toBe(chosen.description);
  });
});
