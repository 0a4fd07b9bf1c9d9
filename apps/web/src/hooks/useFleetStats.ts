import { useMemo } from 'react';
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

/** The agents' statistics; the same object (no render) until a sample or an instance's agent changes. */
export function useFleetStats(): UseQueryResult<FleetStatsView> {
  const select = useMemo(() => {
    let last: FleetStatsView | null = null;
    let lastInstances: FleetState['instances'] | null = null;
    return (fleet: FleetState): FleetStatsView => {
      if (last && last.stats === fleet.stats && lastInstances === fleet.instances) return last;
      let agents = fleet.instances.filter((i) => i.agent).map((i) => i.id);
      if (last && agents.length === last.agents.length && agents.every((id, i) => id === last!.agents[i])) {
        agents = last.agents as string[];
      }
      lastInstances = fleet.instances;
      last =
        last && last.stats === fleet.stats && last.agents === agents ? last : { stats: fleet.stats, agents };
      return last;
    };
  }, []);
  return useFleetSelect(select);
}
