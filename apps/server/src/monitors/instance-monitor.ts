import type { SupervisordConfigInfo, SupervisordProcessInfo } from '@supfleet/protocol';
import type { ConfigInfo, PolledState, ProcessInfo } from '@supfleet/supervisor-client';
import {
  instanceLiveness,
  livenessFacts,
  NO_LIVENESS_FACTS,
  pollNeedsResync,
  type InstanceConfig,
  type LivenessEvent,
  type LivenessFacts,
  type LivenessVerdict,
} from '@supfleet/core';
import { ProtocolError, SupervisorClient, SupervisorFault, TimeoutError } from '@supfleet/supervisor-client';
import type { FleetStore } from '../fleet-store';
import { silentLogger, type Logger } from '../logging/logger';
import type { PollBatch } from './poll-batch';
import { SupervisorChanges, type Fence } from '../leader/supervisor-changes';

export interface MonitorOptions {
  pollPeriodMs: number;
  fastPollPeriodMs: number;
  rpcTimeoutMs: number;
  /** A call unanswered this long: SILENT "not answering", processes stale (core's instanceLiveness). */
  silentAfterMs: number;
  /** Unanswered this long: lost, its processes FATAL and the running failure strategies applied. */
  lostAfterMs: number;
  /** While the node agent is alive: period of the full poll; the other polls only probe liveness. */
  resyncPeriodMs?: number;
  username?: string;
  password?: string;
  /** The clock (epoch ms); injected so that a test can drive it. */
  now?: () => number;
  /** Told of every poll (metrics): how long it took, and why it failed. */
  onPoll?: (poll: PollOutcome) => void;
  /** Where the re-reads of agent hints go, to reach the model with those of other instances. */
  rereads?: Pick<PollBatch, 'add'>;
  /** The gate of the calls that change this supervisord (the leader's term); none: always open. */
  fence?: Fence;
}

const OPEN_FENCE: Fence = { fence: () => undefined };

export interface PollOutcome {
  instance: string;
  durationMs: number;
  /** Null when supervisord answered. */
  error: string | null;
}

/**
 * supervisor-client imports nothing of ours, so the shape of supervisord's answers is declared
 * there (what it decodes) and in protocol (what the fleet model reads). The decoded answers go
 * into the model as they are, with no cast; this stops the build if the two ever differ.
 */
type Agree<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Expect<T extends true> = T;
export type SupervisordShapesAgree = [
  Expect<Agree<ProcessInfo, SupervisordProcessInfo>>,
  Expect<Agree<ConfigInfo, SupervisordConfigInfo>>,
];

/** Up to this many processes, a re-read's answer stays well under the ~4 KB of a Nagle wait. */
const KEPT_REREAD_MAX = 4;

/** A stable point of the resync period for an instance: spread by a hash of its id. */
function resyncPhase(id: string, periodMs: number): number {
  let hash = 0;
  for (let i = 0; i < id.length; i += 1) hash = (hash * 31 + id.charCodeAt(i)) >>> 0;
  return hash % periodMs;
}

/** supervisord's own states: RUNNING 1; RESTARTING 2 and SHUTDOWN -1 mean it is going away. */
const SUPERVISORD_RUNNING = 1;

/**
 * Watches one supervisord: full resync on first contact, whenever supervisord restarted (its
 * pid changed) and whenever it answers again after a silence, then one decoded poll per period.
 * Liveness is core's rule over what the calls saw: a refusal is lost at once, a call unanswered
 * for silent_after is "not answering" (judged by a timer, not by the call's timeout), and
 * lost_after of silence confirms the loss.
 */
