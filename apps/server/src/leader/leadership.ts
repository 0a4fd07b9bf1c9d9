import { EventEmitter } from 'node:events';
import {
  INITIAL_LEASE,
  leaseReducer,
  type LeaseEvent,
  type LeaseSettings,
  type LeaseState,
} from '@supfleet/core';
import type { ServiceStatus } from '@supfleet/protocol';
import type { Clock, TimerHandle } from '../clock/clock';
import { DomainError } from '../errors';
import type { Logger } from '../logging/logger';
import type { LeaderLease } from '../store/leader-lease';

/** Who leads, as this replica knows it: the replica's part of GET /service and `service:updated`. */
export type ReplicaStatus = Pick<ServiceStatus, 'replica' | 'leader' | 'leaderName' | 'leaderUrl' | 'epoch'>;

/** A call that would change a supervisord was not sent: this replica does not hold a term. */
export class FencedError extends DomainError {
  constructor(message: string) {
    super('UNAVAILABLE', message);
  }
}

/** The settings of the lease from `lease_ttl` (docs/ha.md says why these fractions). */
export function leaseSettings(ttlMs: number): LeaseSettings {
  return {
    termMs: ttlMs,
    renewEveryMs: Math.round(ttlMs / 3),
    // A follower asks often, so that it leads soon after the term of a dead leader ends.
    retryEveryMs: Math.round(ttlMs / 6),
    // Time for the fenced call to reach supervisord after the check, and for the clocks' rates.
    marginMs: Math.round(ttlMs / 6),
  };
}

interface LeadershipEvents {
  /** This replica now leads. */
  lead: [epoch: number];
  /** This replica stopped leading (`reason` says why): running jobs are to be interrupted. */
  follow: [reason: string];
  /** Something of `status()` changed. */
  status: [];
}

/**
 * Whether this replica leads, and the one gate every call that changes a supervisord passes.
 *
 * - `sole`: SQLite, one server: it always leads, at epoch 1, with no lease.
 * - `lease`: PostgreSQL: core's leaseReducer driven by the injected clock against the
 *   `leader_lease` row. The term is this replica's own: from when its request was sent, less a
 *   margin; past it, the gate refuses at once, even before the next tick says so.
 */
export class Leadership extends EventEmitter<LeadershipEvents> {
  #state: LeaseState;
  #timer: TimerHandle | undefined;
  #stopped = false;
  #paused = false;
  #answered: (() => void) | null = null;
  #url = '';
  #leaderUrl: string | null = null;
  readonly #settings: LeaseSettings;

  private constructor(
    readonly replica: string,
    private readonly clock: Clock,
    private readonly lease: LeaderLease | null,
    ttlMs: number,
    private readonly log: Logger | undefined,
    /** Told of every call the gate lets through (tests count them). */
    private readonly onSend?: (what: string) => void,
  ) {
    super();
    this.#settings = leaseSettings(ttlMs);
    this.#state = lease
      ? INITIAL_LEASE
      : { ...INITIAL_LEASE, role: 'leader', epoch: 1, holder: replica, leadUntil: Infinity };
  }

  static sole(replica: string, clock: Clock, options: { onSend?: (what: string) => void } = {}): Leadership {
    return new Leadership(replica, clock, null, 0, undefined, options.onSend);
  }

  static lease(
    replica: string,
    lease: LeaderLease,
    clock: Clock,
    options: { ttlMs: number; log?: Logger; onSend?: (what: string) => void },
  ): Leadership {
    return new Leadership(replica, clock, lease, options.ttlMs, options.log, options.onSend);
  }

  get isLeader(): boolean {
    return this.#state.role === 'leader';
  }

  status(): ReplicaStatus {
    const leaderName = this.#state.holder;
    return {
      replica: this.replica,
      leader: this.isLeader,
      leaderName,
      leaderUrl: this.isLeader ? this.#url || null : this.#leaderUrl,
      epoch: this.#state.epoch,
    };
  }

  /** Why an action is refused here (503): null while this replica leads. */
  refusal(): string | null {
    if (this.isLeader) return null;
    const { leaderName, leaderUrl } = this.status();
    if (leaderName === null)
      return 'this replica follows and no replica leads now; try again in a few seconds';
    return `this replica follows; the leader is ${leaderName}${leaderUrl ? ` at ${leaderUrl}` : ''}`;
  }

