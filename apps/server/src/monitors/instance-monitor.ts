import type { SupervisordConfigInfo, SupervisordProcessInfo } from '@supfleet/protocol';
import { pollNeedsResync, type InstanceConfig } from '@supfleet/core';
import { SupervisorClient, SupervisorFault, TimeoutError } from '@supfleet/supervisor-client';
import type { FleetStore } from '../fleet-store';
import { silentLogger, type Logger } from '../logging/logger';

export interface MonitorOptions {
  pollPeriodMs: number;
  fastPollPeriodMs: number;
  rpcTimeoutMs: number;
  /** How long an instance may answer nothing (timeouts) before it is SILENT. */
  silentAfterMs: number;
  /** While the node agent is alive: period of the full poll; the other polls only probe liveness. */
  resyncPeriodMs: number;
  username?: string;
  password?: string;
  /** Told of every poll (metrics): how long it took, and why it failed. */
  onPoll?: (poll: PollOutcome) => void;
}

export interface PollOutcome {
  instance: string;
  durationMs: number;
  /** Null when supervisord answered. */
  error: string | null;
}

/** supervisord's own states: RUNNING 1; RESTARTING 2 and SHUTDOWN -1 mean it is going away. */
const SUPERVISORD_RUNNING = 1;

/**
 * Watches one supervisord: full resync on first contact and whenever supervisord restarted
 * (its pid changed) or was silent, then one multicall per period. A refused connection or a
 * call that times out makes the instance SILENT at once; the next answer resyncs it.
 */
export class InstanceMonitor {
  readonly client: SupervisorClient;
  #synced = false;
  #pid: number | null = null;
  #timer: NodeJS.Timeout | null = null;
  #polling: Promise<void> | null = null;
  #again = false;
  #stopped = false;
  #fast = 0;
  /** Epoch ms of the last complete answer; 0 before the first. */
  #lastAnswer = 0;
  /** Whether the loss was logged, so that it is once per loss. */
  #lost = false;
  #polled = false;
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

  constructor(
    readonly instance: InstanceConfig,
    private readonly store: FleetStore,
    private readonly options: MonitorOptions,
    /** The instance's own child logger. */
    readonly log: Logger = silentLogger(),
  ) {
    this.client = new SupervisorClient({
      url: `http://${instance.host}:${instance.port}`,
      username: options.username,
      password: options.password,
      timeoutMs: options.rpcTimeoutMs,
    });
  }

  /** Whether one poll has ended, answered or not (readiness: the state shown is a real one). */
  get polled(): boolean {
    return this.#polled;
  }

  start(): void {
    this.#schedule(0);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#polling;
    await this.#chain;
  }

