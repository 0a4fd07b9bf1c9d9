import type { ApplicationRules, Process, StartingStrategy } from '@supfleet/protocol';
import type { FleetState } from '../fleet/fleet-state';
import { instanceLoad, nodeLoad } from './instance-load';
import type { PendingLoad } from './instance-load';

export type Choice = { ok: true; instance: string } | { ok: false; reason: string };

export interface ChooseOptions {
  /** An explicit request for this instance: checked like any candidate, never overridden. */
  instance?: string;
  /** The node of the service, for the LOCAL strategy. */
  localNode?: string;
  pendingLoad?: PendingLoad;
  /**
   * Processes this job has already placed (namespec → instance) that may not run yet, or no
   * longer (a wait_exit process): they pin a SINGLE_INSTANCE / SINGLE_NODE application too.
   */
  placed?: Readonly<Record<string, string>>;
}

/** Why an instance is not a candidate, in one word a page or a script can act on. */
export type RefusalKind =
  'unknown' | 'not-running' | 'not-defined' | 'not-allowed' | 'disabled' | 'pinned' | 'over-capacity';

export interface Verdict {
  instance: string;
  /** Null when the instance is a candidate. */
  refusal: { kind: RefusalKind; reason: string } | null;
}

function refuse(reason: string): Choice {
  return { ok: false, reason };
}

function allows(identifiers: readonly string[], instance: string): boolean {
  return identifiers.includes('*') || identifiers.includes(instance);
}

/**
 * Where the rest of a non-distributed application already runs, or was just placed, pins the
 * others: one instance for SINGLE_INSTANCE, one node for SINGLE_NODE.
 */
function distributionRefusal(
  fleet: FleetState,
  process: Process,
  rules: ApplicationRules,
  instance: string,
  placed: Readonly<Record<string, string>>,
): string | null {
  if (rules.distribution === 'ALL_INSTANCES') return null;
  const node = fleet.instances[instance]?.node;
  for (const sibling of Object.values(fleet.processes)) {
    if (sibling.application !== process.application || sibling.namespec === process.namespec) continue;
    const placedOn = placed[sibling.namespec];
    for (const where of placedOn === undefined ? sibling.runningOn : [...sibling.runningOn, placedOn]) {
      if (rules.distribution === 'SINGLE_INSTANCE' && where !== instance) {
        return `${process.application} is SINGLE_INSTANCE and already runs on ${where}`;
      }
      const whereNode = fleet.instances[where]?.node;
      if (rules.distribution === 'SINGLE_NODE' && whereNode !== node) {
        return `${process.application} is SINGLE_NODE and already runs on node ${whereNode ?? where}`;
      }
    }
  }
  return null;
}

/** Why `instance` is not a candidate for the process (SPEC section 5), or null when it is. */
function classify(
  fleet: FleetState,
  process: Process,
  rules: ApplicationRules,
  instance: string,
  pendingLoad: PendingLoad,
  placed: Readonly<Record<string, string>>,
): Verdict['refusal'] {
  const no = (kind: RefusalKind, reason: string) => ({ kind, reason });
  const state = fleet.instances[instance]?.state;
  if (state === undefined) return no('unknown', `unknown instance ${instance}`);
  if (state !== 'RUNNING') return no('not-running', `${instance} is ${state}`);
  if (!fleet.configs[instance]?.[process.namespec])
    return no('not-defined', `${process.namespec} is not defined on ${instance}`);
  if (!allows(process.rules.identifiers, instance))
    return no('not-allowed', `${process.namespec} is not allowed by identifiers on ${instance}`);
  if (rules.distribution !== 'ALL_INSTANCES' && !allows(rules.identifiers, instance)) {
    return no(
      'not-allowed',
      `${process.namespec} is not allowed by the identifiers of ${process.application} on ${instance}`,
    );
  }
  // A user's decision, kept by the service: honoured by every start, automatic or not.
  if (process.disabledOn?.includes(instance))
    return no('disabled', `${process.namespec} is disabled on ${instance}`);
  const pinned = distributionRefusal(fleet, process, rules, instance, placed);
  if (pinned) return no('pinned', pinned);
  const load = instanceLoad(fleet, instance, pendingLoad) + process.rules.expectedLoading;
  if (load > 100) return no('over-capacity', `would load ${instance} to ${load}%`);
  return null;
}

function refusal(...args: Parameters<typeof classify>): string | null {
  return classify(...args)?.reason ?? null;
}

/**
 * Every instance in the preference order of the process, with why it is refused, if it is: what a
 * dry run shows. Empty for an unknown process.
 */
export function instanceVerdicts(
  fleet: FleetState,
  namespec: string,
  opts: Pick<ChooseOptions, 'pendingLoad' | 'placed'> = {},
): Verdict[] {
  const process = fleet.processes[namespec];
  if (!process) return [];
  const rules =
    fleet.applications[process.application]?.rules ?? fleet.rules.applicationRules(process.application);
  return preferenceOrder(fleet, process.rules.identifiers).map((instance) => ({
    instance,
    refusal: classify(fleet, process, rules, instance, opts.pendingLoad ?? {}, opts.placed ?? {}),
  }));
}

