import type { SupervisordConfigInfo, SupervisordProcessInfo } from '@supfleet/protocol';
import type { FleetEvent, InstancePoll } from '../fleet';
import {
  instanceLiveness,
  livenessFacts,
  NO_LIVENESS_FACTS,
  type LivenessEvent,
  type LivenessFacts,
  type LivenessVerdict,
} from '../liveness';

/**
 * The watch over one supervisord, as a reducer: full read (resync) on first contact, after a
 * restart (its pid changed) and after a silence; one poll per period, only a liveness probe while
 * a node agent pushes the changes; re-reads of the processes the agent names; liveness by core's
 * rule. The server's InstanceMonitor performs the commands (calls, timers, fleet events) and
 * feeds the answers back, decoded. Pure: every event carries its time.
 */
export interface MonitorSettings {
  instance: string;
  pollPeriodMs: number;
  fastPollPeriodMs: number;
  /** While the node agent is alive: period of the full poll; the other polls only probe. */
  resyncPeriodMs: number;
  silentAfterMs: number;
  lostAfterMs: number;
}

/** One call to supervisord; they run one at a time, so an older answer never overwrites a newer one. */
export type MonitorCall =
  /** getState + getPID on the kept connection; `fresh`: on a new one (a kept one just closed). */
  | { type: 'probe'; fresh: boolean }
  /** getState + getPID + getAllProcessInfo; an answer whose key is `skipKey` need not be decoded. */
  | { type: 'poll'; skipKey: string | null }
  /** getIdentification + getAllConfigInfo. */
  | { type: 'resync' }
  /** getProcessInfo of each. */
  | { type: 'reread'; namespecs: string[] };

export type MonitorTimer = 'poll' | 'liveness';

export type MonitorCommand =
  | { type: 'call'; call: MonitorCall }
  | { type: 'fleet'; event: FleetEvent }
  /** A re-read's answer: to the fleet with those of other instances in the same turn. */
  | { type: 'reread'; poll: InstancePoll }
  /** Arms the timer to fire at `at` (epoch ms), replacing the armed one; null disarms it. */
  | { type: 'timer'; timer: MonitorTimer; at: number | null }
  /** One poll ended (metrics): why it failed, or null. */
  | { type: 'poll:ended'; error: string | null }
  | { type: 'log'; level: 'info' | 'warn'; message: string; data: Record<string, unknown> };

/** How a call failed: a timeout is no verdict (the liveness timer judges silence), the rest are refusals. */
export type CallFailure = 'timeout' | 'refused' | 'fault' | 'protocol';

export type MonitorEvent =
  | { type: 'monitor:started'; at: number }
  | { type: 'monitor:stopped' }
  | { type: 'timer:fired'; timer: MonitorTimer; at: number }
  /** A full poll as soon as possible: now, or right after the call in flight. */
  | { type: 'poll:requested'; at: number }
  /** A job started (on) or ended (off): fast polls while any runs. */
  | { type: 'fast-polling'; on: boolean; at: number }
  /** The agent says these processes changed. */
  | { type: 'hinted'; namespecs: string[]; at: number }
  | { type: 'agent'; alive: boolean; at: number }
  /** The kept connection closed: supervisord died, or closed an idle connection. */
  | { type: 'kept-connection:closed'; at: number }
  /** The call in flight failed. */
  | { type: 'call:failed'; at: number; failure: CallFailure; message: string }
  | { type: 'probe:answered'; at: number; statecode: number; pid: number }
  | {
      type: 'poll:answered';
      at: number;
      key: string;
      /** Null: the same as the answer of key `skipKey`. */
      polled: {
        statecode: number;
        statename: string;
        pid: number;
        processes: SupervisordProcessInfo[];
        /** The processes are not those the fleet model was synced with (core's pollNeedsResync). */
        needsResync: boolean;
      } | null;
    }
  | { type: 'resync:answered'; at: number; identification: string; configs: SupervisordConfigInfo[] }
  /** `processes` null: supervisord does not know one of the names (its programs changed). */
  | { type: 'reread:answered'; at: number; processes: SupervisordProcessInfo[] | null };

