import { useCallback } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import type { Process } from '@supfleet/protocol';
import type { FleetState } from '../live/fleet-state';
import { naturalCompare } from '../lib/natural-compare';
import { useFleetSelect } from './useFleetSelect';

const byName = (a: Process, b: Process) => naturalCompare(a.name, b.name);

/** The processes of an application, sorted by name: once per change set (one per frame at most). */
export function useApplicationProcesses(name: string): UseQueryResult<readonly Process[]> {
  const select = useCallback(
    (fleet: FleetState) => fleet.processes.filter((p) => p.application === name).sort(byName),
    [name],
  );
  return useFleetSelect(select);
}