/** Explicit identifiers are a preference order (CONFIG follows it); '*' means the configured order. */
function preferenceOrder(fleet: FleetState, identifiers: readonly string[]): string[] {
  if (identifiers.includes('*')) return fleet.instanceOrder;
  const listed = identifiers.filter((id) => fleet.instances[id] !== undefined);
  return [...new Set([...listed, ...fleet.instanceOrder])];
}

function noCandidate(namespec: string, refusals: { instance: string; reason: string }[]): string {
  const undefinedOn = refusals.filter((r) => r.reason === `${namespec} is not defined on ${r.instance}`);
  const others = refusals.filter((r) => !undefinedOn.includes(r));
  const parts = others.map((r) => r.reason);
  if (undefinedOn.length > 0) parts.push(`not defined on ${undefinedOn.map((r) => r.instance).join(', ')}`);
  return `no instance can start ${namespec}: ${parts.join('; ')}`;
}

/** The first best by `score` (higher wins); a tie keeps the earlier one in preference order. */
function best(ids: readonly string[], score: (id: string) => number): string | undefined {
  let chosen: string | undefined;
  let chosenScore = -Infinity;
  for (const id of ids) {
    const value = score(id);
    if (chosen === undefined || value > chosenScore) {
      chosen = id;
      chosenScore = value;
    }
  }
  return chosen;
}

function applyStrategy(
  fleet: FleetState,
  candidates: string[],
  strategy: StartingStrategy,
  opts: ChooseOptions,
  namespec: string,
): Choice {
  const pending = opts.pendingLoad ?? {};
  const load = (id: string): number => instanceLoad(fleet, id, pending);
  const nodeOf = (id: string): string => fleet.instances[id]?.node ?? id;
  let chosen: string | undefined;
  switch (strategy) {
    case 'CONFIG':
      chosen = candidates[0];
      break;
    case 'LESS_LOADED':
      chosen = best(candidates, (id) => -load(id));
      break;
    case 'MOST_LOADED':
      chosen = best(candidates, (id) => load(id));
      break;
    case 'LESS_LOADED_NODE':
    case 'MOST_LOADED_NODE': {
      const sign = strategy === 'LESS_LOADED_NODE' ? -1 : 1;
      const nodes = [...new Set(candidates.map(nodeOf))];
      const node = best(nodes, (name) => sign * nodeLoad(fleet, name, pending));
      chosen = best(
        candidates.filter((id) => nodeOf(id) === node),
        (id) => sign * load(id),
      );
      break;
    }
    case 'LOCAL':
      if (opts.localNode === undefined) return refuse('the LOCAL strategy needs the node of the service');
      chosen = candidates.find((id) => nodeOf(id) === opts.localNode);
      if (chosen === undefined) {
        return refuse(
          `no candidate for ${namespec} on the local node ${opts.localNode} (candidates: ${candidates.join(', ')})`,
        );
      }
      break;
  }
  return chosen === undefined ? refuse(`no instance can start ${namespec}`) : { ok: true, instance: chosen };
}

/**
 * Where to start a process (SPEC section 5). A refusal says why in words a user can act on;
 * nothing may be started when the answer is not ok (scenario Req 4).
 */
export function chooseInstance(
  fleet: FleetState,
  namespec: string,
  strategy: StartingStrategy,
  opts: ChooseOptions = {},
): Choice {
  const process = fleet.processes[namespec];
  if (!process) return refuse(`unknown process ${namespec}`);
  if (process.runningOn.length > 0)
    return refuse(`${namespec} is already running on ${process.runningOn.join(', ')}`);
  const stopping = process.instances.filter((entry) => entry.state === 'STOPPING');
  if (stopping.length > 0) {
    return refuse(`${namespec} is still stopping on ${stopping.map((entry) => entry.instance).join(', ')}`);
  }
  const rules =
    fleet.applications[process.application]?.rules ?? fleet.rules.applicationRules(process.application);
  const pending = opts.pendingLoad ?? {};
  const placed = opts.placed ?? {};
  if (opts.instance !== undefined) {
    const reason = refusal(fleet, process, rules, opts.instance, pending, placed);
    return reason === null ? { ok: true, instance: opts.instance } : refuse(reason);
  }
  const verdicts = preferenceOrder(fleet, process.rules.identifiers).map((instance) => ({
    instance,
    reason: refusal(fleet, process, rules, instance, pending, placed),
  }));
  const candidates = verdicts.filter((v) => v.reason === null).map((v) => v.instance);
  if (candidates.length === 0) {
    return refuse(
      noCandidate(
        namespec,
        verdicts.flatMap((v) => (v.reason === null ? [] : [{ instance: v.instance, reason: v.reason }])),
      ),
    );
  }
  return applyStrategy(fleet, candidates, strategy, opts, namespec);
}
