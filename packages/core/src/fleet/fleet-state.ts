import type {
  Application,
  JobPhase,
  Instance,
  Process,
  SupervisordConfigInfo,
  SupervisordProcessInfo,
} from '@supfleet/protocol';
import type { RulesResolver } from './rules-resolver';

export interface InstanceConfig {
  id: string;
  host: string;
  port: number;
  node: string;
}

/** Plain immutable data: a reduction makes new objects for what changed and shares the rest. */
export interface FleetState {
  instanceOrder: string[];
  instances: Record<string, Instance>;
  /** Keyed by namespec "group:name". */
  processes: Record<string, Process>;
  applications: Record<string, Application>;
  /** instance -> namespec -> config, only the programs that instance's supervisord has in use. */
  configs: Record<string, Record<string, SupervisordConfigInfo>>;
  rules: RulesResolver;
  /** namespec -> instances where a user disabled it (kept by the service's database). */
  disabled?: Readonly<Record<string, readonly string[]>>;
}

/** What one poll of one instance read. */
export interface InstancePoll {
  instance: string;
  at: number;
  processes: SupervisordProcessInfo[];
}

/** `at` is epoch ms, given by whoever saw the event: the model never reads a clock. */
export type FleetEvent =
  | { type: 'instance:checking'; instance: string; at: number }
  | {
      type: 'instance:synced';
      instance: string;
      at: number;
      identification: string;
      configs: SupervisordConfigInfo[];
      processes: SupervisordProcessInfo[];
    }
  | { type: 'instance:polled'; instance: string; at: number; processes: SupervisordProcessInfo[] }
  /** Polls of several instances taken as one change (the re-reads of one turn): one derivation. */
  | { type: 'instances:polled'; polls: InstancePoll[] }
  /** Nothing answered for silent_after: SILENT, its processes kept as last known (stale) since `since`. */
  | { type: 'instance:not-answering'; instance: string; at: number; since: number; error: string }
  /** Lost (refused, or nothing for lost_after): SILENT, and what ran there is FATAL. */
  | { type: 'instance:silent'; instance: string; at: number; error: string; since?: number }
  /** The instance's node agent started or stopped sending heartbeats. */
  | { type: 'instance:agent'; instance: string; alive: boolean }
  | { type: 'rules:changed'; rules: RulesResolver }
  /** The whole list of disabled programs (namespec -> instances), as the database holds it. */
  | { type: 'programs:disabled'; disabled: Readonly<Record<string, readonly string[]>> }
  /** A reload of the [supfleet] section added an instance (UNKNOWN until its monitor reaches it). */
  | { type: 'instance:added'; instance: InstanceConfig }
  /** A reload removed an instance: what it defined is gone with it. */
  | { type: 'instance:removed'; instance: string }
  | { type: 'job:changed'; application: string; jobId: string | null; phase?: JobPhase | null };

/** What a reduction changed, by key; empty lists mean there is nothing to push. */
export interface FleetChanges {
  instances: string[];
  removedInstances: string[];
  processes: string[];
  removedProcesses: string[];
  applications: string[];
  removedApplications: string[];
}

export interface FleetReduction {
  state: FleetState;
  changes: FleetChanges;
}

export function noChanges(): FleetChanges {
  return {
    instances: [],
    removedInstances: [],
    processes: [],
    removedProcesses: [],
    applications: [],
    removedApplications: [],
  };
}
