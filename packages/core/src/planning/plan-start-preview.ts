import {
  isRunningLike,
  type PlannedProcess,
  type Process,
  type StartPlan,
  type StartingStrategy,
} from '@supfleet/protocol';
import type { FleetState } from '../fleet/fleet-state';
import { chooseInstance, instanceVerdicts } from './choose-instance';
import { instanceLoad, nodeLoad } from './instance-load';
import { planApplicationStart, type Stage } from './plan-application';

export interface PreviewOptions {
  localNode?: string;
  /** restart: the plan of the start that follows the stop, as if the target were stopped. */
  action?: 'start' | 'restart';
}

/**
 * The dry run of a start (Supvisors' test_start_application / test_start_process): the ranks the
 * job would follow, the instance each process would get and why, and why the others are refused.
 * Pure: it reads the fleet, starts nothing, and places processes as the executor would (a stage's
 * load adds up, placed processes pin a non-distributed application).
 */
export function planStartPreview(
  fleet: FleetState,
  target: StartPlan['target'],
  strategy: StartingStrategy,
  opts: PreviewOptions = {},
): StartPlan {
  const action = opts.action ?? 'start';
  const namespecs =
    target.type === 'application'
      ? null
      : Object.values(fleet.processes)
          .filter((p) =>
            target.name.endsWith(':*')
              ? p.application === target.name.slice(0, -2)
              : p.namespec === target.name,
          )
          .map((p) => p.namespec)
          .sort();
  const stopped = new Set(
    action === 'restart'
      ? (namespecs ??
          Object.values(fleet.processes)
            .filter((p) => p.application === target.name)
            .map((p) => p.namespec))
      : [],
  );
  const state = stopped.size > 0 ? asIfStopped(fleet, stopped) : fleet;
  const stages: Stage[] =
    namespecs === null
      ? planApplicationStart(state, target.name)
      : // A process start has one stage and ignores wait_exit, as in Supvisors.
        [{ rank: 0, processes: namespecs.map((namespec) => ({ namespec, waitExit: false })) }];

  const placed: Record<string, string> = {};
  // Load of what earlier ranks started and that still runs when the next rank starts.
  const carried: Record<string, number> = {};
  const ranks = stages.map((stage) => {
    const pendingLoad: Record<string, number> = { ...carried };
    const processes = stage.processes.map(({ namespec, waitExit }): PlannedProcess => {
      const process = state.processes[namespec]!;
      const planned = planOne(state, process, waitExit, strategy, opts.localNode, pendingLoad, placed);
      if (planned.outcome === 'planned' && planned.instance !== null) {
        pendingLoad[planned.instance] = (pendingLoad[planned.instance] ?? 0) + process.rules.expectedLoading;
        placed[namespec] = planned.instance;
        if (!waitExit)
          carried[planned.instance] = (carried[planned.instance] ?? 0) + process.rules.expectedLoading;
      }
      return planned;
    });
    const first = stage.processes[0];
    const application = first ? (state.processes[first.namespec]?.application ?? target.name) : target.name;
    return { rank: stage.rank, application, processes };
  });
  return {
    target,
    action,
    strategy,
    feasible: ranks.every((rank) => rank.processes.every((p) => p.outcome !== 'refused')),
    ranks,
  };
}

function planOne(
  fleet: FleetState,
  process: Process,
  waitExit: boolean,
  strategy: StartingStrategy,
  localNode: string | undefined,
  pendingLoad: Record<string, number>,
  placed: Record<string, string>,
): PlannedProcess {
  const verdicts = instanceVerdicts(fleet, process.namespec, { pendingLoad, placed });
  const base = {
    namespec: process.namespec,
    application: process.application,
    name: process.name,
    waitExit,
    required: process.rules.required,
    candidates: verdicts.filter((v) => v.refusal === null).map((v) => v.instance),
    refusals: verdicts.flatMap((v) => (v.refusal ? [{ instance: v.instance, ...v.refusal }] : [])),
  };
  if (isRunningLike(process.state)) {
    return {
      ...base,
      outcome: 'running',
      instance: process.instance,
      reason: `already running on ${process.runningOn.join(', ')}`,
    };
  }
  const choice = chooseInstance(fleet, process.namespec, strategy, { localNode, pendingLoad, placed });
  if (!choice.ok) return { ...base, outcome: 'refused', instance: null, reason: choice.reason };
  return {
    ...base,
    outcome: 'planned',
    instance: choice.instance,
    reason: strategyReason(fleet, strategy, choice.instance, base.candidates, pendingLoad),
  };
}

/** Why the strategy picked this instance among the candidates, in words. */
function strategyReason(
  fleet: FleetState,
  strategy: StartingStrategy,
  chosen: string,
  candidates: string[],
  pendingLoad: Record<string, number>,
): string {
  if (candidates.length === 1) return `${strategy}: the only instance that defines and allows it`;
  const load = `${instanceLoad(fleet, chosen, pendingLoad)}%`;
  const node = fleet.instances[chosen]?.node ?? chosen;
  switch (strategy) {
    case 'CONFIG':
      return `CONFIG: first of ${candidates.join(', ')} in the rules' order`;
    case 'LESS_LOADED':
      return `LESS_LOADED: least loaded of ${candidates.join(', ')} (${load})`;
    case 'MOST_LOADED':
      return `MOST_LOADED: most loaded of ${candidates.join(', ')} under 100% (${load})`;
    case 'LOCAL':
      return `LOCAL: on the local node ${node}`;
    case 'LESS_LOADED_NODE':
    case 'MOST_LOADED_NODE':
      return `${strategy}: node ${node} (${nodeLoad(fleet, node, pendingLoad)}%), then ${chosen} (${load})`;
  }
}

/** The fleet as the start half of a restart finds it: the target's processes stopped, their load gone. */
function asIfStopped(fleet: FleetState, namespecs: ReadonlySet<string>): FleetState {
  const processes = { ...fleet.processes };
  const instances = { ...fleet.instances };
  for (const namespec of namespecs) {
    const process = processes[namespec];
    if (!process) continue;
    for (const id of process.runningOn) {
      const instance = instances[id];
      if (instance)
        instances[id] = { ...instance, loading: instance.loading - process.rules.expectedLoading };
    }
    processes[namespec] = {
      ...process,
      state: 'STOPPED',
      runningOn: [],
      conflict: false,
      instances: process.instances.map((entry) => ({ ...entry, state: 'STOPPED' })),
    };
  }
  return { ...fleet, processes, instances };
}
