import type { FleetState } from '@supfleet/core';
import type { FleetModel } from '../fleet-model';

const EVENTS = [
  'instance:updated',
  'process:updated',
  'process:removed',
  'application:updated',
  'application:removed',
] as const;

/**
 * Calls `listener(before, after)` once per burst of changes of the store, after the dispatch that
 * made them (a dispatch announces several changes in a row, and reactions must see them all).
 * Each transition of the fleet is in exactly one call. Returns the function that stops watching.
 */
export function watchFleetChanges(
  store: FleetModel,
  listener: (before: FleetState, after: FleetState) => void,
): () => void {
  let last = store.state;
  let scheduled = false;
  let stopped = false;
  const flush = () => {
    scheduled = false;
    if (stopped) return;
    const before = last;
    last = store.state;
    if (before !== last) listener(before, last);
  };
  const onChange = () => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(flush);
  };
  for (const event of EVENTS) store.on(event, onChange);
  return () => {
    stopped = true;
    for (const event of EVENTS) store.off(event, onChange);
  };
}
