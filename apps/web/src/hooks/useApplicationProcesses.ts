import { useCallback } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import type { Process } from '@supfleet/protocol';
import type { FleetState } from '../live/fleet-state';
import { useFleetSelect } from './useFleetSelect';

// Numeric so that prg_2 sorts before prg_10.
const collator = new Intl.Collator(undefined, { numeric: true });

/** The processes of an application, sorted by name. */
export function useApplicationProcesses(name: string): UseQueryResult<readonly Process[]> {
  const select = useCallback(
    (fleet: FleetState) =>
      fleet.processes.filter((p) => p.application === name).sort((a, b) => collator.compare(a.name, b.name)),
    [name],
  );
  return useFleetSelect(select);
}
