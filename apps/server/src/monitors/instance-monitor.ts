import type { SupervisordConfigInfo, SupervisordProcessInfo } from '@supfleet/protocol';
import type { ConfigInfo, ProcessInfo } from '@supfleet/supervisor-client';
import {
  initialMonitorState,
  monitorReducer,
  pollNeedsResync,
  type CallFailure,
  type InstanceConfig,
  type LivenessFacts,
  type MonitorCall,
  type MonitorCommand,
  type MonitorEvent,
  type MonitorState,
  type MonitorTimer,
} from '@supfleet/core';
import { ProtocolError, SupervisorClient, SupervisorFault, TimeoutError } from '@supfleet/supervisor-client';
import { systemClock, type Clock, type TimerHandle } from '../clock/clock';
import type { FleetModel } from '../fleet-model';
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
  /** Every timer and every time read; a test drives a fake one. */
  clock?: Clock;
  /** Told of every poll (metrics): how long it took, and why it failed. */
  onPoll?: (poll: PollOutcome) => void;
  /** Where the re-reads of agent hints go, to reach the model with those of other instances. */
  rereads?: Pick<PollBatch, 'add'>;
  /** The gate of the calls that change this supervisord (the leader's term); none: always open. */
  fence?: Fence;
}

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

const OPEN_FENCE: Fence = { fence: () => undefined };

/** Up to this many processes, a re-read's answer stays well under the ~4 KB of a Nagle wait. */
const KEPT_REREAD_MAX = 4;

/**
 * Watches one supervisord: core's monitorReducer decides (when to poll, probe, re-read, resync,
 * and the liveness verdict); this performs its commands (the calls, decoded; the timers, on the
 * clock; the fleet events) and feeds the answers back.
 */
export class InstanceMonitor {
  /** Reads only: what changes supervisord goes through `changes`. */
  readonly client: SupervisorClient;
  /** start, stop, clear logs, restart / shutdown: each fenced by the leader's term. */
  readonly changes: SupervisorChanges;
  #state: MonitorState;
  readonly #clock: Clock;
  readonly #timers = new Map<MonitorTimer, TimerHandle>();
  /** The call in flight, settled when its answer has been reduced. */
  #call: Promise<void> = Promise.resolve();
  /** performance.now() when the poll in progress began (metrics). */
  #pollStartedAt: number | null = null;
  /** Events that came while commands were being performed: reduced after them, in order. */
  readonly #queue: MonitorEvent[] = [];
  #reducing = false;