export interface MonitorState {
  settings: MonitorSettings;
  running: boolean;
  inFlight: MonitorCall['type'] | null;
  /** A poll is due: it starts when no call is in flight. */
  pollWanted: boolean;
  /** The next poll reads everything, even while an agent pushes. */
  forceFull: boolean;
  /** The next poll's probe goes on a new connection (the kept one closed). */
  confirm: boolean;
  /** Processes an agent event named, waiting for their re-read. */
  hinted: string[];
  /** Jobs running: fast polls while above 0. */
  fast: number;
  agent: boolean;
  synced: boolean;
  pid: number | null;
  /** The last poll answer without what changes every second. */
  pollKey: string | null;
  /** The poll answer a resync in flight completes. */
  resyncing: { pid: number; processes: SupervisordProcessInfo[] } | null;
  /** Epoch ms of the last full read. */
  lastFull: number;
  facts: LivenessFacts;
  /** The verdict the fleet model was last told. */
  verdict: LivenessVerdict;
  /** When the liveness timer is armed for (epoch ms), null when it is not. */
  livenessAt: number | null;
  lastError: string;
  /** One poll has ended, answered or not. */
  polled: boolean;
}

export interface MonitorReduction {
  state: MonitorState;
  commands: MonitorCommand[];
}

/** supervisord's own states: RUNNING 1; RESTARTING 2 and SHUTDOWN -1 mean it is going away. */
const SUPERVISORD_RUNNING = 1;

export function initialMonitorState(settings: MonitorSettings): MonitorState {
  return {
    settings,
    running: false,
    inFlight: null,
    pollWanted: false,
    forceFull: false,
    confirm: false,
    hinted: [],
    fast: 0,
    agent: false,
    synced: false,
    pid: null,
    pollKey: null,
    resyncing: null,
    lastFull: 0,
    facts: NO_LIVENESS_FACTS,
    verdict: 'answering',
    livenessAt: null,
    lastError: '',
    polled: false,
  };
}

/** A stable point of the resync period for an instance: spread by a hash of its id. */
export function resyncPhase(id: string, periodMs: number): number {
  let hash = 0;
  for (let i = 0; i < id.length; i += 1) hash = (hash * 31 + id.charCodeAt(i)) >>> 0;
  return hash % periodMs;
}

export function monitorReducer(state: MonitorState, event: MonitorEvent): MonitorReduction {
  if (!state.running && event.type !== 'monitor:started') return { state, commands: [] };
  const out: MonitorCommand[] = [];
  const next = startNextCall(reduce(state, event, out), event, out);
  return { state: next, commands: out };
}

function reduce(s: MonitorState, event: MonitorEvent, out: MonitorCommand[]): MonitorState {
  switch (event.type) {
    case 'monitor:started':
      return s.running ? s : { ...s, running: true, pollWanted: true };
    case 'monitor:stopped':
      out.push({ type: 'timer', timer: 'poll', at: null }, { type: 'timer', timer: 'liveness', at: null });
      // The answer of a call in flight is not waited for: a started monitor begins anew.
      return { ...s, running: false, inFlight: null, resyncing: null, livenessAt: null };
    case 'timer:fired':
      if (event.timer === 'liveness') return judge({ ...s, livenessAt: null }, event.at, out);
      return { ...s, pollWanted: true };
    case 'poll:requested':
      return { ...s, pollWanted: true, forceFull: true };
    case 'fast-polling': {
      const fast = Math.max(0, s.fast + (event.on ? 1 : -1));
      return event.on ? { ...s, fast, pollWanted: true, forceFull: true } : { ...s, fast };
    }
    case 'hinted': {
      const hinted = [...new Set([...s.hinted, ...event.namespecs])];
      return { ...s, hinted };
    }
    case 'agent':
      out.push({
        type: 'log',
        level: 'info',
        message: event.alive ? 'node agent pushing' : 'node agent gone',
        data: { agent: event.alive },
      });
      if (!event.alive) return { ...s, agent: false, pollWanted: true, forceFull: true };
      // Each instance's full reads at its own point of the resync period: the polls are on the
      // same ticks (nextTick), and a fleet's resyncs must not all come on one of them.
      return {
        ...s,
        agent: true,
        lastFull: event.at - resyncPhase(s.settings.instance, s.settings.resyncPeriodMs),
      };
    case 'kept-connection:closed':
      // A call in flight tells by its own answer; otherwise ask at once, on a new connection.
      return s.inFlight !== null ? s : { ...s, pollWanted: true, confirm: true };
    case 'call:failed':
      return failedCall(s, event, out);
    case 'probe:answered':
      return probed(s, event, out);
    case 'poll:answered':
      return polled(s, event, out);
    case 'resync:answered':
      return resynced(s, event, out);
    case 'reread:answered':
      return reread(s, event, out);
  }
}

