import type { FleetState } from '../fleet/fleet-state';

export type AutoStartDecision =
  | { type: 'none' }
  /** Every instance is RUNNING for the first time: start every application by start_sequence. */
  | { type: 'start-all' }
  /** These instances (re)joined after the first start: repair the applications. */
  | { type: 'repair'; instances: string[] };

/**
 * auto_start: the first time every configured instance is RUNNING, start all; afterwards, an
 * instance that becomes RUNNING again is a reason to repair what it may host.
 */
export function autoStartDecision(
  before: FleetState,
  after: FleetState,
  startedAll: boolean,
): AutoStartDecision {
  if (!startedAll) {
    const allRunning = after.instanceOrder.every((id) => after.instances[id]?.state === 'RUNNING');
    return allRunning ? { type: 'start-all' } : { type: 'none' };
  }
  const arrived = after.instanceOrder.filter(
    (id) => after.instances[id]?.state === 'RUNNING' && before.instances[id]?.state !== 'RUNNING',
  );
  return arrived.length > 0 ? { type: 'repair', instances: arrived } : { type: 'none' };
}