  constructor(
    readonly instance: InstanceConfig,
    private readonly store: FleetModel,
    private readonly options: MonitorOptions,
    /** The instance's own child logger. */
    readonly log: Logger = silentLogger(),
  ) {
    this.#clock = options.clock ?? systemClock;
    this.#state = initialMonitorState({
      instance: instance.id,
      pollPeriodMs: options.pollPeriodMs,
      fastPollPeriodMs: options.fastPollPeriodMs,
      resyncPeriodMs: options.resyncPeriodMs ?? 10_000,
      silentAfterMs: options.silentAfterMs,
      lostAfterMs: options.lostAfterMs,
    });
    this.client = new SupervisorClient({
      url: `http://${instance.host}:${instance.port}`,
      username: options.username,
      password: options.password,
      timeoutMs: options.rpcTimeoutMs,
      name: instance.id,
      onKeptConnectionClosed: () => this.#dispatch({ type: 'kept-connection:closed', at: this.#now() }),
    });
    this.changes = new SupervisorChanges(this.client, options.fence ?? OPEN_FENCE);
  }

  /** Whether one poll has ended, answered or not (readiness: the state shown is a real one). */
  get polled(): boolean {
    return this.#state.polled;
  }

  /** What the liveness rule was last given. */
  get facts(): LivenessFacts {
    return this.#state.facts;
  }

  start(): void {
    this.#dispatch({ type: 'monitor:started', at: this.#now() });
  }

  /** Stops polling; the call in flight is abandoned (its connection closed) and the kept connection closed. */
  async stop(): Promise<void> {
    this.#dispatch({ type: 'monitor:stopped' });
    this.client.close();
    await this.#call;
  }

  /** A full poll as soon as possible: now, or right after the call in flight. */
  requestPoll(): void {
    this.#dispatch({ type: 'poll:requested', at: this.#now() });
  }

  /** Same as requestPoll; the name the node agent's hints use. */
  pollNow(): void {
    this.requestPoll();
  }

  /** While a job runs, poll at the fast period; calls nest. */
  fastPolling(on: boolean): void {
    this.#dispatch({ type: 'fast-polling', on, at: this.#now() });
  }

  /** The agent says these processes changed: re-read just them, in one small call. */
  hint(namespecs: string[]): void {
    this.#dispatch({ type: 'hinted', namespecs, at: this.#now() });
  }

  /**
   * A job's own read of some processes, in turn with the polls (so that no older answer lands
   * after it): the store gets what it says at once, and the caller the decoded answer.
   */
  readProcesses(namespecs: string[]): Promise<SupervisordProcessInfo[]> {
    // After the call in flight: supervisord answers in turn, so no older answer lands after this one.
    return this.#call.then(async () => {
      const infos = await Promise.all(namespecs.map((namespec) => this.client.getProcessInfo(namespec)));
      if (this.#state.running && this.#state.synced)
        this.store.dispatch({
          type: 'instance:polled',
          instance: this.instance.id,
          at: this.#now(),
          processes: infos,
        });
      return infos;
    });
  }

  /** The agent came (polls slow down to probes) or went (a full poll catches up at once). */
  setAgent(alive: boolean): void {
    this.#dispatch({ type: 'agent', alive, at: this.#now() });
  }

  #now(): number {
    return this.#clock.now();
  }

  #dispatch(event: MonitorEvent): void {
    this.#queue.push(event);
    // A fleet event's listener may call back in (a job starting polls fast): after these commands.
    if (this.#reducing) return;
    this.#reducing = true;
    try {
      for (let next = this.#queue.shift(); next; next = this.#queue.shift()) {
        const { state, commands } = monitorReducer(this.#state, next);
        this.#state = state;
        for (const command of commands) this.#perform(command);
      }
    } finally {
      this.#reducing = false;
    }
  }

  #perform(command: MonitorCommand): void {
    switch (command.type) {
      case 'call':
        if (command.call.type !== 'reread') this.#pollStartedAt ??= performance.now();
        this.#call = this.#answer(command.call)
          .then((event) => this.#dispatch(event))
          .catch((error: unknown) => this.log.error({ err: error }, 'monitor failed to take an answer'));
        return;
      case 'fleet':
        this.store.dispatch(command.event);
        return;
      case 'reread':
        if (this.options.rereads) this.options.rereads.add(command.poll);
        else this.store.dispatch({ type: 'instance:polled', ...command.poll });
        return;
      case 'timer': {
        const { timer, at } = command;
        this.#clock.cancel(this.#timers.get(timer));
        this.#timers.delete(timer);
        if (at === null) return;
        const fire = () => this.#dispatch({ type: 'timer:fired', timer, at: this.#now() });
        this.#timers.set(timer, this.#clock.schedule(fire, Math.max(0, at - this.#now())));
        return;
      }
      case 'poll:ended': {
        const startedAt = this.#pollStartedAt ?? performance.now();
        this.#pollStartedAt = null;
        const durationMs = performance.now() - startedAt;
        this.options.onPoll?.({ instance: this.instance.id, durationMs, error: command.error });
        return;
      }
      case 'log':
        this.log[command.level](command.data, command.message);
        return;
    }
  }

  /** Performs one call and says what it saw, decoded; never rejects. */
  async #answer(call: MonitorCall): Promise<MonitorEvent> {
    try {
      return await this.#callOnce(call);
    } catch (error) {
      return { type: 'call:failed', at: this.#now(), failure: failureOf(error), message: messageOf(error) };
    }
  }

  async #callOnce(call: MonitorCall): Promise<MonitorEvent> {
    const client = this.client;
    switch (call.type) {
      case 'probe': {
        const { state, pid } = await client.probe({ keptConnection: !call.fresh });
        return { type: 'probe:answered', at: this.#now(), statecode: state.statecode, pid };
      }
      case 'poll': {
        const { key, polled } = await client.pollStateUnlessSame(call.skipKey);
        const at = this.#now();
        if (polled === null) return { type: 'poll:answered', at, key, polled: null };
        const { state, pid, processes } = polled;
        return {
          type: 'poll:answered',
          at,
          key,
          polled: {
            statecode: state.statecode,
            statename: state.statename,
            pid,
            processes,
            needsResync: pollNeedsResync(this.store.state, this.instance.id, processes),
          },
        };
      }
      case 'resync': {
        const [identification, configs] = await Promise.all([
          client.getIdentification(),
          client.getAllConfigInfo(),
        ]);
        return { type: 'resync:answered', at: this.#now(), identification, configs };
      }
      case 'reread': {
        // A few processes' answer is small: on the probe's kept connection.
        const answers = await client.getProcessInfos(call.namespecs, {
          keptConnection: call.namespecs.length <= KEPT_REREAD_MAX,
        });
        const processes: ProcessInfo[] = [];
        for (const answer of answers) {
          if (answer instanceof SupervisorFault)
            return { type: 'reread:answered', at: this.#now(), processes: null };
          processes.push(answer);
        }
        return { type: 'reread:answered', at: this.#now(), processes };
      }
    }
  }
}

function failureOf(error: unknown): CallFailure {
  if (error instanceof TimeoutError) return 'timeout';
  if (error instanceof SupervisorFault) return 'fault';
  if (error instanceof ProtocolError) return 'protocol';
  return 'refused';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
