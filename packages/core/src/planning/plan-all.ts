import type { Application } from '@supfleet/protocol';
import type { FleetState } from '../fleet/fleet-state';
import { groupByRank } from './group-by-rank';

/** Applications of one rank, handled at once. */
export interface ApplicationStage {
  rank: number;
  applications: string[];
}

function managedApplications(fleet: FleetState): Application[] {
  return Object.values(fleet.applications)
    .filter((application) => application.managed)
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** SPEC section 6: managed applications with start_sequence > 0, ascending. */
export function planStartAll(fleet: FleetState): ApplicationStage[] {
  return groupByRank(
    managedApplications(fleet).filter((application) => application.rules.startSequence > 0),
    (application) => application.rules.startSequence,
    (application) => application.name,
    'ascending',
  ).map(({ rank, members }) => ({ rank, applications: members }));
}

/** SPEC section 6: every managed application, greatest stop_sequence first. */
export function planStopAll(fleet: FleetState): ApplicationStage[] {
  return groupByRank(
    managedApplications(fleet),
    (application) => application.rules.stopSequence,
    (application) => application.name,
    'descending',
  ).map(({ rank, members }) => ({ rank, applications: members }));
}
