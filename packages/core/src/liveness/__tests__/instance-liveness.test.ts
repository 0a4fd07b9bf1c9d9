import { describe, expect, it } from 'vitest';
import {
  instanceLiveness,
  livenessFacts,
  NO_LIVENESS_FACTS,
  type LivenessEvent,
  type LivenessVerdict,
} from '../instance-liveness';

const SETTINGS = { silentAfterMs: 1500, lostAfterMs: 10_000 };
const T0 = 1_700_000_000_000;

/** Replays events on a fake clock and reads the verdict at `at`. */
function verdictAfter(events: LivenessEvent[], at: number, settings = SETTINGS) {
  const facts = events.reduce(livenessFacts, NO_LIVENESS_FACTS);
  return instanceLiveness(facts, at, settings);
}

const sent = (ms: number): LivenessEvent => ({ type: 'call:sent', at: T0 + ms });
const answered = (ms: number): LivenessEvent => ({ type: 'call:answered', at: T0 + ms });
const refused = (ms: number): LivenessEvent => ({ type: 'call:refused', at: T0 + ms });
const timedOut = (ms: number): LivenessEvent => ({ type: 'call:timed-out', at: T0 + ms });

describe('instance liveness (SPEC section 7)', () => {
  const rows: {
    name: string;
    events: LivenessEvent[];
    at: number;
    verdict: LivenessVerdict;
    since?: number;
  }[] = [
    { name: 'never called', events: [], at: 0, verdict: 'answering' },
    { name: 'a call just sent', events: [answered(0), sent(1000)], at: 1100, verdict: 'answering' },
    { name: 'answered in time', events: [sent(0), answered(200)], at: 5000, verdict: 'answering' },
    {
      name: 'refused: lost at once, no confirmation',
      events: [answered(0), sent(1000), refused(1001)],
      at: 1001,
      verdict: 'lost',
      since: 1000,
    },
    {
      name: 'unanswered for silent_after: not answering',
      events: [answered(0), sent(1000)],
      at: 2500,
      verdict: 'not-answering',
      since: 1000,
    },
    {
      name: 'a timeout does not reset the count: the next call is as unanswered',
      events: [answered(0), sent(1000), timedOut(3500), sent(3500)],
      at: 3600,
      verdict: 'not-answering',
      since: 1000,
    },
    {
      name: 'still nothing after lost_after: lost',
      events: [answered(0), sent(1000), timedOut(3500), sent(3500), timedOut(6000), sent(6000)],
      at: 11_000,
      verdict: 'lost',
      since: 1000,
    },
    {
      name: 'an answer before lost_after (a busy spawn) clears everything',
      events: [answered(0), sent(1000), timedOut(3500), sent(3500), answered(9000)],
      at: 20_000,
      verdict: 'answering',
    },
    {
      name: 'an answer after a refusal clears it',
      events: [sent(0), refused(1), sent(1000), answered(1002)],
      at: 1002,
      verdict: 'answering',
    },
    {
      name: 'never answered and never refused (host unreachable): lost after the confirmation',
      events: [sent(0), timedOut(2500), sent(2500)],
      at: 10_000,
      verdict: 'lost',
      since: 0,
    },
  ];

  it.each(rows)('$name', ({ events, at, verdict, since }) => {
    const liveness = verdictAfter(events, T0 + at);
    expect(liveness.verdict).toBe(verdict);
    if (since !== undefined) expect(liveness.since).toBe(T0 + since);
  });

  it('tells when to look again, so that a hung call is judged without waiting for its timeout', () => {
    const events = [answered(0), sent(1000)];
    expect(verdictAfter(events, T0 + 1200).recheckAt).toBe(T0 + 2500);
    expect(verdictAfter(events, T0 + 2500).recheckAt).toBe(T0 + 11_000);
    expect(verdictAfter(events, T0 + 11_000).recheckAt).toBeNull();
  });

  it('never declares lost before not answering, even when lost_after is set below silent_after', () => {
    const settings = { silentAfterMs: 3000, lostAfterMs: 1000 };
    expect(verdictAfter([sent(0)], T0 + 2000, settings).verdict).toBe('answering');
    expect(verdictAfter([sent(0)], T0 + 3000, settings).verdict).toBe('lost');
  });
});
