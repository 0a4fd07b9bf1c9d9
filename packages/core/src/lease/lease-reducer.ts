/**
 * The leader lease of one replica, as a reducer: the database grants a term (a conditional
 * update on its own clock, store/leader-lease.ts), this decides when to ask, when this replica
 * leads and when it must stop. Time is the caller's monotonic clock, given in each event.
 *
 * - The term is counted from when the request was **sent**, never from the answer: the
 *   database's term started after that, so this replica stops leading before the database could
 *   give the lease to another (less `marginMs` for the clocks' drift).
 * - The leader renews every `renewEveryMs` (well within the term); a follower tries every
 *   `retryEveryMs`. A failed renewal keeps the leader leading until its term ends, then it steps
 *   down by itself, whether or not the database answers again.
 * - The epoch never goes back: an answer with a lower epoch than one seen is stale and ignored.
 */
export interface LeaseSettings {
  termMs: number;
  renewEveryMs: number;
  retryEveryMs: number;
  marginMs: number;
}

export interface LeaseState {
  role: 'follower' | 'leader';
  /** The highest epoch seen; the one held while leading. */
  epoch: number;
  /** Who leads as far as this replica knows; null when nobody is known to. */
  holder: string | null;
  /** While leading: when it stops unless renewed. */
  leadUntil: number | null;
  /** When the request now in flight was sent; null when none is. */
  sentAt: number | null;
  /** When the next acquire or renew is due (Infinity once stopped). */
  nextAttemptAt: number;
}

export type LeaseEvent =
  | { type: 'tick'; now: number }
  /** The database granted (or renewed) the lease to this replica, for a term from `sentAt`. */
  | { type: 'granted'; now: number; holder: string; epoch: number }
  /** Another replica holds it. */
  | { type: 'refused'; now: number; holder: string; epoch: number }
  /** The database did not answer (lost, timed out). */
  | { type: 'failed'; now: number; reason: string }
  /** The replica stops: a leader gives the lease back. */
  | { type: 'stop'; now: number };

export type LeaseCommand =
  /** Send the conditional update (the same for acquire and renew); answer with granted / refused / failed. */
  | { type: 'attempt' }
  | { type: 'lead'; epoch: number }
  | { type: 'follow'; reason: string }
  | { type: 'release'; epoch: number }
  /** Tick again at `at` (the earliest time something is due). */
  | { type: 'wake'; at: number };

export const INITIAL_LEASE: LeaseState = {
  role: 'follower',
  epoch: 0,
  holder: null,
  leadUntil: null,
  sentAt: null,
  nextAttemptAt: 0,
};

export function leaseReducer(
  state: LeaseState,
  event: LeaseEvent,
  settings: LeaseSettings,
): { state: LeaseState; commands: LeaseCommand[] } {
  const commands: LeaseCommand[] = [];
  let next = state;
  const stepDown = (reason: string) => {
    if (next.role === 'leader') commands.push({ type: 'follow', reason });
    next = { ...next, role: 'follower', leadUntil: null };
  };
  switch (event.type) {
    case 'tick':
      break;
    case 'granted': {
      // A grant nobody asked for (a duplicate) has no known start: leading on it would not be safe.
      if (state.sentAt === null) break;
      const sentAt = state.sentAt;
      next = { ...next, sentAt: null };
      if (event.epoch < state.epoch) break;
      const leadUntil = sentAt + settings.termMs - settings.marginMs;
      next = { ...next, nextAttemptAt: sentAt + settings.renewEveryMs };
      if (leadUntil <= event.now) {
        stepDown(`the database answered after ${event.now - sentAt} ms, too late to lead`);
        next = { ...next, epoch: event.epoch, holder: event.holder };
        break;
      }
      if (state.role === 'leader' && event.epoch !== state.epoch) stepDown(`epoch ${state.epoch} ended`);
      if (next.role !== 'leader') commands.push({ type: 'lead', epoch: event.epoch });
      next = { ...next, role: 'leader', epoch: event.epoch, holder: event.holder, leadUntil };
      break;
    }
    case 'refused':
      next = { ...next, sentAt: null, nextAttemptAt: event.now + settings.retryEveryMs };
      if (event.epoch < state.epoch) break;
      stepDown(`${event.holder} leads at epoch ${event.epoch}`);
      next = { ...next, epoch: event.epoch, holder: event.holder };
      break;
    case 'failed':
      // A leader keeps its term (the tick ends it); it tries again sooner than a follower.
      next = {
        ...next,
        sentAt: null,
        nextAttemptAt:
          event.now +
          (state.role === 'leader'
            ? Math.min(settings.renewEveryMs, settings.retryEveryMs)
            : settings.retryEveryMs),
      };
      break;
    case 'stop':
      if (state.role === 'leader') commands.push({ type: 'release', epoch: state.epoch });
      stepDown('stopping');
      return { state: { ...next, holder: null, sentAt: null, nextAttemptAt: Infinity }, commands };
  }
  const now = event.now;
  if (next.role === 'leader' && next.leadUntil !== null && now >= next.leadUntil) {
    stepDown(`lease not renewed within its term at epoch ${next.epoch}`);
    next = { ...next, holder: null };
  }
  if (next.sentAt === null && now >= next.nextAttemptAt) {
    next = { ...next, sentAt: now };
    commands.push({ type: 'attempt' });
  }
  const due = Math.min(next.sentAt === null ? next.nextAttemptAt : Infinity, next.leadUntil ?? Infinity);
  if (Number.isFinite(due)) commands.push({ type: 'wake', at: due });
  return { state: next, commands };
}
