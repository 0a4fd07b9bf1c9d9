import type {
  Application,
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
  | { type: 'instance:silent'; instance: string; at: number; error: string }
  /** The instance's node agent started or stopped sending heartbeats. */
  | { type: 'instance:agent'; instance: string; alive: boolean }
  | { type: 'rules:changed'; rules: RulesResolver }
  | { type: 'job:changed'; application: string; jobId: string | null };

/** What a reduction changed, by key; empty lists mean there is nothing to push. */
export interface FleetChanges {
  instances: string[];
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
  return { instances: [], processes: [], removedProcesses: [], applications: [], removedApplications: [] };
}
