import type { BatchedDelta } from '@supfleet/protocol';
import { updated, type FleetChange } from '../fleet-change';

/**
 * The protocol's delta events for one change of the fleet model (instances, processes,
 * applications, then jobs and the service), each numbered by `next`: the page checks the numbers
 * delta by delta, so they go on from one change to the next with no gap.
 */
export function changeDeltas(change: FleetChange, next: () => number): BatchedDelta[] {
  const { changes } = change;
  const deltas: BatchedDelta[] = [];
  for (const instance of updated(change, 'instances')) deltas.push(['instance:updated', instance, next()]);
  for (const id of changes.removedInstances) deltas.push(['instance:removed', id, next()]);
  for (const process of updated(change, 'processes')) deltas.push(['process:updated', process, next()]);
  for (const namespec of changes.removedProcesses) deltas.push(['process:removed', namespec, next()]);
  for (const application of updated(change, 'applications'))
    deltas.push(['application:updated', application, next()]);
  for (const name of changes.removedApplications) deltas.push(['application:removed', name, next()]);
  for (const job of changes.jobs) deltas.push(['job:updated', job, next()]);
  if (changes.service) deltas.push(['service:updated', changes.service, next()]);
  return deltas;
}
