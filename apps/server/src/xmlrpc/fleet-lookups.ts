import type { Application, Instance, Process } from '@supfleet/protocol';
import { ownEntry, type FleetState } from '@supfleet/core';
import { RpcFault } from './rpc-fault';
import type { SupvisorsState } from './supvisors-codes';
import { fleetSupvisorsState, sortedProcesses, supvisorsIdentifier } from './supvisors-payloads';

/** Name look-ups with Supvisors' BAD_NAME faults and messages. */

export function findApplication(state: FleetState, name: string): Application {
  const application = ownEntry(state.applications, name);
  if (!application) throw new RpcFault('BAD_NAME', `application=${name} unknown to Supvisors`);
  return application;
}

export interface NamespecTarget {
  application: Application;
  /** One process for `group:name` (or `name`), every process of the group for `group:*`. */
  processes: Process[];
}

/** Supervisor's split_namespec: `group:name`, `group:*` (or `group:`) for the whole group, `name` for `name:name`. */
export function findNamespec(state: FleetState, namespec: string): NamespecTarget {
  const colon = namespec.indexOf(':');
  const group = colon < 0 ? namespec : namespec.slice(0, colon);
  const name = colon < 0 ? namespec : namespec.slice(colon + 1);
  const application = findApplication(state, group);
  const members = sortedProcesses(state).filter((p) => p.application === group);
  if (name === '' || name === '*') return { application, processes: members };
  const process = members.find((p) => p.name === name);
  if (!process) throw new RpcFault('BAD_NAME', `process=${name} unknown in application=${group}`);
  return { application, processes: [process] };
}

/** An instance by Supvisors identifier (`host:port`) or by supfleet id (Supvisors' nick identifier). */
export function findInstance(state: FleetState, identifier: string): Instance {
  const instance =
    ownEntry(state.instances, identifier) ??
    Object.values(state.instances).find((i) => supvisorsIdentifier(i) === identifier);
  if (!instance) throw new RpcFault('BAD_NAME', `identifier=${identifier} is unknown to Supvisors`);
  return instance;
}

/** Supvisors refuses requests its FSM is not ready for; supfleet's states are those of fleetSupvisorsState. */
export function requireState(state: FleetState, allowed: readonly SupvisorsState[]): void {
  const current = fleetSupvisorsState(state);
  if (!allowed.includes(current)) {
    throw new RpcFault(
      'BAD_SUPVISORS_STATE',
      `invalid Supvisors state=${current} - state expected in ${allowed.join(', ')}`,
    );
  }
}

/** Status requests: refused only while no instance has been synchronised yet. */
export const READABLE_STATES: readonly SupvisorsState[] = ['DISTRIBUTION', 'OPERATION', 'CONCILIATION'];
/** Starts and restarts: OPERATION only, as in Supvisors (a conflict must be solved first). */
export const STARTABLE_STATES: readonly SupvisorsState[] = ['OPERATION'];
/** Stops: OPERATION or CONCILIATION (stopping is how a conflict is solved by hand). */
export const STOPPABLE_STATES: readonly SupvisorsState[] = ['OPERATION', 'CONCILIATION'];
