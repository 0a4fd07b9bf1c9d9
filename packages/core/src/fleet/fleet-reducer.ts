import type { Instance, ProcessOnInstance, SupervisordConfigInfo } from '@supfleet/protocol';
import { deepEqual } from './deep-equal';
import { deriveFleet } from './derive-fleet';
import type { FleetDraft } from './derive-fleet';
import { noChanges } from './fleet-state';
import type { FleetEvent, FleetReduction, FleetState, InstancePoll } from './fleet-state';
import { lostEntry, namespecOf, processEntry, unreportedEntry } from './process-entry';
import { unknownInstance } from './create-fleet';
import { agentListenerEntry, isAgentListener } from './agent-listener';

type EventOf<T extends FleetEvent['type']> = Extract<FleetEvent, { type: T }>;

/**
 * Every transition of the fleet is one event through here. Events about an instance that is
 * not configured, or an application that does not exist, change nothing.
 */
export function fleetReducer(state: FleetState, event: FleetEvent): FleetReduction {
  switch (event.type) {
    case 'instance:checking':
      return checking(state, event);
    case 'instance:synced':
      return synced(state, event);
    case 'instance:polled':
      return polled(state, [event]);
    case 'instances:polled':
      return polled(state, event.polls);
    case 'instance:not-answering':
      return notAnswering(state, event);
    case 'instance:silent':
      return silent(state, event);
    case 'instance:agent': {
      const instance = state.instances[event.instance];
      if (!instance || instance.agent === event.alive) return unchanged(state);
      return deriveFleet(state, withInstance(state, { ...instance, agent: event.alive }));
    }
    case 'instance:added':
      return added(state, event);
    case 'instance:removed':
      return removed(state, event);
    case 'rules:changed':
      return deriveFleet(state, { ...draft(state, []), rules: event.rules, rulesChanged: true });
    case 'programs:disabled':
      return programsDisabled(state, event);
    case 'job:changed':
      if (!state.applications[event.application]) return unchanged(state);
      return deriveFleet(state, {
        ...draft(state, []),
        jobs: new Map([
          [event.application, { id: event.jobId, phase: event.jobId ? (event.phase ?? null) : null }],
        ]),
      });
  }
}

/** Re-derives the processes whose disabled instances changed; their application may then change too. */
function programsDisabled(state: FleetState, event: EventOf<'programs:disabled'>): FleetReduction {
  const before = state.disabled ?? {};
  const namespecs = new Set([...Object.keys(before), ...Object.keys(event.disabled)]);
  const entries = new Map<string, ProcessOnInstance[]>();
  for (const namespec of namespecs) {
    const process = state.processes[namespec];
    if (process && !deepEqual(before[namespec] ?? [], event.disabled[namespec] ?? []))
      entries.set(namespec, process.instances);
  }
  return deriveFleet({ ...state, disabled: event.disabled }, { ...draft(state, []), entries });
}

function unchanged(state: FleetState): FleetReduction {
  return { state, changes: noChanges() };
}

function draft(state: FleetState, instancesTouched: string[]): FleetDraft {
  return {
    instances: state.instances,
    configs: state.configs,
    rules: state.rules,
    entries: new Map(),
    instancesTouched,
  };
}

function withInstance(state: FleetState, instance: Instance): FleetDraft {
  return { ...draft(state, [instance.id]), instances: { ...state.instances, [instance.id]: instance } };
}

function entriesWith(
  state: FleetState,
  namespec: string,
  instance: string,
  entry: ProcessOnInstance | null,
): ProcessOnInstance[] {
  const others = (state.processes[namespec]?.instances ?? []).filter(
    (candidate) => candidate.instance !== instance,
  );
  return entry ? [...others, entry] : others;
}

function added(state: FleetState, event: EventOf<'instance:added'>): FleetReduction {
  const id = event.instance.id;
  if (state.instances[id]) return unchanged(state);
  return deriveFleet(state, {
    ...withInstance(state, unknownInstance(event.instance)),
    instanceOrder: [...state.instanceOrder, id],
    configs: { ...state.configs, [id]: {} },
  });
}

/** The processes it defined lose their entry there; those defined nowhere else are removed. */
function removed(state: FleetState, event: EventOf<'instance:removed'>): FleetReduction {
  const id = event.instance;
  if (!state.instances[id]) return unchanged(state);
  const instances = { ...state.instances };
  delete instances[id];
  const configs = { ...state.configs };
  delete configs[id];
  const entries = new Map<string, ProcessOnInstance[]>();
  for (const namespec of Object.keys(state.configs[id] ?? {}))
    entries.set(namespec, entriesWith(state, namespec, id, null));
  const reduction = deriveFleet(state, {
    ...draft(state, []),
    instanceOrder: state.instanceOrder.filter((other) => other !== id),
    instances,
    configs,
    entries,
  });
  reduction.changes.removedInstances.push(id);
  return reduction;
}

/** Contact is being (re)made: the error is over, but nothing is known afresh until synced. */
function checking(state: FleetState, event: EventOf<'instance:checking'>): FleetReduction {
  const instance = state.instances[event.instance];
  if (!instance) return unchanged(state);
  return deriveFleet(state, withInstance(state, { ...instance, state: 'CHECKING', error: null }));
}

