import { useCallback } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import type { Application } from '@supfleet/protocol';
import type { FleetState } from '../live/fleet-state';
import { useFleetSelect } from './useFleetSelect';

/** One application, null when the fleet has none of that name. */
export function useApplication(name: string): UseQueryResult<Application | null> {
  const select = useCallback(
    (fleet: FleetState) => fleet.applications.find((a) => a.name === name) ?? null,
    [name],
  );
  return useFleetSelect(select);
}