  /** A full poll as soon as possible: now, or right after the poll in flight. */
  requestPoll(): void {
    this.#forceFull = true;
    if (this.#polling) this.#again = true;
    else this.#schedule(0);
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

  /** The agent came (polls slow down to probes) or went (a full poll catches up at once). */
  setAgent(alive: boolean): void {
    this.#agent = alive;
    if (!alive) this.requestPoll();
  }

  #exclusive(task: () => Promise<void>): Promise<void> {
    const run = this.#chain.then(task);
    this.#chain = run.catch(() => undefined);
    return run;
  }

  async #reread(): Promise<void> {
    this.#rereadQueued = false;
    const namespecs = [...this.#hinted];
    this.#hinted.clear();
    if (this.#stopped || namespecs.length === 0) return;
    if (!this.#synced) return this.requestPoll();
    try {
      const answers = await this.client.multicall(
        namespecs.map((namespec) => ({ methodName: 'supervisor.getProcessInfo', params: [namespec] })),
      );
      // A name supervisord does not know (BAD_NAME): its programs changed, read them all.
      if (answers.some((answer) => answer instanceof SupervisorFault)) return this.requestPoll();
      const processes = answers as unknown as SupervisordProcessInfo[];
      this.store.dispatch({ type: 'instance:polled', instance: this.instance.id, at: Date.now(), processes });
      this.#lastAnswer = Date.now();
    } catch {
      // Whether supervisord is busy or gone is the poll's call to make.
      if (!this.#stopped) this.requestPoll();
    }
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
      this.#schedule(again ? 0 : this.#fast > 0 ? this.options.fastPollPeriodMs : this.options.pollPeriodMs);
    });
  }

  async #poll(): Promise<void> {
    const startedAt = performance.now();
    const error = await this.#pollOnce();
    this.#polled = true;
    this.options.onPoll?.({ instance: this.instance.id, durationMs: performance.now() - startedAt, error });
  }

  /** One poll; resolves with why it failed, or null. */
  async #pollOnce(): Promise<string | null> {
    const id = this.instance.id;
    const probeOnly =
      this.#agent &&
      this.#synced &&
      this.#fast === 0 &&
      !this.#forceFull &&
      Date.now() - this.#lastFull < this.options.resyncPeriodMs;
    this.#forceFull = false;
    try {
      if (probeOnly && (await this.#probe())) {
        this.#lastAnswer = Date.now();
        return null;
      }
      const [state, pid, processes] = await this.client.multicall([
        { methodName: 'supervisor.getState', params: [] },
        { methodName: 'supervisor.getPID', params: [] },
        { methodName: 'supervisor.getAllProcessInfo', params: [] },
      ]);
      for (const answer of [state, pid, processes]) if (answer instanceof SupervisorFault) throw answer;
      const statecode = (state as { statecode: number }).statecode;
      if (statecode !== SUPERVISORD_RUNNING) {
        throw new Error(`supervisord is ${(state as { statename: string }).statename}`);
      }
      const infos = processes as unknown as SupervisordProcessInfo[];
      if (!this.#synced || pid !== this.#pid || pollNeedsResync(this.store.state, id, infos)) {
        await this.#resync(infos, pid as number);
      } else {
        this.store.dispatch({ type: 'instance:polled', instance: id, at: Date.now(), processes: infos });
      }
      this.#lastFull = Date.now();
    } catch (error) {
      if (this.#stopped) return null;
      // supervisord answers nothing while it spawns many processes: an instance that accepts the
      // connection but answers late is given silent_after; a refused or impossible connection
      // is a dead instance at once.
      const busy =
        error instanceof TimeoutError &&
        error.connected &&
        Date.now() - this.#lastAnswer < this.options.silentAfterMs;
      if (busy) return describe(error);
      if (!this.#lost) this.log.warn({ error: describe(error) }, 'supervisord lost');
      this.#lost = true;
      this.#synced = false;
      this.store.dispatch({ type: 'instance:silent', instance: id, at: Date.now(), error: describe(error) });
      return describe(error);
    }
    this.#lastAnswer = Date.now();
    return null;
  }

  /**
   * The liveness call while an agent pushes the changes: a few hundred bytes. False when
   * supervisord restarted (its pid changed), which needs the full read.
   */
  async #probe(): Promise<boolean> {
    const [state, pid] = await this.client.multicall([
      { methodName: 'supervisor.getState', params: [] },
      { methodName: 'supervisor.getPID', params: [] },
    ]);
    for (const answer of [state, pid]) if (answer instanceof SupervisorFault) throw answer;
    if ((state as { statecode: number }).statecode !== SUPERVISORD_RUNNING) {
      throw new Error(`supervisord is ${(state as { statename: string }).statename}`);
    }
    if (pid !== this.#pid) return false;
    this.store.dispatch({
      type: 'instance:polled',
      instance: this.instance.id,
      at: Date.now(),
      processes: [],
    });
    return true;
  }

  async #resync(processes: SupervisordProcessInfo[], pid: number): Promise<void> {
    this.store.dispatch({ type: 'instance:checking', instance: this.instance.id, at: Date.now() });
    const [identification, configs] = await Promise.all([
      this.client.getIdentification(),
      this.client.getAllConfigInfo(),
    ]);
    this.store.dispatch({
      type: 'instance:synced',
      instance: this.instance.id,
      at: Date.now(),
      identification,
      configs: configs as unknown as SupervisordConfigInfo[],
      processes,
    });
    this.#synced = true;
    this.#pid = pid;
    this.#lost = false;
    this.log.info({ pid, processes: processes.length }, 'supervisord synced');
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