export class InstanceMonitor {
  /** Reads only: what changes supervisord goes through `changes`. */
  readonly client: SupervisorClient;
  /** start, stop, clear logs, restart / shutdown: each fenced by the leader's term. */
  readonly changes: SupervisorChanges;
  #synced = false;
  #pid: number | null = null;
  #timer: NodeJS.Timeout | null = null;
  #livenessTimer: NodeJS.Timeout | null = null;
  #polling: Promise<void> | null = null;
  #again = false;
  #stopped = false;
  #fast = 0;
  #facts: LivenessFacts = NO_LIVENESS_FACTS;
  /** The verdict the fleet model was last told. */
  #verdict: LivenessVerdict = 'answering';
  #lastError = '';
  #polled = false;
  readonly #now: () => number;
  /** The node agent pushes events: polls only probe liveness, a full read every resync period. */
  #agent = false;
  /** Epoch ms of the last full read. */
  #lastFull = 0;
  #forceFull = false;
  /** Processes an agent event named, waiting for their re-read. */
  readonly #hinted = new Set<string>();
  #rereadQueued = false;
  /** Polls and re-reads run one at a time, so an older answer never overwrites a newer one. */
  #chain: Promise<void> = Promise.resolve();
  /** The last poll answer without what changes every second (SupervisorClient.pollStateUnlessSame). */
  #pollKey: string | null = null;

  constructor(
    readonly instance: InstanceConfig,
    private readonly store: FleetStore,
    private readonly options: MonitorOptions,
    /** The instance's own child logger. */
    readonly log: Logger = silentLogger(),
  ) {
    this.#now = options.now ?? Date.now;
    this.client = new SupervisorClient({
      url: `http://${instance.host}:${instance.port}`,
      username: options.username,
      password: options.password,
      timeoutMs: options.rpcTimeoutMs,
      name: instance.id,
    });
    this.changes = new SupervisorChanges(this.client, options.fence ?? OPEN_FENCE);
  }

  /** Whether one poll has ended, answered or not (readiness: the state shown is a real one). */
  get polled(): boolean {
    return this.#polled;
  }

  /** What the liveness rule was last given (the node agent's calls may add to it). */
  get facts(): LivenessFacts {
    return this.#facts;
  }

  start(): void {
    this.#stopped = false;
    this.#schedule(0);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#livenessTimer) clearTimeout(this.#livenessTimer);
    await this.#polling;
    await this.#chain;
    this.client.close();
  }

