import type { FleetState } from '../fleet/fleet-state';

/** Load of processes chosen but not running yet, by instance: a stage starts several at once. */
export type PendingLoad = Readonly<Record<string, number>>;

/** Sum of expected_loading of the running-like processes there, plus what is pending there. */
export function instanceLoad(fleet: FleetState, instance: string, pendingLoad: PendingLoad = {}): number {
  return (fleet.instances[instance]?.loading ?? 0) + (pendingLoad[instance] ?? 0);
}

/** Sum of the loads of the instances of one node. */
export function nodeLoad(fleet: FleetState, node: string, pendingLoad: PendingLoad = {}): number {
  return fleet.instanceOrder
    .filter((id) => fleet.instances[id]?.node === node)
    .reduce((sum, id) => sum + instanceLoad(fleet, id, pendingLoad), 0);
}
