import { useCallback, useMemo } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import type { Process } from '@supfleet/protocol';
import type { FleetState } from '../live/fleet-state';
import { createNameOrder } from '../lib/name-order';
import { useFleetSelect } from './useFleetSelect';

/**
 * The processes of an application, sorted by name: sorted again only when a process comes or
 * goes; a change set that only updates processes reuses the order (see createNameOrder).
 */
export function useApplicationProcesses(name: string): UseQueryResult<readonly Process[]> {
  const order = useMemo(() => createNameOrder(name), [name]);
  const select = useCallback((fleet: FleetState) => order(fleet.processes), [order]);
  return useFleetSelect(select);
}
