import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PROGRAM_RULES,
  UNMANAGED_APPLICATION_RULES,
  type Application,
  type InstanceState,
  type Process,
} from '@supfleet/protocol';
import { EMPTY_RULES, createFleet, type FleetState } from '@supfleet/core';
import { fleetSupvisorsState } from '../supvisors-payloads';

function fleet(
  states: InstanceState[],
  processes: { managed: boolean; runningOn: string[] }[] = [],
): FleetState {
  const ids = states.map((_, i) => `n${i + 1}`);
  const base = createFleet(
    ids.map((id, i) => ({ id, host: '127.0.0.1', port: 9001 + i, node: id })),
    EMPTY_RULES,
  );
  const instances = Object.fromEntries(
    ids.map((id, i) => [id, { ...base.instances[id]!, state: states[i]! }]),
  );
  const applications: Record<string, Application> = {};
  const byNamespec: Record<string, Process> = {};
  processes.forEach(({ managed, runningOn }, i) => {
    const name = `app${i}`;
    applications[name] = {
      name,
      managed,
      state: 'RUNNING',
      majorFailure: false,
      minorFailure: false,
      status: 'operational',
      reasons: [],
      rules: { ...UNMANAGED_APPLICATION_RULES, managed },
      jobId: null,
      jobPhase: null,
    };
    byNamespec[`${name}:p`] = {
      namespec: `${name}:p`,
      application: name,
      name: 'p',
      state: 'RUNNING',
      expectedExit: true,
      description: '',
      runningOn,
      instance: runningOn[0] ?? null,
      conflict: runningOn.length > 1,
      definedOn: ids,
      instances: [],
      rules: DEFAULT_PROGRAM_RULES,
    };
  });
  return { ...base, instances, applications, processes: byNamespec };
}

describe('the Supvisors state supfleet reports (and which requests it lets through)', () => {
  it.each([
    { case: 'no instance reached yet', state: fleet(['UNKNOWN', 'UNKNOWN']), expected: 'SYNCHRONIZATION' },
    {
      case: 'first contact still checking',
      state: fleet(['CHECKING', 'UNKNOWN']),
      expected: 'SYNCHRONIZATION',
    },
    { case: 'one instance running, one silent', state: fleet(['RUNNING', 'SILENT']), expected: 'OPERATION' },
    {
      case: 'a managed process running on two instances',
      state: fleet(['RUNNING', 'RUNNING'], [{ managed: true, runningOn: ['n1', 'n2'] }]),
      expected: 'CONCILIATION',
    },
    {
      case: 'an unmanaged process on two instances is no conflict',
      state: fleet(['RUNNING', 'RUNNING'], [{ managed: false, runningOn: ['n1', 'n2'] }]),
      expected: 'OPERATION',
    },
  ])('$case: $expected', ({ state, expected }) => {
    expect(fleetSupvisorsState(state)).toBe(expected);
  });
});
