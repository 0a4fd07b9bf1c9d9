/**
 * Is a supervisord alive? The one rule, shared by the poll loop and the node agent's tiny
 * getState calls. Pure: the caller gives the facts and the time.
 *
 * - A definite refusal (connection refused or reset, supervisord shutting down, bad
 *   credentials) is `lost` at once: nobody is there to run anything.
 * - A call unanswered for `silentAfterMs` (the connection may even be accepted) is
 *   `not-answering`: shown at once, processes kept as last known (stale), nothing acted on.
 * - Unanswered for `lostAfterMs`: `lost`, its processes declared FATAL and the running
 *   failure strategies applied. A supervisord spawning hundreds of processes answers nothing
 *   for seconds; the confirmation time is what keeps it from being taken for dead.
 */
export interface LivenessFacts {
  /** Epoch ms of the last complete answer; null before the first. */
  lastAnswerAt: number | null;
  /** Epoch ms when the oldest call still unanswered since the last answer was sent; null when none is. */
  unansweredSince: number | null;
  /** The last attempt was refused outright (see above); cleared by the next answer. */
  refused: boolean;
}

export interface LivenessSettings {
  silentAfterMs: number;
  lostAfterMs: number;
}

export type LivenessVerdict = 'answering' | 'not-answering' | 'lost';

export interface Liveness {
  verdict: LivenessVerdict;
  /** Since when nothing answered (the first unanswered call), null while answering. */
  since: number | null;
  /** When the verdict may change with no new fact (a timer to arm), null when only a fact can change it. */
  recheckAt: number | null;
}

export function instanceLiveness(facts: LivenessFacts, now: number, settings: LivenessSettings): Liveness {
  const lostAfter = Math.max(settings.lostAfterMs, settings.silentAfterMs);
  const since = facts.unansweredSince;
  if (facts.refused) return { verdict: 'lost', since: since ?? facts.lastAnswerAt ?? now, recheckAt: null };
  if (since === null) return { verdict: 'answering', since: null, recheckAt: null };
  const waited = now - since;
  if (waited >= lostAfter) return { verdict: 'lost', since, recheckAt: null };
  if (waited >= settings.silentAfterMs)
    return { verdict: 'not-answering', since, recheckAt: since + lostAfter };
  return { verdict: 'answering', since: null, recheckAt: since + settings.silentAfterMs };
}

/** What a caller of supervisord sees; `at` is epoch ms. A late answer (timeout) changes nothing. */
export type LivenessEvent =
  | { type: 'call:sent'; at: number }
  | { type: 'call:answered'; at: number }
  | { type: 'call:refused'; at: number }
  | { type: 'call:timed-out'; at: number };

export const NO_LIVENESS_FACTS: LivenessFacts = { lastAnswerAt: null, unansweredSince: null, refused: false };

export function livenessFacts(facts: LivenessFacts, event: LivenessEvent): LivenessFacts {
  switch (event.type) {
    case 'call:sent':
      return facts.unansweredSince === null ? { ...facts, unansweredSince: event.at } : facts;
    case 'call:answered':
      return { lastAnswerAt: event.at, unansweredSince: null, refused: false };
    case 'call:refused':
      return { ...facts, unansweredSince: facts.unansweredSince ?? event.at, refused: true };
    case 'call:timed-out':
      return facts;
  }
}