/** A full read replaces everything known about the instance: its configs and all its processes. */
function synced(state: FleetState, event: EventOf<'instance:synced'>): FleetReduction {
  const id = event.instance;
  const instance = state.instances[id];
  if (!instance) return unchanged(state);
  const defined: Record<string, SupervisordConfigInfo> = {};
  // A config not in use (read by `reread` but not yet `update`d) cannot be started there.
  for (const config of event.configs) {
    if (config.inuse !== false) defined[namespecOf(config.group, config.name)] = config;
  }
  const reported = new Map(event.processes.map((info) => [namespecOf(info.group, info.name), info]));
  const listenerInfo = event.processes.find((info) =>
    isAgentListener(defined[namespecOf(info.group, info.name)]),
  );
  const entries = new Map<string, ProcessOnInstance[]>();
  for (const namespec of new Set([...Object.keys(state.configs[id] ?? {}), ...Object.keys(defined)])) {
    const config = defined[namespec];
    const info = reported.get(namespec);
    const entry = config ? (info ? processEntry(id, info, config) : unreportedEntry(id)) : null;
    entries.set(namespec, entriesWith(state, namespec, id, entry));
  }
  const next: Instance = {
    ...instance,
    state: 'RUNNING',
    lastSeen: event.at,
    error: null,
    silentSince: null,
    lost: false,
    identification: event.identification,
    listener: listenerInfo ? agentListenerEntry(listenerInfo) : null,
  };
  return deriveFleet(state, {
    ...withInstance(state, next),
    configs: { ...state.configs, [id]: defined },
    entries,
  });
}

/**
 * Polls count only on a RUNNING instance: before its sync (or after it fell SILENT) the
 * configs are not known to be current, and the next sync brings everything anyway.
 * A process no config of the instance knows is ignored until that sync (see pollNeedsResync).
 * Several polls are one derivation: a burst of re-reads costs one pass over the applications.
 */
function polled(state: FleetState, polls: readonly InstancePoll[]): FleetReduction {
  const seen: Record<string, Instance> = {};
  const touched: string[] = [];
  const entries = new Map<string, ProcessOnInstance[]>();
  let listenerChanged = false;
  for (const { instance: id, at, processes } of polls) {
    const instance = seen[id] ?? state.instances[id];
    if (!instance || instance.state !== 'RUNNING') continue;
    const configs = state.configs[id] ?? {};
    let listener = instance.listener;
    for (const info of processes) {
      const namespec = namespecOf(info.group, info.name);
      const config = configs[namespec];
      if (!config) continue;
      if (isAgentListener(config)) {
        const entry = agentListenerEntry(info);
        if (!deepEqual(listener ?? null, entry)) {
          listener = entry;
          listenerChanged = true;
        }
        continue;
      }
      const entry = processEntry(id, info, config);
      const current = entries.get(namespec) ?? state.processes[namespec]?.instances ?? [];
      const known = current.find((candidate) => candidate.instance === id);
      if (known && deepEqual(known, entry)) continue;
      entries.set(namespec, [...current.filter((candidate) => candidate.instance !== id), entry]);
    }
    seen[id] =
      listener === instance.listener
        ? { ...instance, lastSeen: at }
        : { ...instance, lastSeen: at, listener };
    touched.push(id);
  }
  if (touched.length === 0) return unchanged(state);
  const instances = { ...state.instances, ...seen };
  // Most polls (and every liveness probe) change nothing: only lastSeen moves, which is no push.
  if (entries.size === 0 && !listenerChanged) return unchanged({ ...state, instances });
  return deriveFleet(state, { ...draft(state, touched), instances, entries });
}

/** Each process entry of the instance through `change`; only the processes that changed are kept. */
function entriesOn(
  state: FleetState,
  id: string,
  change: (entry: ProcessOnInstance) => ProcessOnInstance,
): Map<string, ProcessOnInstance[]> {
  const entries = new Map<string, ProcessOnInstance[]>();
  for (const namespec of Object.keys(state.configs[id] ?? {})) {
    const process = state.processes[namespec];
    if (!process) continue;
    const next = process.instances.map((entry) => (entry.instance === id ? change(entry) : entry));
    if (next.some((entry, index) => entry !== process.instances[index])) entries.set(namespec, next);
  }
  return entries;
}

/**
 * The instance answers nothing, but is not confirmed lost: SILENT, its processes as last known,
 * marked stale. Nothing is FATAL, so no running failure strategy fires. One never reached stays
 * UNKNOWN (SILENT would claim it once answered).
 */
function notAnswering(state: FleetState, event: EventOf<'instance:not-answering'>): FleetReduction {
  const id = event.instance;
  const instance = state.instances[id];
  if (!instance || instance.lost) return unchanged(state);
  const entries = entriesOn(state, id, (entry) =>
    entry.staleSince === undefined ? { ...entry, staleSince: event.since } : entry,
  );
  const next: Instance = {
    ...instance,
    state: instance.state === 'UNKNOWN' ? 'UNKNOWN' : 'SILENT',
    error: event.error,
    silentSince: event.since,
  };
  return deriveFleet(state, { ...withInstance(state, next), entries });
}

/**
 * The instance is lost. One never reached stays UNKNOWN (with the error). What ran there is
 * FATAL (SPEC section 2).
 */
function silent(state: FleetState, event: EventOf<'instance:silent'>): FleetReduction {
  const id = event.instance;
  const instance = state.instances[id];
  if (!instance) return unchanged(state);
  const entries = entriesOn(state, id, (entry) => lostEntry(entry, event.at));
  const next: Instance = {
    ...instance,
    state: instance.state === 'UNKNOWN' ? 'UNKNOWN' : 'SILENT',
    error: event.error,
    silentSince: instance.silentSince ?? event.since ?? event.at,
    lost: true,
  };
  return deriveFleet(state, { ...withInstance(state, next), entries });
}
