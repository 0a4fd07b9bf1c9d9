import { isRunningLike } from '@supfleet/protocol';
import type { ProcessOnInstance, ProcessState } from '@supfleet/protocol';

export interface SyntheticState {
  state: ProcessState;
  expectedExit: boolean;
  description: string;
  /** The instance whose info gives the state, null when no instance says anything. */
  instance: string | null;
  /** Instances where the process is running-like, in the order of `infos`. */
  runningOn: string[];
}

/** Which state a conflict shows: the most "alive" one present (SPEC section 2). */
const CONFLICT_ORDER: readonly ProcessState[] = ['RUNNING', 'BACKOFF', 'STARTING', 'STOPPING'];

/**
 * One state for a process over every instance that defines it (SPEC section 2).
 * With no info at all the state is UNKNOWN: nothing is known, and STOPPED would claim it is.
 */
export function syntheticState(infos: readonly ProcessOnInstance[]): SyntheticState {
  const running = infos.filter((info) => isRunningLike(info.state));
  const runningOn = running.map((info) => info.instance);
  if (running.length === 1 && running[0]) {
    return from(running[0], runningOn);
  }
  if (running.length > 1) {
    const state = CONFLICT_ORDER.find((candidate) => infos.some((info) => info.state === candidate));
    const chosen = infos.find((info) => info.state === state) ?? running[0];
    if (chosen) return from(chosen, runningOn);
  }
  const stopping = infos.find((info) => info.state === 'STOPPING');
  if (stopping) return from(stopping, runningOn);
  const latest = mostRecent(infos);
  if (latest) return from(latest, runningOn);
  return {
    state: 'UNKNOWN',
    expectedExit: false,
    description: 'no information from any instance',
    instance: null,
    runningOn,
  };
}

function from(info: ProcessOnInstance, runningOn: string[]): SyntheticState {
  return {
    state: info.state,
    expectedExit: info.state === 'EXITED' && info.expectedExit,
    description: info.description,
    instance: info.instance,
    runningOn,
  };
}

/** The first info wins a tie, so the configured instance order decides between equals. */
function mostRecent(infos: readonly ProcessOnInstance[]): ProcessOnInstance | undefined {
  let latest: ProcessOnInstance | undefined;
  for (const info of infos) {
    if (!latest || info.updatedAt > latest.updatedAt) latest = info;
  }
  return latest;
}