/** When no call is in flight: the poll that is due, else the re-read of what the agent named. */
function startNextCall(s: MonitorState, event: MonitorEvent, out: MonitorCommand[]): MonitorState {
  if (!s.running || s.inFlight !== null) return s;
  const at = 'at' in event ? event.at : 0;
  if (s.pollWanted) return startPoll(s, at, out);
  if (s.hinted.length === 0) return s;
  // Not synced: names cannot be placed yet, a full read is what is needed.
  if (!s.synced) return startPoll({ ...s, hinted: [], forceFull: true }, at, out);
  out.push({ type: 'call', call: { type: 'reread', namespecs: s.hinted } });
  return { ...s, hinted: [], inFlight: 'reread' };
}

function startPoll(s: MonitorState, at: number, out: MonitorCommand[]): MonitorState {
  out.push({ type: 'timer', timer: 'poll', at: null });
  const probeOnly =
    s.agent && s.synced && s.fast === 0 && !s.forceFull && at - s.lastFull < s.settings.resyncPeriodMs;
  const started = { ...s, pollWanted: false, forceFull: false, confirm: false };
  if (!probeOnly) return fullPoll(started, at, out);
  out.push({ type: 'call', call: { type: 'probe', fresh: s.confirm } });
  return note({ ...started, inFlight: 'probe' }, { type: 'call:sent', at }, out);
}

function fullPoll(s: MonitorState, at: number, out: MonitorCommand[]): MonitorState {
  // An answer that says what the last one said is not decoded (cheaper polling, BENCHMARKS.md).
  const skipKey = s.synced && s.verdict === 'answering' ? s.pollKey : null;
  out.push({ type: 'call', call: { type: 'poll', skipKey } });
  // The full read covers what the agent named.
  return note({ ...s, inFlight: 'poll', hinted: [] }, { type: 'call:sent', at }, out);
}

/** The poll (probe, poll and resync) is over: the next at the next tick, or at once if one is due. */
function endPoll(s: MonitorState, at: number, error: string | null, out: MonitorCommand[]): MonitorState {
  out.push({ type: 'poll:ended', error });
  if (!s.pollWanted) out.push({ type: 'timer', timer: 'poll', at: nextTick(s, at) });
  return { ...s, inFlight: null, polled: true, resyncing: null };
}

/**
 * Every monitor polls on the same ticks of the clock (multiples of the period), not each on its
 * own: the server then wakes once per period for all its instances instead of once per
 * instance, which halves the cost of polling 100 of them (BENCHMARKS.md).
 */
function nextTick(s: MonitorState, at: number): number {
  const period = s.fast > 0 ? s.settings.fastPollPeriodMs : s.settings.pollPeriodMs;
  return at + period - (at % period);
}

function failedCall(
  s: MonitorState,
  event: Extract<MonitorEvent, { type: 'call:failed' }>,
  out: MonitorCommand[],
): MonitorState {
  const { at, failure, message } = event;
  switch (s.inFlight) {
    case null:
      return s;
    case 'reread':
      // Whether supervisord is busy or gone is the poll's call to make.
      return { ...s, inFlight: null, pollWanted: true, forceFull: true };
    case 'probe':
      // A fault or an odd answer: the full poll says what is wrong.
      if (failure === 'fault' || failure === 'protocol') return fullPoll(s, at, out);
      break;
    case 'poll':
    case 'resync':
      break;
  }
  const failed = note(
    { ...s, lastError: message },
    {
      type: failure === 'timeout' ? 'call:timed-out' : 'call:refused',
      at,
    },
    out,
  );
  return endPoll(failed, at, message, out);
}

function probed(
  s: MonitorState,
  event: Extract<MonitorEvent, { type: 'probe:answered' }>,
  out: MonitorCommand[],
): MonitorState {
  if (s.inFlight !== 'probe') return s;
  // supervisord restarted, or is going away: the probe cannot stand for a full poll.
  if (event.statecode !== SUPERVISORD_RUNNING || event.pid !== s.pid) return fullPoll(s, event.at, out);
  const answered = note(s, { type: 'call:answered', at: event.at }, out);
  out.push({
    type: 'fleet',
    event: { type: 'instance:polled', instance: id(s), at: event.at, processes: [] },
  });
  return endPoll(answered, event.at, null, out);
}

