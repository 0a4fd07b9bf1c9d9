import type { Instance } from '@supfleet/protocol';
import type { FleetState, InstanceConfig } from './fleet-state';
import type { RulesResolver } from './rules-resolver';

/** The fleet before any contact: every instance UNKNOWN, nothing defined anywhere. */
export function createFleet(instances: readonly InstanceConfig[], rules: RulesResolver): FleetState {
  const byId: Record<string, Instance> = {};
  const configs: FleetState['configs'] = {};
  for (const config of instances) {
    byId[config.id] = {
      id: config.id,
      host: config.host,
      port: config.port,
      node: config.node,
      state: 'UNKNOWN',
      lastSeen: null,
      error: null,
      loading: 0,
      identification: null,
      agent: false,
    };
    configs[config.id] = {};
  }
  return {
    instanceOrder: instances.map((config) => config.id),
    instances: byId,
    processes: {},
    applications: {},
    configs,
    rules,
  };
}
