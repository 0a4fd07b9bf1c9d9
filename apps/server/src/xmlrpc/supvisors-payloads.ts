import {
  PROCESS_STATE_CODES,
  isRunningLike,
  type Application,
  type Instance,
  type Job,
  type Process,
} from '@supfleet/protocol';
import type { FleetState } from '@supfleet/core';
import type { XmlRpcStruct } from '@supfleet/supervisor-client';
import {
  INSTANCE_STATE_OF,
  SUPVISORS_APPLICATION_STATES,
  SUPVISORS_INSTANCE_STATES,
  SUPVISORS_STATES,
  codeOf,
  type SupvisorsState,
} from './supvisors-codes';

/**
 * The structures Supvisors 0.19 answers (its `serial()` methods), built from supfleet's fleet
 * state. Where supfleet has no equivalent, the nearest honest value is given (see docs/xmlrpc.md).
 */

/** Supvisors names an instance `host:port`; supfleet's id is what Supvisors calls the nick identifier. */
export function supvisorsIdentifier(instance: Pick<Instance, 'host' | 'port'>): string {
  return `${instance.host}:${instance.port}`;
}

/** Instance ids to Supvisors identifiers; `*` and names no instance has are kept as they are. */
function identifiersOf(state: FleetState, ids: readonly string[]): string[] {
  return ids.map((id) => {
    const instance = state.instances[id];
    return instance ? supvisorsIdentifier(instance) : id;
  });
}

/**
 * Python's time.monotonic() of the moment `epochMs`: on Linux, hrtime is the same CLOCK_MONOTONIC,
 * so a client on this host can compare it with its own clock, as with Supvisors.
 */
export function monotonicSeconds(epochMs: number = Date.now()): number {
  return Number(process.hrtime.bigint()) / 1e9 - (Date.now() - epochMs) / 1000;
}

/** Supvisors' FSM state, as far as supfleet has one: it syncs, then operates, unless a conflict waits. */
export function fleetSupvisorsState(state: FleetState): SupvisorsState {
  const instances = state.instanceOrder
    .map((id) => state.instances[id])
    .filter((i): i is Instance => i !== undefined);
  if (instances.length > 0 && instances.every((i) => i.state === 'UNKNOWN' || i.state === 'CHECKING')) {
    return 'SYNCHRONIZATION';
  }
  return conflictingProcesses(state).length > 0 ? 'CONCILIATION' : 'OPERATION';
}

/** Processes of managed applications running on several instances (SPEC section 7). */
export function conflictingProcesses(state: FleetState): Process[] {
  return sortedProcesses(state).filter((p) => p.conflict && state.applications[p.application]?.managed);
}

export function sortedProcesses(state: FleetState): Process[] {
  return Object.values(state.processes).sort((a, b) => a.namespec.localeCompare(b.namespec));
}

export function supvisorsStatePayload(state: FleetState, identifier: string, jobs: Job[]): XmlRpcStruct {
  const fsm = fleetSupvisorsState(state);
  const phases = new Set(
    jobs.filter((j) => j.state === 'running' && j.current !== null).map((j) => j.ranks[j.current!]?.phase),
  );
  const instances = state.instanceOrder
    .map((id) => state.instances[id])
    .filter((i): i is Instance => i !== undefined);
  return {
    identifier,
    nick_identifier: 'supfleet',
    now_monotonic: monotonicSeconds(),
    fsm_statecode: codeOf(SUPVISORS_STATES, fsm),
    fsm_statename: fsm,
    degraded_mode: instances.some((i) => i.state !== 'RUNNING'),
    discovery_mode: false,
    master_identifier: identifier,
    // supfleet runs every job itself, so it is the one instance with jobs in progress.
    starting_jobs: phases.has('start') ? [identifier] : [],
    stopping_jobs: phases.has('stop') ? [identifier] : [],
    instance_states: Object.fromEntries(
      instances.map((i) => [supvisorsIdentifier(i), INSTANCE_STATE_OF[i.state]]),
    ),
  };
}

export function instanceInfo(state: FleetState, instance: Instance): XmlRpcStruct {
  const supvisorsState = INSTANCE_STATE_OF[instance.state];
  const seen = instance.lastSeen ?? 0;
  return {
    identifier: supvisorsIdentifier(instance),
    nick_identifier: instance.id,
    node_name: instance.node,
    port: instance.port,
    statecode: codeOf(SUPVISORS_INSTANCE_STATES, supvisorsState),
    statename: supvisorsState,
    // supfleet polls supervisord; there is no remote Supvisors sending TICKs, hence no counters.
    remote_sequence_counter: 0,
    remote_mtime: 0,
    remote_time: seen / 1000,
    local_sequence_counter: 0,
    local_mtime: seen === 0 ? 0 : monotonicSeconds(seen),
    local_time: seen / 1000,
    loading: instance.loading,
    process_failure: Object.values(state.processes).some((p) =>
      p.instances.some(
        (info) =>
          info.instance === instance.id &&
          (info.state === 'FATAL' || (info.state === 'EXITED' && !info.expectedExit)),
      ),
    ),
  };
}

export function applicationInfo(application: Application): XmlRpcStruct {
  return {
    application_name: application.name,
    managed: application.managed,
    statecode: codeOf(SUPVISORS_APPLICATION_STATES, application.state),
    statename: application.state,
    major_failure: application.majorFailure,
    minor_failure: application.minorFailure,
  };
}

export function processInfo(state: FleetState, process: Process): XmlRpcStruct {
  const lastEvent = Math.max(0, ...process.instances.map((info) => info.updatedAt));
  return {
    application_name: process.application,
    process_name: process.name,
    statecode: PROCESS_STATE_CODES[process.state],
    statename: process.state,
    expected_exit: process.expectedExit,
    last_event_time: lastEvent === 0 ? 0 : monotonicSeconds(lastEvent),
    identifiers: identifiersOf(state, process.runningOn),
    // supfleet starts programs with their configured command only.
    extra_args: '',
  };
}

export function applicationRules(state: FleetState, application: Application): XmlRpcStruct {
  const rules = application.rules;
  if (!application.managed) return { application_name: application.name, managed: false };
  return {
    application_name: application.name,
    managed: true,
    distribution: rules.distribution,
    identifiers: identifiersOf(state, rules.identifiers),
    start_sequence: rules.startSequence,
    stop_sequence: rules.stopSequence,
    starting_strategy: rules.startingStrategy,
    starting_failure_strategy: rules.startingFailureStrategy,
    running_failure_strategy: rules.runningFailureStrategy,
    status_formula: rules.operationalStatus ?? '',
  };
}

export function processRules(state: FleetState, process: Process): XmlRpcStruct {
  const rules = process.rules;
  return {
    application_name: process.application,
    process_name: process.name,
    identifiers: identifiersOf(state, rules.identifiers),
    start_sequence: rules.startSequence,
    stop_sequence: rules.stopSequence,
    required: rules.required,
    wait_exit: rules.waitExit,
    expected_loading: rules.expectedLoading,
    starting_failure_strategy: rules.startingFailureStrategy,
    running_failure_strategy: rules.runningFailureStrategy,
  };
}

/** Supervisor's running states: what Supvisors' `running()` checks before a start or a stop. */
export function runningProcesses(processes: readonly Process[]): Process[] {
  return processes.filter((p) => isRunningLike(p.state));
}
