import { isRunningLike } from '@supfleet/protocol';
import type { ConciliationStrategy, Process, ProcessOnInstance } from '@supfleet/protocol';

/** How to end one conflict: stop the process on these instances, then maybe start one or apply its running failure strategy. */
export interface Conciliation {
  stop: string[];
  thenStart: boolean;
  thenRunningFailure: boolean;
}

const NOTHING: Conciliation = { stop: [], thenStart: false, thenRunningFailure: false };

/** The entry kept: latest start for the youngest, earliest for the oldest; a tie keeps the first in instance order. */
function pick(running: ProcessOnInstance[], youngest: boolean): ProcessOnInstance | undefined {
  let kept: ProcessOnInstance | undefined;
  for (const entry of running) {
    if (!kept || (youngest ? entry.start > kept.start : entry.start < kept.start)) kept = entry;
  }
  return kept;
}

/**
 * SPEC section 7: what the conciliation strategy does to a process running on several instances.
 * A process that is not in conflict needs nothing; USER leaves the choice to a person.
 */
export function conciliate(process: Process, strategy: ConciliationStrategy): Conciliation {
  const running = process.instances.filter((entry) => isRunningLike(entry.state));
  if (running.length < 2) return NOTHING;
  const everywhere = running.map((entry) => entry.instance);
  switch (strategy) {
    case 'SENICIDE':
    case 'INFANTICIDE': {
      const kept = pick(running, strategy === 'SENICIDE');
      return { ...NOTHING, stop: everywhere.filter((id) => id !== kept?.instance) };
    }
    case 'USER':
      return NOTHING;
    case 'STOP':
      return { ...NOTHING, stop: everywhere };
    case 'RESTART':
      return { ...NOTHING, stop: everywhere, thenStart: true };
    case 'RUNNING_FAILURE':
      return { ...NOTHING, stop: everywhere, thenRunningFailure: true };
  }
}