  /**
   * The fence: throws FencedError unless this replica holds an unexpired term right now, on its
   * own clock. Called synchronously just before the call is sent (SupervisorChanges).
   */
  fence(what: string): void {
    const { role, leadUntil, epoch } = this.#state;
    const now = this.clock.now();
    if (role !== 'leader' || leadUntil === null || now >= leadUntil) {
      const why =
        role === 'leader'
          ? `this replica (${this.replica}) no longer leads: its term at epoch ${epoch} ended ${now - (leadUntil ?? now)} ms ago without a renewal`
          : this.refusal()!;
      this.log?.warn({ call: what, epoch }, `not sent: ${what}: ${why}`);
      throw new FencedError(`${what} not sent: ${why}`);
    }
    this.onSend?.(what);
  }

  /**
   * Starts asking for the lease; `url` is where this replica answers (followers name it).
   * Resolves once the database answered the first attempt (or failed to), so that a replica
   * started alone leads by the time it serves.
   */
  start(url: string): Promise<void> {
    this.#url = url;
    this.#stopped = false;
    if (!this.lease) {
      this.#leaderUrl = url;
      this.emit('lead', 1);
      this.emit('status');
      return Promise.resolve();
    }
    const answered = new Promise<void>((resolve) => (this.#answered = resolve));
    this.#dispatch({ type: 'tick', now: this.clock.now() });
    return answered;
  }

  /** Stops; a leader gives the lease back at once so that another leads without waiting for the term. */
  async stop(options: { release?: boolean } = {}): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.clock.cancel(this.#timer);
    if (!this.lease) return;
    const { epoch, role } = this.#state;
    this.#dispatch({ type: 'stop', now: this.clock.now() });
    if (role === 'leader' && options.release !== false) {
      await this.lease.release(this.replica, epoch).catch((error: unknown) => {
        this.log?.warn({ err: error }, 'could not give the lease back: the next leader waits for the term');
      });
    }
  }

  /**
   * Test-only: stops renewing (and retrying), as a process paused by SIGSTOP or cut from the
   * database would; the gate still judges the term on the clock. `resume` asks again.
   */
  pauseRenewals(): void {
    this.#paused = true;
    this.clock.cancel(this.#timer);
  }

  resumeRenewals(): void {
    this.#paused = false;
    // What was in flight when paused is forgotten, as a stopped process's socket would be.
    this.#state = { ...this.#state, sentAt: null };
    this.#dispatch({ type: 'tick', now: this.clock.now() });
  }

  #dispatch(event: LeaseEvent): void {
    const before = this.#state;
    const { state, commands } = leaseReducer(before, event, this.#settings);
    this.#state = state;
    for (const command of commands) {
      switch (command.type) {
        case 'attempt':
          if (!this.#stopped && !this.#paused) void this.#attempt();
          break;
        case 'lead':
          this.#leaderUrl = this.#url;
          this.log?.info({ epoch: command.epoch }, `this replica leads at epoch ${command.epoch}`);
          this.emit('lead', command.epoch);
          break;
        case 'follow':
          this.log?.warn({ epoch: before.epoch }, `this replica stops leading: ${command.reason}`);
          this.emit('follow', command.reason);
          break;
        case 'release':
          break;
        case 'wake':
          this.clock.cancel(this.#timer);
          if (!this.#stopped && !this.#paused) {
            this.#timer = this.clock
              .schedule(
                () => this.#dispatch({ type: 'tick', now: this.clock.now() }),
                Math.max(0, command.at - this.clock.now()),
              )
              .unref();
          }
          break;
      }
    }
    if (state.holder !== before.holder || state.epoch !== before.epoch || state.role !== before.role)
      this.emit('status');
  }

  async #attempt(): Promise<void> {
    let event: LeaseEvent;
    try {
      const answer = await this.lease!.attempt(this.replica, this.#settings.termMs, this.#url);
      const now = this.clock.now();
      if (answer.granted) event = { type: 'granted', now, holder: answer.holder, epoch: answer.epoch };
      else {
        this.#leaderUrl = answer.url || null;
        event = { type: 'refused', now, holder: answer.holder, epoch: answer.epoch };
      }
    } catch (error) {
      this.log?.warn({ err: error }, 'lease: the database did not answer');
      event = { type: 'failed', now: this.clock.now(), reason: (error as Error).message };
    }
    if (!this.#stopped && !this.#paused) this.#dispatch(event);
    this.#answered?.();
    this.#answered = null;
  }
}
