import { isRunningLike } from '@supfleet/protocol';
import type { ProcessOnInstance } from '@supfleet/protocol';
import type { FleetState } from '../fleet/fleet-state';

/** A crash as SPEC section 7 means it: FATAL (which covers a lost instance) or an unexpected exit. */
function crashed(entry: ProcessOnInstance): boolean {
  return entry.state === 'FATAL' || (entry.state === 'EXITED' && !entry.expectedExit);
}

/**
 * The processes of managed applications that failed between two states of the fleet: running-like
 * on an instance before, crashed there after, and running nowhere any more. Nothing counts while a
 * job runs on the application (before or after) or while supfleet itself stops the process, so a
 * stop made by supfleet is never a failure, and each crash is seen by exactly one transition.
 */
export function detectRunningFailures(
  before: FleetState,
  after: FleetState,
  stoppingByJobs: ReadonlySet<string>,
): string[] {
  const failed: string[] = [];
  // Most changes (a probe, an instance's state) leave every process as it was.
  if (before.processes === after.processes) return failed;
  for (const namespec in after.processes) {
    const process = after.processes[namespec]!;
    const previous = before.processes[namespec];
    // The reducer shares unchanged objects: most processes are skipped right here.
    if (!previous || previous === process || stoppingByJobs.has(namespec)) continue;
    const application = after.applications[process.application];
    if (!application?.managed) continue;
    if (application.jobId !== null || (before.applications[process.application]?.jobId ?? null) !== null)
      continue;
    // Still running somewhere (the end of a conflict): the application has lost nothing.
    if (process.runningOn.length > 0) continue;
    const failedHere = process.instances.some((entry) => {
      const was = previous.instances.find((candidate) => candidate.instance === entry.instance);
      return was !== undefined && isRunningLike(was.state) && crashed(entry);
    });
    if (failedHere) failed.push(namespec);
  }
  return failed.sort();
}
