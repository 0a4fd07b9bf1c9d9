import { ownEntry } from '@supfleet/core';
import type { Job } from '@supfleet/protocol';
import { DomainError } from '../errors';
import type { FleetModel } from '../fleet-model';
import type { Orchestrator } from '../orchestrator/orchestrator';

/**
 * The USER conciliation: a person picks the instance that keeps the process; it is stopped on
 * every other instance where it runs, as a job.
 */
export function resolveConflict(
  store: FleetModel,
  orchestrator: Orchestrator,
  namespec: string,
  keep: string,
  options: { wait: boolean; actor?: string },
): Promise<Job> {
  const process = ownEntry(store.state.processes, namespec);
  if (!process) throw new DomainError('NOT_FOUND', `unknown process ${namespec}`);
  if (!process.conflict) {
    throw new DomainError(
      'CONFLICT',
      `${namespec} is not in conflict (running on ${process.runningOn.join(', ') || 'no instance'})`,
    );
  }
  if (!process.runningOn.includes(keep)) {
    throw new DomainError(
      'BAD_REQUEST',
      `${namespec} does not run on ${keep}: choose one of ${process.runningOn.join(', ')}`,
    );
  }
  const others = process.runningOn.filter((id) => id !== keep);
  return orchestrator.stopProcessOn(namespec, others, {
    ...options,
    cause: `conflict of ${namespec}: kept on ${keep} by request`,
  });
}