  /** A full poll as soon as possible: now, or right after the poll in flight. */
  requestPoll(): void {
    this.#forceFull = true;
    if (this.#polling) this.#again = true;
    else this.#schedule(0);
  }

  /** Same as requestPoll; the name the node agent's hints use. */
  pollNow(): void {
    this.requestPoll();
  }

  /** While a job runs, poll at the fast period; calls nest. */
  fastPolling(on: boolean): void {
    this.#fast = Math.max(0, this.#fast + (on ? 1 : -1));
    if (on) this.requestPoll();
  }

  /** The agent says these processes changed: re-read just them, in one small call. */
  hint(namespecs: string[]): void {
    if (this.#stopped) return;
    for (const namespec of namespecs) this.#hinted.add(namespec);
    if (this.#rereadQueued) return;
    this.#rereadQueued = true;
    void this.#exclusive(() => this.#reread());
  }

  /**
   * A job's own read of some processes, in turn with the polls (so that no older answer lands
   * after it): the store gets what it says at once, and the caller the decoded answer.
   */
  readProcesses(namespecs: string[]): Promise<SupervisordProcessInfo[]> {
    let infos: SupervisordProcessInfo[] = [];
    return this.#exclusive(async () => {
      infos = await Promise.all(namespecs.map((namespec) => this.client.getProcessInfo(namespec)));
      if (this.#stopped || !this.#synced) return;
      this.store.dispatch({
        type: 'instance:polled',
        instance: this.instance.id,
        at: this.#now(),
        processes: infos,
      });
    }).then(() => infos);
  }

  /** The agent came (polls slow down to probes) or went (a full poll catches up at once). */
  setAgent(alive: boolean): void {
    this.#agent = alive;
    this.log.info({ agent: alive }, alive ? 'node agent pushing' : 'node agent gone');
    if (!alive) this.requestPoll();
    // Each instance's full reads at its own point of the resync period: the polls are on the
    // same ticks (#untilNextTick), and a fleet's resyncs must not all come on one of them.
    else this.#lastFull = this.#now() - resyncPhase(this.instance.id, this.#resyncPeriod());
  }

  #resyncPeriod(): number {
    return this.options.resyncPeriodMs ?? 10_000;
  }

  /** Records what one call to supervisord saw, and tells the fleet model if the verdict changed. */
  note(event: LivenessEvent): void {
    this.#facts = livenessFacts(this.#facts, event);
    this.#judge();
  }

  #schedule(delay: number): void {
    if (this.#stopped) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#run(), delay);
  }

  #run(): void {
    if (this.#stopped || this.#polling) return;
    this.#polling = this.#exclusive(() => this.#poll()).finally(() => {
      this.#polling = null;
      const again = this.#again;
      this.#again = false;
      this.#schedule(again ? 0 : this.#untilNextTick());
    });
  }

  /**
   * Every monitor polls on the same ticks of the clock (multiples of the period), not each on its
   * own: the server then wakes once per period for all its instances instead of once per
   * instance, which halves the cost of polling 100 of them (BENCHMARKS.md).
   */
  #untilNextTick(): number {
    const period = this.#fast > 0 ? this.options.fastPollPeriodMs : this.options.pollPeriodMs;
    return period - (this.#now() % period);
  }

  #exclusive(task: () => Promise<void>): Promise<void> {
    const run = this.#chain.then(task);
    this.#chain = run.catch(() => undefined);
    return run;
  }

  async #poll(): Promise<void> {
    const startedAt = performance.now();
    const error = await this.#pollOnce();
    this.#polled = true;
    if (this.#stopped) return;
    this.options.onPoll?.({ instance: this.instance.id, durationMs: performance.now() - startedAt, error });
  }

  /** One poll; resolves with why it failed, or null. */
  async #pollOnce(): Promise<string | null> {
    const probeOnly =
      this.#agent &&
      this.#synced &&
      this.#fast === 0 &&
      !this.#forceFull &&
      this.#now() - this.#lastFull < this.#resyncPeriod();
    this.#forceFull = false;
    if (probeOnly) {
      const probed = await this.#probe();
      if (!probed.full) return probed.error;
    }
    this.note({ type: 'call:sent', at: this.#now() });
    let polled: PolledState | null;
    try {
      // An answer that says what the last one said is not decoded (cheaper polling, BENCHMARKS.md).
      const skip = this.#synced && this.#verdict === 'answering' ? this.#pollKey : null;
      const answer = await this.client.pollStateUnlessSame(skip);
      this.#pollKey = answer.key;
      polled = answer.polled;
    } catch (error) {
      this.#failed(error);
      return this.#lastError;
    }
    if (this.#stopped) return null;
    if (polled === null) {
      this.note({ type: 'call:answered', at: this.#now() });
      this.store.dispatch({
        type: 'instance:polled',
        instance: this.instance.id,
        at: this.#now(),
        processes: [],
      });
      this.#lastFull = this.#now();
      return null;
    }
    if (polled.state.statecode !== SUPERVISORD_RUNNING) {
      // It answers, but is going away: nothing it runs will keep running.
      this.#lastError = `supervisord is ${polled.state.statename}`;
      this.note({ type: 'call:refused', at: this.#now() });
      return this.#lastError;
    }
    const recovered = this.#verdict !== 'answering';
    this.note({ type: 'call:answered', at: this.#now() });
    const { pid, processes } = polled;
    if (
      recovered ||
      !this.#synced ||
      pid !== this.#pid ||
      pollNeedsResync(this.store.state, this.instance.id, processes)
    ) {
      this.#lastFull = this.#now();
      return this.#resync(polled);
    }
    this.store.dispatch({ type: 'instance:polled', instance: this.instance.id, at: this.#now(), processes });
    this.#lastFull = this.#now();
    return null;
  }

  /**
   * The liveness call while an agent pushes the changes: a few hundred bytes. `full` when it
   * cannot stand for a full poll (supervisord restarted, or is going away); else why it failed, or null.
   */
  async #probe(): Promise<{ full: boolean; error: string | null }> {
    this.note({ type: 'call:sent', at: this.#now() });
    let probed: { state: { statecode: number }; pid: number };
    try {
      probed = await this.client.probe();
    } catch (error) {
      // A fault or an odd answer: the full poll says what is wrong.
      if (error instanceof SupervisorFault || error instanceof ProtocolError)
        return { full: true, error: null };
      this.#failed(error);
      return { full: false, error: this.#lastError };
    }
    if (this.#stopped) return { full: false, error: null };
    if (probed.state.statecode !== SUPERVISORD_RUNNING || probed.pid !== this.#pid) {
      return { full: true, error: null };
    }
    this.note({ type: 'call:answered', at: this.#now() });
    this.store.dispatch({
      type: 'instance:polled',
      instance: this.instance.id,
      at: this.#now(),
      processes: [],
    });
    return { full: false, error: null };
  }

  async #reread(): Promise<void> {
    this.#rereadQueued = false;
    const namespecs = [...this.#hinted];
    this.#hinted.clear();
    if (this.#stopped || namespecs.length === 0) return;
    if (!this.#synced) return this.requestPoll();
    let answers: unknown[];
    try {
      answers = await this.client.multicall(
        namespecs.map((namespec) => ({ methodName: 'supervisor.getProcessInfo', params: [namespec] })),
        // A few processes' answer is small: on the probe's kept connection.
        { keptConnection: namespecs.length <= KEPT_REREAD_MAX },
      );
    } catch {
      // Whether supervisord is busy or gone is the poll's call to make.
      if (!this.#stopped) this.requestPoll();
      return;
    }
    if (this.#stopped) return;
    // A name supervisord does not know (BAD_NAME): its programs changed, read them all.
    if (answers.some((answer) => answer instanceof SupervisorFault)) return this.requestPoll();
    const poll = {
      instance: this.instance.id,
      at: this.#now(),
      processes: answers as SupervisordProcessInfo[],
    };
    if (this.options.rereads) this.options.rereads.add(poll);
    else this.store.dispatch({ type: 'instance:polled', ...poll });
  }

  #failed(error: unknown): void {
    if (this.#stopped) return;
    this.#lastError = error instanceof Error ? error.message : String(error);
    // A late answer is no verdict (the timer judges silence); anything else is a refusal.
    const late = error instanceof TimeoutError;
    this.note({ type: late ? 'call:timed-out' : 'call:refused', at: this.#now() });
  }

  /** Full read after first contact, a restart of supervisord or a silence: CHECKING, then RUNNING. */
  async #resync({ pid, processes }: PolledState): Promise<string | null> {
    const id = this.instance.id;
    this.store.dispatch({ type: 'instance:checking', instance: id, at: this.#now() });
    this.note({ type: 'call:sent', at: this.#now() });
    let identification: string;
    let configs: ConfigInfo[];
    try {
      [identification, configs] = await Promise.all([
        this.client.getIdentification(),
        this.client.getAllConfigInfo(),
      ]);
    } catch (error) {
      this.#failed(error);
      return this.#lastError;
    }
    if (this.#stopped) return null;
    this.note({ type: 'call:answered', at: this.#now() });
    this.store.dispatch({
      type: 'instance:synced',
      instance: id,
      at: this.#now(),
      identification,
      configs,
      processes,
    });
    this.#synced = true;
    this.#pid = pid;
    this.log.info({ pid, processes: processes.length }, 'supervisord synced');
    return null;
  }

  #judge(): void {
    if (this.#livenessTimer) clearTimeout(this.#livenessTimer);
    this.#livenessTimer = null;
    if (this.#stopped) return;
    const now = this.#now();
    const liveness = instanceLiveness(this.#facts, now, this.options);
    const before = this.#verdict;
    this.#verdict = liveness.verdict;
    if (liveness.verdict !== 'answering') this.#synced = false;
    const id = this.instance.id;
    const since = liveness.since ?? now;
    if (liveness.verdict === 'not-answering' && before === 'answering') {
      this.log.warn({ since }, 'supervisord not answering');
      this.store.dispatch({
        type: 'instance:not-answering',
        instance: id,
        at: now,
        since,
        error: 'not answering',
      });
    } else if (liveness.verdict === 'lost' && before !== 'lost') {
      const error = this.#facts.refused
        ? this.#lastError
        : `no answer for ${Math.round((now - since) / 1000)} s (${this.#lastError || 'not answering'})`;
      this.log.warn({ error }, 'supervisord lost');
      this.store.dispatch({ type: 'instance:silent', instance: id, at: now, since, error });
    }
    if (liveness.recheckAt !== null) {
      this.#livenessTimer = setTimeout(() => this.#judge(), Math.max(0, liveness.recheckAt - now));
    }
  }
}
