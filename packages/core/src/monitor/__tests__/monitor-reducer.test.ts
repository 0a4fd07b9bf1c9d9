import { describe, expect, it } from 'vitest';
import {
  initialMonitorState,
  monitorReducer,
  resyncPhase,
  type CallFailure,
  type MonitorCommand,
  type MonitorEvent,
  type MonitorState,
} from '../monitor-reducer';

const T0 = Date.UTC(2026, 0, 1);
const SETTINGS = {
  instance: 'n1',
  pollPeriodMs: 1000,
  fastPollPeriodMs: 200,
  resyncPeriodMs: 10_000,
  silentAfterMs: 1500,
  lostAfterMs: 10_000,
};

const at = (ms: number) => T0 + ms;
const started = (ms = 0): MonitorEvent => ({ type: 'monitor:started', at: at(ms) });
const tick = (ms: number): MonitorEvent => ({ type: 'timer:fired', timer: 'poll', at: at(ms) });
const livenessDue = (ms: number): MonitorEvent => ({ type: 'timer:fired', timer: 'liveness', at: at(ms) });
const answered = (
  ms: number,
  polled: Partial<{ statecode: number; statename: string; pid: number; needsResync: boolean }> = {},
  key = 'k1',
): MonitorEvent => ({
  type: 'poll:answered',
  at: at(ms),
  key,
  polled: { statecode: 1, statename: 'RUNNING', pid: 10, processes: [], needsResync: false, ...polled },
});
const same = (ms: number, key = 'k1'): MonitorEvent => ({
  type: 'poll:answered',
  at: at(ms),
  key,
  polled: null,
});
const resynced = (ms: number): MonitorEvent => ({
  type: 'resync:answered',
  at: at(ms),
  identification: 'n1',
  configs: [],
});
const failed = (ms: number, failure: CallFailure, message: string = failure): MonitorEvent => ({
  type: 'call:failed',
  at: at(ms),
  failure,
  message,
});
const probed = (ms: number, pid = 10, statecode = 1): MonitorEvent => ({
  type: 'probe:answered',
  at: at(ms),
  statecode,
  pid,
});
const keptClosed = (ms: number): MonitorEvent => ({ type: 'kept-connection:closed', at: at(ms) });
const hinted = (ms: number, ...namespecs: string[]): MonitorEvent => ({
  type: 'hinted',
  at: at(ms),
  namespecs,
});
const agent = (ms: number, alive = true): MonitorEvent => ({ type: 'agent', at: at(ms), alive });

/** Started, first poll answered, resynced at 8 ms: synced with pid 10, next poll at 1000. */
const SYNCED = [started(0), answered(5), resynced(8)];
/** SYNCED, then an agent (its resync phase puts the last full read in the past). */
const WITH_AGENT = [...SYNCED, agent(9)];

const call = (c: Extract<MonitorCommand, { type: 'call' }>['call']): MonitorCommand => ({
  type: 'call',
  call: c,
});
const fleet = (event: Record<string, unknown>): unknown => ({
  type: 'fleet',
  event: expect.objectContaining(event) as unknown,
});
const timer = (name: 'poll' | 'liveness', ms: number | null): MonitorCommand => ({
  type: 'timer',
  timer: name,
  at: ms === null ? null : at(ms),
});

function replay(events: MonitorEvent[]): { state: MonitorState; commands: MonitorCommand[] } {
  let state = initialMonitorState(SETTINGS);
  let commands: MonitorCommand[] = [];
  for (const event of events) ({ state, commands } = monitorReducer(state, event));
  return { state, commands };
}

interface Row {
  name: string;
  given: MonitorEvent[];
  when: MonitorEvent;
  /** Commands the step must give (among others). */
  commands?: unknown[];
  /** Command types the step must not give. */
  none?: MonitorCommand['type'][];
  state?: Partial<MonitorState>;
}

