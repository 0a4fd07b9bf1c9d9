import { useCallback } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import type { FleetState } from '../live/fleet-state';
import type { FleetStats } from '../lib/process-view';
import { useFleetSelect } from './useFleetSelect';

export interface FleetStatsView {
  /** The last sample of each instance, by instance id. */
  stats: FleetStats;
  /** The instances whose node agent is alive (a heartbeat within three of its periods). */
  agents: readonly string[];
}

/** The agents' statistics; re-renders only when a sample or an instance's agent changes. */
export function useFleetStats(): UseQueryResult<FleetStatsView> {
  const select = useCallback((fleet: FleetState): FleetStatsView => {
    // An array, not a Set: react-query keeps the previous one while equal, so no re-render.
    return { stats: fleet.stats, agents: fleet.instances.filter((i) => i.agent).map((i) => i.id) };
  }, []);
  return useFleetSelect(select);
}
