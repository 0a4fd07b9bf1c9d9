import type { Process } from '@supfleet/protocol';
import type { FleetState } from '../fleet/fleet-state';
import { groupByRank } from './group-by-rank';

export interface StageTarget {
  namespec: string;
  /** The next stage waits for this process to exit with an expected code. */
  waitExit: boolean;
}

/** Processes of one rank, started (or stopped) at once; the next stage waits for all of them. */
export interface Stage {
  rank: number;
  processes: StageTarget[];
}

/** Only managed applications are orchestrated (SPEC section 1); anything else plans nothing. */
function managedProcesses(fleet: FleetState, application: string): Process[] {
  if (fleet.applications[application]?.managed !== true) return [];
  return Object.values(fleet.processes)
    .filter((process) => process.application === application)
    .sort((a, b) => a.namespec.localeCompare(b.namespec));
}

/** SPEC section 6: processes with start_sequence > 0, by ascending rank. */
export function planApplicationStart(fleet: FleetState, application: string): Stage[] {
  const starting = managedProcesses(fleet, application).filter((process) => process.rules.startSequence > 0);
  return groupByRank(
    starting,
    (process) => process.rules.startSequence,
    (process) => ({ namespec: process.namespec, waitExit: process.rules.waitExit }),
    'ascending',
  ).map(({ rank, members }) => ({ rank, processes: members }));
}

/**
 * SPEC section 6: every process of the application, greatest stop_sequence first. Stopping a
 * stopped process is a no-op for the executor; waiting for an exit is a start notion, so
 * waitExit is always false here.
 */
export function planApplicationStop(fleet: FleetState, application: string): Stage[] {
  return groupByRank(
    managedProcesses(fleet, application),
    (process) => process.rules.stopSequence,
    (process) => ({ namespec: process.namespec, waitExit: false }),
    'descending',
  ).map(({ rank, members }) => ({ rank, processes: members }));
}
