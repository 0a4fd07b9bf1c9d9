import { useCallback } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import type { Job } from '@supfleet/protocol';
import type { FleetState } from '../live/fleet-state';
import { useFleetSelect } from './useFleetSelect';

/** A job by id, live; null when unknown (or when no id is given). */
export function useJob(id: string | null): UseQueryResult<Job | null> {
  const select = useCallback(
    (fleet: FleetState) => (id === null ? null : (fleet.jobs.find((j) => j.id === id) ?? null)),
    [id],
  );
  return useFleetSelect(select);
}