function polled(
  s: MonitorState,
  event: Extract<MonitorEvent, { type: 'poll:answered' }>,
  out: MonitorCommand[],
): MonitorState {
  if (s.inFlight !== 'poll') return s;
  const { at, polled } = event;
  const keyed = { ...s, pollKey: event.key };
  if (polled === null) {
    const recovered = s.verdict !== 'answering';
    const answered = note(keyed, { type: 'call:answered', at }, out);
    // Sent before a silence and answered after it: the same answer as then must be read in full
    // now (a resync follows), or the instance would stay SILENT until the next poll.
    if (recovered) return fullPoll(answered, at, out);
    out.push({ type: 'fleet', event: { type: 'instance:polled', instance: id(s), at, processes: [] } });
    return endPoll({ ...answered, lastFull: at }, at, null, out);
  }
  if (polled.statecode !== SUPERVISORD_RUNNING) {
    // It answers, but is going away: nothing it runs will keep running.
    const lastError = `supervisord is ${polled.statename}`;
    const refused = note({ ...keyed, lastError }, { type: 'call:refused', at }, out);
    return endPoll(refused, at, lastError, out);
  }
  const recovered = s.verdict !== 'answering';
  const answered = note({ ...keyed, lastFull: at }, { type: 'call:answered', at }, out);
  if (recovered || !answered.synced || polled.pid !== s.pid || polled.needsResync) {
    // Full read after first contact, a restart of supervisord or a silence: CHECKING, then RUNNING.
    out.push(
      { type: 'fleet', event: { type: 'instance:checking', instance: id(s), at } },
      { type: 'call', call: { type: 'resync' } },
    );
    const resyncing = { pid: polled.pid, processes: polled.processes };
    return note({ ...answered, inFlight: 'resync', resyncing }, { type: 'call:sent', at }, out);
  }
  out.push({
    type: 'fleet',
    event: { type: 'instance:polled', instance: id(s), at, processes: polled.processes },
  });
  return endPoll(answered, at, null, out);
}

function resynced(
  s: MonitorState,
  event: Extract<MonitorEvent, { type: 'resync:answered' }>,
  out: MonitorCommand[],
): MonitorState {
  const resyncing = s.resyncing;
  if (s.inFlight !== 'resync' || !resyncing) return s;
  const { at, identification, configs } = event;
  const answered = note(s, { type: 'call:answered', at }, out);
  const { pid, processes } = resyncing;
  out.push(
    {
      type: 'fleet',
      event: { type: 'instance:synced', instance: id(s), at, identification, configs, processes },
    },
    { type: 'log', level: 'info', message: 'supervisord synced', data: { pid, processes: processes.length } },
  );
  return endPoll({ ...answered, synced: true, pid }, at, null, out);
}

function reread(
  s: MonitorState,
  event: Extract<MonitorEvent, { type: 'reread:answered' }>,
  out: MonitorCommand[],
): MonitorState {
  if (s.inFlight !== 'reread') return s;
  // A name supervisord does not know (BAD_NAME): its programs changed, read them all.
  if (event.processes === null) return { ...s, inFlight: null, pollWanted: true, forceFull: true };
  out.push({ type: 'reread', poll: { instance: id(s), at: event.at, processes: event.processes } });
  return { ...s, inFlight: null };
}

/** Records what one call saw, and tells the fleet model when the verdict changes. */
function note(s: MonitorState, event: LivenessEvent, out: MonitorCommand[]): MonitorState {
  return judge({ ...s, facts: livenessFacts(s.facts, event) }, event.at, out);
}

function judge(s: MonitorState, now: number, out: MonitorCommand[]): MonitorState {
  const liveness = instanceLiveness(s.facts, now, s.settings);
  const before = s.verdict;
  const since = liveness.since ?? now;
  const instance = id(s);
  if (liveness.verdict === 'not-answering' && before === 'answering') {
    out.push(
      { type: 'log', level: 'warn', message: 'supervisord not answering', data: { since } },
      {
        type: 'fleet',
        event: { type: 'instance:not-answering', instance, at: now, since, error: 'not answering' },
      },
    );
  } else if (liveness.verdict === 'lost' && before !== 'lost') {
    const error = s.facts.refused
      ? s.lastError
      : `no answer for ${Math.round((now - since) / 1000)} s (${s.lastError || 'not answering'})`;
    out.push(
      { type: 'log', level: 'warn', message: 'supervisord lost', data: { error } },
      { type: 'fleet', event: { type: 'instance:silent', instance, at: now, since, error } },
    );
  }
  if (liveness.recheckAt !== s.livenessAt)
    out.push({ type: 'timer', timer: 'liveness', at: liveness.recheckAt });
  return {
    ...s,
    verdict: liveness.verdict,
    synced: liveness.verdict === 'answering' && s.synced,
    livenessAt: liveness.recheckAt,
  };
}

function id(s: MonitorState): string {
  return s.settings.instance;
}
