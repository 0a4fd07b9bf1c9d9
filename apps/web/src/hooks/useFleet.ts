import { skipToken, useQuery, type UseQueryResult } from '@tanstack/react-query';
import { FLEET_QUERY_KEY } from '../live/fleet-query';
import type { FleetState } from '../live/fleet-state';

/** The whole live fleet: instances, applications, processes and recent jobs. */
export function useFleet(): UseQueryResult<FleetState> {
  return useQuery<FleetState>({ queryKey: FLEET_QUERY_KEY, queryFn: skipToken });
}
