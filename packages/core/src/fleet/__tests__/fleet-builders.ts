/** Small builders for fleets in tests: fleets are made by the reducer itself, from events. */
import { DEFAULT_PROGRAM_RULES, PROCESS_STATE_CODES, UNMANAGED_APPLICATION_RULES } from '@supfleet/protocol';
import type {
  ApplicationRules,
  InstanceState,
  ProcessState,
  ProgramRules,
  SupervisordConfigInfo,
  SupervisordProcessInfo,
} from '@supfleet/protocol';
import { createFleet } from '../create-fleet';
import { fleetReducer } from '../fleet-reducer';
import { noChanges } from '../fleet-state';
import type { FleetChanges, FleetEvent, FleetState } from '../fleet-state';
import type { RulesResolver } from '../rules-resolver';

export const T0 = 1_700_000_000_000;

export interface RulesSpec {
  /** Applications listed here are managed. */
  applications?: Record<string, Partial<ApplicationRules>>;
  /** By namespec; stop_sequence defaults to start_sequence as in the rules file. */
  programs?: Record<string, Partial<ProgramRules>>;
}

export function rulesStub(spec: RulesSpec = {}): RulesResolver {
  return {
    applicationRules(application) {
      const rules = spec.applications?.[application];
      if (!rules) return UNMANAGED_APPLICATION_RULES;
      const startSequence = rules.startSequence ?? 0;
      return {
        ...UNMANAGED_APPLICATION_RULES,
        managed: true,
        startSequence,
        stopSequence: startSequence,
        ...rules,
      };
    },
    programRules(application, program) {
      const rules = spec.programs?.[`${application}:${program}`] ?? {};
      const startSequence = rules.startSequence ?? 0;
      return { ...DEFAULT_PROGRAM_RULES, startSequence, stopSequence: startSequence, ...rules };
    },
  };
}

export interface InfoOptions {
  start?: number;
  stop?: number;
  exitstatus?: number;
  pid?: number;
  description?: string;
  spawnerr?: string;
}

function split(namespec: string): { group: string; name: string } {
  const [group = namespec, name = namespec] = namespec.split(':');
  return { group, name };
}

export function info(
  namespec: string,
  state: ProcessState,
  options: InfoOptions = {},
): SupervisordProcessInfo {
  const running = state === 'RUNNING' || state === 'STARTING' || state === 'BACKOFF';
  const start = options.start ?? 100;
  return {
    ...split(namespec),
    description: options.description ?? (state === 'RUNNING' ? 'pid 42, uptime 0:00:05' : ''),
    start,
    stop: options.stop ?? (running ? 0 : start + 10),
    now: 1000,
    state: PROCESS_STATE_CODES[state],
    statename: state,
    spawnerr: options.spawnerr ?? '',
    exitstatus: options.exitstatus ?? 0,
    logfile: '',
    stdout_logfile: '',
    stderr_logfile: '',
    pid: options.pid ?? (running ? 42 : 0),
  };
}

export function config(
  namespec: string,
  options: { exitcodes?: number[]; inuse?: boolean } = {},
): SupervisordConfigInfo {
  return {
    ...split(namespec),
    autostart: false,
    autorestart: false,
    command: '/bin/true',
    exitcodes: options.exitcodes ?? [0],
    startsecs: 1,
    stopwaitsecs: 10,
    priority: 999,
    inuse: options.inuse ?? true,
  };
}

export type ProcessSpec = ProcessState | ({ state: ProcessState; exitcodes?: number[] } & InfoOptions);

export interface FleetSpec {
  /** In configured order; node defaults to the id. */
  instances: (string | { id: string; node?: string; state?: InstanceState })[];
  /** namespec -> instance -> what that instance says; an instance not listed does not define it. */
  processes?: Record<string, Record<string, ProcessSpec>>;
  rules?: RulesSpec;
}

function specOf(process: ProcessSpec): { state: ProcessState; exitcodes?: number[] } & InfoOptions {
  return typeof process === 'string' ? { state: process } : process;
}

/** The events that bring one instance to what the spec says about it. */
export function syncEvent(spec: FleetSpec, instance: string, at = T0): FleetEvent {
  const defined = Object.entries(spec.processes ?? {}).flatMap(([namespec, where]) => {
    const process = where[instance];
    return process === undefined ? [] : [{ namespec, process: specOf(process) }];
  });
  return {
    type: 'instance:synced',
    instance,
    at,
    identification: `supervisor-${instance}`,
    configs: defined.map(({ namespec, process }) => config(namespec, { exitcodes: process.exitcodes })),
    processes: defined.map(({ namespec, process }) => info(namespec, process.state, process)),
  };
}

export function buildFleet(spec: FleetSpec): FleetState {
  const instances = spec.instances.map((entry, index) => {
    const { id, node, state } =
      typeof entry === 'string' ? { id: entry, node: undefined, state: undefined } : entry;
    return { id, node: node ?? id, state: state ?? 'RUNNING', port: 61000 + index };
  });
  let fleet = createFleet(
    instances.map(({ id, node, port }) => ({ id, node, port, host: 'localhost' })),
    rulesStub(spec.rules),
  );
  for (const { id, state } of instances) {
    if (state === 'UNKNOWN') continue;
    const events: FleetEvent[] = [{ type: 'instance:checking', instance: id, at: T0 }, syncEvent(spec, id)];
    if (state === 'SILENT')
      events.push({ type: 'instance:silent', instance: id, at: T0 + 1, error: 'connection refused' });
    if (state === 'CHECKING') events.push({ type: 'instance:checking', instance: id, at: T0 + 1 });
    fleet = reduceAll(fleet, events).state;
  }
  return fleet;
}

/** Applies events in order; `changes` are those of the last one. */
export function reduceAll(
  state: FleetState,
  events: FleetEvent[],
): { state: FleetState; changes: FleetChanges } {
  let result = { state, changes: noChanges() };
  for (const event of events) result = fleetReducer(result.state, event);
  return result;
}
