import { useCallback } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import type { FleetState } from '../live/fleet-state';
import type { FleetStats } from '../lib/process-view';
import { useFleetSelect } from './useFleetSelect';

export interface FleetStatsView {
  /** The last sample of each instance, by instance id. */
  stats: FleetStats;
  /** The instances a node agent reports for (said by the server, or seen in the statistics). */
  agents: ReadonlySet<string>;
}

/** The agents' statistics; re-renders only when a sample or an instance's agent changes. */
export function useFleetStats(): UseQueryResult<FleetStatsView> {
  const select = useCallback((fleet: FleetState): FleetStatsView => {
    const agents = new Set(Object.keys(fleet.stats));
    for (const instance of fleet.instances) {
      // `agent` comes with the agent's server side; until then the samples tell.
      const agent = (instance as { agent?: boolean }).agent;
      if (agent === true) agents.add(instance.id);
      else if (agent === false) agents.delete(instance.id);
    }
    return { stats: fleet.stats, agents };
  }, []);
  return useFleetSelect(select);
}
