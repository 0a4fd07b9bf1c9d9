export { createFleet } from './create-fleet';
export { fleetReducer } from './fleet-reducer';
export { noChanges } from './fleet-state';
export { pollNeedsResync } from './poll-needs-resync';
export { namespecOf, processEntry, splitNamespec } from './process-entry';
export type {
  FleetChanges,
  FleetEvent,
  FleetReduction,
  FleetState,
  InstanceConfig,
  InstancePoll,
} from './fleet-state';
export type { RulesResolver } from './rules-resolver';
export { ownEntry } from './own-entry';
export { isAgentListener } from './agent-listener';
