import { isRunningLike } from '@supfleet/protocol';
import type {
  Application,
  ApplicationRules,
  Instance,
  JobPhase,
  Process,
  ProcessOnInstance,
  SupervisordConfigInfo,
} from '@supfleet/protocol';
import { applicationStatus } from '../status/application-status';
import { isAgentListener } from './agent-listener';
import { buildProcess } from './build-process';
import { deepEqual } from './deep-equal';
import { noChanges } from './fleet-state';
import type { FleetReduction, FleetState } from './fleet-state';
import { splitNamespec, unreportedEntry } from './process-entry';
import type { RulesResolver } from './rules-resolver';

/** The raw facts after one event; deriveFleet turns them into DTOs and the list of changes. */
export interface FleetDraft {
  /** When the instances themselves change (a reload); the previous order otherwise. */
  instanceOrder?: string[];
  instances: Record<string, Instance>;
  configs: Record<string, Record<string, SupervisordConfigInfo>>;
  rules: RulesResolver;
  /** New per-instance entries of the processes the event may have changed (any instance order). */
  entries: Map<string, ProcessOnInstance[]>;
  /** Instances whose DTO or load the event may have changed. */
  instancesTouched: string[];
  /** The rules changed: every rule is resolved again and everything is re-derived. */
  rulesChanged?: boolean;
  /** application -> its job and what the job does now, from a job:changed event. */
  jobs?: Map<string, { id: string | null; phase: JobPhase | null }>;
}

/** lastSeen moves with every poll; alone it is not worth a push (the snapshot carries it). */
function sameInstance(a: Instance, b: Instance): boolean {
  return deepEqual({ ...a, lastSeen: null }, { ...b, lastSeen: null });
}

export function deriveFleet(prev: FleetState, draft: FleetDraft): FleetReduction {
  const changes = noChanges();
  const rulesChanged = draft.rulesChanged === true;
  const instanceOrder = draft.instanceOrder ?? prev.instanceOrder;

  const applicationRules = new Map<string, ApplicationRules>();
  const rulesOf = (application: string): ApplicationRules => {
    let rules = applicationRules.get(application);
    if (!rules) {
      const known = prev.applications[application];
      rules = !rulesChanged && known ? known.rules : draft.rules.applicationRules(application);
      applicationRules.set(application, rules);
    }
    return rules;
  };

  // Copy-on-write: a poll that changes nothing must not copy hundreds of processes.
  let processes = prev.processes;
  const writableProcesses = (): Record<string, Process> => {
    if (processes === prev.processes) processes = { ...prev.processes };
    return processes;
  };
  const touchedApplications = new Set<string>();
  const namespecs = rulesChanged
    ? new Set([...Object.keys(prev.processes), ...draft.entries.keys()])
    : draft.entries.keys();
  for (const namespec of namespecs) {
    const before = prev.processes[namespec];
    const { application, name } = splitNamespec(namespec);
    // The agent's listener is shown on its instance, not as a process of an application.
    const definedOn = instanceOrder.filter((id) => {
      const config = draft.configs[id]?.[namespec];
      return config !== undefined && !isAgentListener(config);
    });
    if (definedOn.length === 0) {
      if (before) {
        delete writableProcesses()[namespec];
        changes.removedProcesses.push(namespec);
        touchedApplications.add(application);
      }
      continue;
    }
    const given = draft.entries.get(namespec) ?? before?.instances ?? [];
    const entries = definedOn.map(
      (id) => given.find((entry) => entry.instance === id) ?? unreportedEntry(id),
    );
    const rules = rulesChanged || !before ? draft.rules.programRules(application, name) : before.rules;
    const process = buildProcess({
      namespec,
      application,
      name,
      entries,
      definedOn,
      rules,
      managed: rulesOf(application).managed,
      disabledOn: prev.disabled?.[namespec]?.filter((id) => definedOn.includes(id)),
    });
    if (before && deepEqual(before, process)) continue;
    writableProcesses()[namespec] = process;
    changes.processes.push(namespec);
    touchedApplications.add(application);
  }

  const instances = { ...draft.instances };
  for (const id of rulesChanged ? instanceOrder : new Set(draft.instancesTouched)) {
    const instance = instances[id];
    if (!instance) continue;
    const loading = instanceLoading(id, draft.configs[id] ?? {}, processes);
    const next = instance.loading === loading ? instance : { ...instance, loading };
    instances[id] = next;
    const before = prev.instances[id];
    if (!before || !sameInstance(before, next)) changes.instances.push(id);
  }

  let applications = prev.applications;
  const writableApplications = (): Record<string, Application> => {
    if (applications === prev.applications) applications = { ...prev.applications };
    return applications;
  };
  const targets = new Set([...touchedApplications, ...(draft.jobs?.keys() ?? [])]);
  if (rulesChanged) Object.keys(prev.applications).forEach((name) => targets.add(name));
  if (targets.size > 0) {
    const byApplication = groupByApplication(processes);
    for (const name of targets) {
      const members = byApplication.get(name) ?? [];
      const before = prev.applications[name];
      if (members.length === 0) {
        if (before) {
          delete writableApplications()[name];
          changes.removedApplications.push(name);
        }
        continue;
      }
      const rules = rulesOf(name);
      const job = draft.jobs?.get(name) ?? {
        id: before?.jobId ?? null,
        phase: before?.jobPhase ?? null,
      };
      const next: Application = {
        name,
        managed: rules.managed,
        ...applicationStatus(rules, members, job.phase),
        rules,
        jobId: job.id,
        jobPhase: job.phase,
      };
      if (before && deepEqual(before, next)) continue;
      writableApplications()[name] = next;
      changes.applications.push(name);
    }
  }

  return {
    state: {
      instanceOrder,
      instances,
      processes,
      applications,
      configs: draft.configs,
      rules: draft.rules,
      ...(prev.disabled ? { disabled: prev.disabled } : {}),
    },
    changes,
  };
}

/** Sum of expected_loading of the processes running-like on that instance. */
function instanceLoading(
  id: string,
  configs: Record<string, SupervisordConfigInfo>,
  processes: Record<string, Process>,
): number {
  let loading = 0;
  for (const namespec of Object.keys(configs)) {
    const process = processes[namespec];
    const entry = process?.instances.find((candidate) => candidate.instance === id);
    if (process && entry && isRunningLike(entry.state)) loading += process.rules.expectedLoading;
  }
  return loading;
}

function groupByApplication(processes: Record<string, Process>): Map<string, Process[]> {
  const groups = new Map<string, Process[]>();
  for (const process of Object.values(processes)) {
    const group = groups.get(process.application);
    if (group) group.push(process);
    else groups.set(process.application, [process]);
  }
  return groups;
}
