import { skipToken, useQuery, type UseQueryResult } from '@tanstack/react-query';
import { FLEET_QUERY_KEY } from '../live/fleet-query';
import type { FleetState } from '../live/fleet-state';

/**
 * A slice of the live fleet. Pending until the first snapshot arrives; the socket fills the
 * cache, so there is nothing to fetch. Pass a stable `select` (useCallback) to skip re-selecting.
 */
export function useFleetSelect<T>(select: (fleet: FleetState) => T): UseQueryResult<T> {
  return useQuery<FleetState, Error, T>({ queryKey: FLEET_QUERY_KEY, queryFn: skipToken, select });
}
