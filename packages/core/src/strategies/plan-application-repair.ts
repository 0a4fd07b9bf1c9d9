import { isRunningLike } from '@supfleet/protocol';
import type { StartingStrategy } from '@supfleet/protocol';
import type { FleetState } from '../fleet/fleet-state';
import { chooseInstance } from '../planning/choose-instance';
import { groupByRank } from '../planning/group-by-rank';
import type { Stage } from '../planning/plan-application';

/**
 * The stages that repair an application after an instance (re)joined: its processes of the start
 * sequence that run nowhere and that some instance can start now, by rank. A wait_exit process that
 * already exited as expected has done its work and is left alone; so is an application whose own
 * start_sequence is <= 0 (never started automatically).
 */
export function planApplicationRepair(
  fleet: FleetState,
  application: string,
  strategy: StartingStrategy,
  localNode?: string,
): Stage[] {
  const rules = fleet.applications[application]?.rules;
  if (!rules?.managed || rules.startSequence <= 0) return [];
  const missing = Object.values(fleet.processes)
    .filter((process) => process.application === application && process.rules.startSequence > 0)
    .filter((process) => !isRunningLike(process.state) && process.state !== 'STOPPING')
    .filter((process) => !(process.rules.waitExit && process.state === 'EXITED' && process.expectedExit))
    .filter((process) => chooseInstance(fleet, process.namespec, strategy, { localNode }).ok)
    .sort((a, b) => a.namespec.localeCompare(b.namespec));
  return groupByRank(
    missing,
    (process) => process.rules.startSequence,
    (process) => ({ namespec: process.namespec, waitExit: process.rules.waitExit }),
    'ascending',
  ).map(({ rank, members }) => ({ rank, processes: members }));
}