const rows: Row[] = [
  {
    name: 'started: a full poll at once, nothing to compare its answer with',
    given: [],
    when: started(0),
    commands: [call({ type: 'poll', skipKey: null })],
    state: { inFlight: 'poll' },
  },
  {
    name: 'first answer: CHECKING, then the full read',
    given: [started(0)],
    when: answered(5),
    commands: [fleet({ type: 'instance:checking', instance: 'n1' }), call({ type: 'resync' })],
    state: { inFlight: 'resync' },
  },
  {
    name: 'full read answered: synced with the poll processes, next poll on the next tick',
    given: [started(0), answered(5)],
    when: resynced(8),
    commands: [fleet({ type: 'instance:synced', identification: 'n1', processes: [] }), timer('poll', 1000)],
    state: { synced: true, pid: 10, inFlight: null, polled: true },
  },
  {
    name: 'next tick: the answer like the last one need not be decoded',
    given: SYNCED,
    when: tick(1000),
    commands: [call({ type: 'poll', skipKey: 'k1' })],
  },
  {
    name: 'same answer as the last: polled with no change, next tick',
    given: [...SYNCED, tick(1000)],
    when: same(1003),
    commands: [fleet({ type: 'instance:polled', processes: [] }), timer('poll', 2000)],
    none: ['call'],
  },
  {
    name: 'changed answer, same pid and programs: polled, no resync',
    given: [...SYNCED, tick(1000)],
    when: answered(1003, {}, 'k2'),
    commands: [fleet({ type: 'instance:polled' })],
    none: ['call'],
    state: { pollKey: 'k2' },
  },
  {
    name: 'new pid (supervisord restarted): resync',
    given: [...SYNCED, tick(1000)],
    when: answered(1003, { pid: 11 }, 'k2'),
    commands: [fleet({ type: 'instance:checking' }), call({ type: 'resync' })],
  },
  {
    name: 'programs changed (supervisorctl update): resync',
    given: [...SYNCED, tick(1000)],
    when: answered(1003, { needsResync: true }, 'k2'),
    commands: [call({ type: 'resync' })],
  },
  {
    name: 'supervisord SHUTDOWN: lost at once',
    given: [...SYNCED, tick(1000)],
    when: answered(1003, { statecode: -1, statename: 'SHUTDOWN' }, 'k2'),
    commands: [fleet({ type: 'instance:silent', error: 'supervisord is SHUTDOWN' })],
    state: { verdict: 'lost', synced: false },
  },
  {
    name: 'connection refused: lost at once, with its reason',
    given: [...SYNCED, tick(1000)],
    when: failed(1001, 'refused', 'connection refused'),
    commands: [
      fleet({ type: 'instance:silent', error: 'connection refused', since: at(1000) }),
      { type: 'poll:ended', error: 'connection refused' },
    ],
    state: { verdict: 'lost' },
  },
  {
    name: 'a poll sent: the liveness timer is armed for silent_after',
    given: SYNCED,
    when: tick(1000),
    commands: [timer('liveness', 2500)],
  },
  {
    name: 'timed out: no verdict yet, the next poll on its tick',
    given: [...SYNCED, tick(1000)],
    when: failed(2000, 'timeout'),
    commands: [timer('poll', 3000)],
    none: ['fleet'],
    state: { verdict: 'answering' },
  },
  {
    name: 'nothing answered for silent_after: not answering, the timer re-armed for lost_after',
    given: [...SYNCED, tick(1000), failed(2000, 'timeout')],
    when: livenessDue(2500),
    commands: [
      fleet({ type: 'instance:not-answering', since: at(1000), error: 'not answering' }),
      timer('liveness', 11_000),
    ],
    state: { verdict: 'not-answering', synced: false },
  },
  {
    name: 'nothing answered for lost_after: lost, with how long',
    given: [...SYNCED, tick(1000), failed(2000, 'timeout'), livenessDue(2500)],
    when: livenessDue(11_000),
    commands: [fleet({ type: 'instance:silent', error: 'no answer for 10 s (timeout)' })],
    state: { verdict: 'lost' },
  },
  {
    name: 'an answer after a silence: resync (CHECKING), no skipped decoding',
    given: [...SYNCED, tick(1000), failed(2000, 'timeout'), livenessDue(2500), tick(3000)],
    when: answered(3002),
    commands: [fleet({ type: 'instance:checking' }), call({ type: 'resync' })],
    state: { verdict: 'answering' },
  },
  {
    name: 'a call sent before a silence answered after it, same as before: read again in full',
    given: [...SYNCED, tick(1000), livenessDue(2500)],
    when: same(3000),
    commands: [call({ type: 'poll', skipKey: null })],
    none: ['poll:ended'],
    state: { verdict: 'answering', inFlight: 'poll' },
  },
  {
    name: 'silent: the poll asks for a decoded answer',
    given: [...SYNCED, tick(1000), failed(2000, 'timeout'), livenessDue(2500)],
    when: tick(3000),
    commands: [call({ type: 'poll', skipKey: null })],
  },
  {
    name: 'agent pushing: the poll is a probe on the kept connection',
    given: WITH_AGENT,
    when: tick(1000),
    commands: [call({ type: 'probe', fresh: false })],
    state: { inFlight: 'probe' },
  },
  {
    name: 'probe answered, same pid: polled with no processes',
    given: [...WITH_AGENT, tick(1000)],
    when: probed(1001),
    commands: [fleet({ type: 'instance:polled', processes: [] }), timer('poll', 2000)],
    none: ['call'],
  },
  {
    name: 'probe sees a new pid: full poll at once',
    given: [...WITH_AGENT, tick(1000)],
    when: probed(1001, 11),
    commands: [call({ type: 'poll', skipKey: 'k1' })],
    state: { inFlight: 'poll' },
  },
  {
    name: 'probe fault: the full poll says what is wrong',
    given: [...WITH_AGENT, tick(1000)],
    when: failed(1001, 'fault'),
    commands: [call({ type: 'poll', skipKey: 'k1' })],
    none: ['fleet'],
  },
  {
    name: 'agent pushing, resync period over: a full poll',
    given: WITH_AGENT,
    when: tick(9 + 10_000 - resyncPhase('n1', 10_000) + 1000),
    commands: [call({ type: 'poll', skipKey: 'k1' })],
  },
  {
    name: 'agent gone: a full poll at once',
    given: WITH_AGENT,
    when: agent(500, false),
    commands: [call({ type: 'poll', skipKey: 'k1' }), timer('poll', null)],
  },
  {
    name: 'kept connection closed while idle: a probe at once on a new connection',
    given: WITH_AGENT,
    when: keptClosed(500),
    commands: [call({ type: 'probe', fresh: true }), timer('poll', null)],
  },
  {
    name: 'kept connection closed, new connection refused: lost at once',
    given: [...WITH_AGENT, keptClosed(500)],
    when: failed(501, 'refused', 'connection refused'),
    commands: [fleet({ type: 'instance:silent', error: 'connection refused' })],
  },
  {
    name: 'kept connection closed by an idle supervisord: the new connection answers, nothing lost',
    given: [...WITH_AGENT, keptClosed(500)],
    when: probed(501),
    commands: [fleet({ type: 'instance:polled' }), timer('poll', 1000)],
    state: { verdict: 'answering' },
  },
  {
    name: 'kept connection closed during a call: the call tells',
    given: [...WITH_AGENT, tick(1000)],
    when: keptClosed(1001),
    commands: [],
    none: ['call'],
    state: { confirm: false },
  },
  {
    name: 'hint while idle: re-read just those processes',
    given: WITH_AGENT,
    when: hinted(500, 'app:a', 'app:b'),
    commands: [call({ type: 'reread', namespecs: ['app:a', 'app:b'] })],
  },
  {
    name: 'hints during a call: one re-read of them all after it',
    given: [...WITH_AGENT, tick(1000), hinted(1001, 'app:a'), hinted(1001, 'app:b', 'app:a')],
    when: probed(1002),
    commands: [call({ type: 'reread', namespecs: ['app:a', 'app:b'] })],
  },
  {
    name: 'hint before the first full read: a full poll instead',
    given: [started(0), failed(1, 'refused')],
    when: hinted(500, 'app:a'),
    commands: [call({ type: 'poll', skipKey: null })],
  },
  {
    name: 're-read answered: the processes go to the batch',
    given: [...WITH_AGENT, hinted(500, 'app:a')],
    when: { type: 'reread:answered', at: at(502), processes: [] },
    commands: [{ type: 'reread', poll: { instance: 'n1', at: at(502), processes: [] } }],
  },
  {
    name: 're-read of a name supervisord does not know: a full poll',
    given: [...WITH_AGENT, hinted(500, 'app:a')],
    when: { type: 'reread:answered', at: at(502), processes: null },
    commands: [call({ type: 'poll', skipKey: 'k1' })],
  },
  {
    name: 're-read failed: a full poll decides',
    given: [...WITH_AGENT, hinted(500, 'app:a')],
    when: failed(502, 'timeout'),
    commands: [call({ type: 'poll', skipKey: 'k1' })],
  },
  {
    name: 'poll requested during a poll: the next one right after it',
    given: [...SYNCED, tick(1000), { type: 'poll:requested', at: at(1001) }],
    when: same(1002),
    commands: [call({ type: 'poll', skipKey: 'k1' })],
    none: ['reread'],
  },
  {
    name: 'a job running: polls on the fast period',
    given: [...SYNCED, { type: 'fast-polling', on: true, at: at(100) }],
    when: same(101),
    commands: [timer('poll', 200)],
  },
  {
    name: 'stopped: the timers disarmed, and nothing more',
    given: [...SYNCED, tick(1000)],
    when: { type: 'monitor:stopped' },
    commands: [timer('poll', null), timer('liveness', null)],
    state: { running: false, inFlight: null },
  },
];

describe('monitorReducer', () => {
  it.each(rows)('$name', ({ given, when, commands = [], none = [], state }) => {
    const before = replay(given).state;
    const after = monitorReducer(before, when);
    expect(after.commands).toEqual(expect.arrayContaining(commands));
    for (const type of none) expect(after.commands.filter((c) => c.type === type)).toEqual([]);
    if (state) expect(after.state).toMatchObject(state);
  });

  it('once stopped, a late answer changes nothing', () => {
    const stopped = replay([...SYNCED, tick(1000), { type: 'monitor:stopped' }]).state;
    expect(monitorReducer(stopped, failed(1001, 'refused'))).toEqual({ state: stopped, commands: [] });
  });

  it('one call at a time: a tick during a re-read polls after it', () => {
    const { state } = replay([...WITH_AGENT, hinted(999, 'app:a'), tick(1000)]);
    expect(state).toMatchObject({ inFlight: 'reread', pollWanted: true });
    const after = monitorReducer(state, { type: 'reread:answered', at: at(1001), processes: [] });
    expect(after.commands).toEqual(expect.arrayContaining([call({ type: 'probe', fresh: false })]));
  });
});
