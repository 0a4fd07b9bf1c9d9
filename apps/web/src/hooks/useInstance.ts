import { useCallback } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import type { Instance, Process } from '@supfleet/protocol';
import type { FleetState } from '../live/fleet-state';
import { useFleetSelect } from './useFleetSelect';

export interface InstanceView {
  instance: Instance;
  /** The processes its supervisord defines, by application name (sorted). */
  groups: readonly { application: string; managed: boolean; processes: readonly Process[] }[];
}

/** One instance and what its supervisord defines, grouped by application; null when none has that name. */
export function useInstance(id: string): UseQueryResult<InstanceView | null> {
  const select = useCallback((fleet: FleetState) => instanceView(fleet, id), [id]);
  return useFleetSelect(select);
}

export function instanceView(
  fleet: Pick<FleetState, 'instances' | 'processes' | 'applications'>,
  id: string,
) {
  const instance = fleet.instances.find((i) => i.id === id);
  if (!instance) return null;
  const byApplication = new Map<string, Process[]>();
  for (const process of fleet.processes) {
    if (!process.definedOn.includes(id)) continue;
    const list = byApplication.get(process.application) ?? [];
    list.push(process);
    byApplication.set(process.application, list);
  }
  const managed = new Set(fleet.applications.filter((a) => a.managed).map((a) => a.name));
  const groups = [...byApplication.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([application, processes]) => ({
      application,
      managed: managed.has(application),
      processes: processes.sort((a, b) => a.name.localeCompare(b.name)),
    }));
  return { instance, groups };
}
