import type { Job } from '@supfleet/protocol';
import type { Clock, TimerHandle } from '../clock/clock';
import { DomainError } from '../errors';
import { jobsEnded, type FleetChange } from '../fleet-change';
import { heldApplications, type FleetModel } from '../fleet-model';
import type { Logger } from '../logging/logger';
import {
  answerOf,
  forwardAnswerSchema,
  forwardedActionSchema,
  performForwarded,
  type ForwardAnswer,
  type ForwardedAction,
  type ForwardTargets,
} from '../orchestrator/forwarded-action';
import type { SwitchForward, SwitchResult } from '../supervision/program-switch';
import type { Store } from '../store/store';
import type { SignalChannel } from '../store/store-signals';
import type { Leadership } from './leadership';
import type { HandedCall } from './supervisor-changes';

export interface ActionForwardingOptions {
  leaseTtlMs: number;
  clock: Clock;
  log: Logger;
}

/** How long a follower waits for the answer of a row a leader claimed (the claim to the job is ms). */
const CLAIMED_WAIT_TTLS = 3;

/**
 * Actions received by a follower, run by the leader, through the database (docs/ha.md, "Actions
 * sent to a follower"):
 *
 * - the follower queues the action and waits for its answer; nobody claims it within `lease_ttl`
 *   → it withdraws it (so that no leader runs it later) and answers 503 with the reason;
 * - the leader claims pending rows under its epoch, runs each through the orchestrator's entry
 *   point and writes the answer (the job, or the error a local call would get);
 * - a new leader gives up the rows claimed by an earlier epoch and never answered: never run again;
 * - the leader's jobs reach the followers as the database has them (`mirrorJob`), so that their
 *   pages, `GET /jobs/:id` and a forwarded `wait` see them.
 *
 * Signals (LISTEN / NOTIFY) make it quick; a read every `lease_ttl / 6` makes it sure.
 */
export class ActionForwarding {
  readonly #periodMs: number;
  #timer: TimerHandle | undefined;
  #claiming: Promise<void> | null = null;
  #claimAgain = false;
  readonly #toMirror = new Set<string>();
  #mirroring = false;
  readonly #unsubscribe: (() => void)[] = [];

  constructor(
    private readonly store: FleetModel,
    private readonly database: Pick<Store, 'actions' | 'signals' | 'jobs'>,
    private readonly leadership: Leadership,
    /** Created after this (they forward through it). */
    private readonly targets: () => ForwardTargets,
    private readonly options: ActionForwardingOptions,
  ) {
    this.#periodMs = Math.max(50, Math.round(options.leaseTtlMs / 6));
  }

  start(): void {
    const { signals } = this.database;
    this.#unsubscribe.push(
      signals.on('supfleet_actions', () => this.claim()),
      signals.on('supfleet_jobs', (id) => this.#mirrorLater(id)),
    );
    this.#timer = this.options.clock
      .repeat(() => {
        signals.ensure();
        this.claim();
        // A signal lost (the listening connection down) leaves no job shown running for ever.
        if (!this.leadership.isLeader) for (const job of this.store.runningJobs()) this.#mirrorLater(job.id);
      }, this.#periodMs)
      .unref();
  }

  stop(): void {
    this.options.clock.cancel(this.#timer);
    for (const off of this.#unsubscribe.splice(0)) off();
  }

  /** The follower's side of a job action: answered as the leader answers, the job waited for if asked. */
  async forward(action: ForwardedAction, { wait }: { wait: boolean }): Promise<Job> {
    const { job } = await this.#ask(action);
    if (!job) throw new DomainError('INTERNAL', 'the leader answered no job');
    return this.#followed(job, wait);
  }

  /** A clear of a log, a restart or shutdown of a supervisord, while this replica follows. */
  handOver(instance: string, call: HandedCall): Promise<void> | null {
    if (!this.leadership.refusal()) return null;
    return this.#ask({ type: 'supervisor', instance, ...call }).then(() => undefined);
  }

  /** An enable / disable of a program, while this replica follows. */
  readonly switchPrograms: SwitchForward = (action, { wait }) => {
    if (!this.leadership.refusal()) return null;
    return (async (): Promise<SwitchResult> => {
      const answer = await this.#ask(action);
      const job = answer.job ? await this.#followed(answer.job, wait) : null;
      return { namespec: action.namespec, changed: answer.changed ?? [], job };
    })();
  };

  /** Queues the action and resolves with the leader's answer; its error is thrown as the leader's. */
  async #ask(action: ForwardedAction): Promise<Extract<ForwardAnswer, { ok: true }>> {
    const { actions, signals } = this.database;
    const since = this.options.clock.now();
    const id = await actions.submit(action, this.leadership.replica, since);
    void signals.notify('supfleet_actions', String(id));
    const answer = await this.#answer(id, since);
    if (!answer.ok) throw new DomainError(answer.code, answer.message, answer.details);
    return answer;
  }

  /** The leader's job, mirrored here at once, and waited for if asked. */
  #followed(job: Job, wait: boolean): Promise<Job> {
    this.store.mirrorJob(job, heldApplications(this.store.state, job.target));
    return wait ? this.#end(job.id) : Promise.resolve(this.store.job(job.id) ?? job);
  }

  /** The leader's side: claims and runs what is pending, one batch after the other. */
  claim(): void {
    if (!this.leadership.isLeader) return;
    if (this.#claiming) {
      this.#claimAgain = true;
      return;
    }
    this.#claiming = this.#claimAll()
      .catch((error: unknown) => this.options.log.warn({ err: error }, 'forwarded actions: cannot claim'))
      .finally(() => {
        this.#claiming = null;
        if (this.#claimAgain) {
          this.#claimAgain = false;
          this.claim();
        }
      });
  }

  /**
   * On taking the lead at `epoch`: the rows an earlier leader claimed and never answered are
   * answered 503 (it may have started a job, which the takeover marks interrupted), never run
   * again; then what is pending is run.
   */
  async takeOver(epoch: number): Promise<void> {
    const given = await this.database.actions.abandon(epoch, (row) => ({
      ok: false,
      code: 'UNAVAILABLE',
      message:
        `the leader ${row.claimedBy} took this action at epoch ${row.claimedEpoch} and stopped leading ` +
        'before it answered; it is not run again (a job it started ends interrupted: see GET /api/v1/jobs)',
    }));
    for (const row of given) void this.database.signals.notify('supfleet_answers', String(row.id));
    if (given.length > 0)
      this.options.log.warn(
        { rows: given.map((row) => row.id) },
        'forwarded actions left unanswered given up',
      );
    this.claim();
  }

  /** The leader saved a job: the followers read it. */
  jobSaved(job: Job): void {
    if (this.leadership.isLeader) void this.database.signals.notify('supfleet_jobs', job.id);
  }

  async #claimAll(): Promise<void> {
    const { actions, signals } = this.database;
    for (;;) {
      const { epoch } = this.leadership.status();
      if (!this.leadership.isLeader) return;
      const rows = await actions.claim(this.leadership.replica, epoch);
      if (rows.length === 0) return;
      for (const row of rows) {
        const parsed = forwardedActionSchema.safeParse(row.request);
        let answer: ForwardAnswer;
        if (!parsed.success) {
          answer = { ok: false, code: 'BAD_REQUEST', message: `forwarded action ${row.id} cannot be read` };
        } else {
          answer = await performForwarded(this.targets(), parsed.data).catch(answerOf);
        }
        if (!(await actions.answer(row.id, epoch, answer)))
          this.options.log.warn({ row: row.id, epoch }, 'forwarded action: answered by another leader first');
        void signals.notify('supfleet_answers', String(row.id));
      }
    }
  }

  async #answer(id: number, since: number): Promise<ForwardAnswer> {
    const { actions } = this.database;
    const ttl = this.options.leaseTtlMs;
    for (;;) {
      const row = await actions.get(id).catch((error: unknown) => {
        // Not withdrawn: the leader may still take it. Say so rather than a bare 503.
        if (!(error instanceof DomainError)) throw error;
        throw new DomainError(
          'UNAVAILABLE',
          `${error.message}, while waiting for the leader to take the action: it may still be run (see GET /api/v1/jobs)`,
        );
      });
      if (row?.state === 'answered') {
        const parsed = forwardAnswerSchema.safeParse(row.answer);
        return parsed.success
          ? parsed.data
          : { ok: false, code: 'INTERNAL', message: `the answer of forwarded action ${id} cannot be read` };
      }
      const waited = this.options.clock.now() - since;
      if (row?.state === 'pending' && waited >= ttl) {
        const answer: ForwardAnswer = { ok: false, code: 'UNAVAILABLE', message: this.#noLeader(waited) };
        if (await actions.withdraw(id, answer)) return answer;
        continue;
      }
      if (row?.state === 'claimed' && waited >= CLAIMED_WAIT_TTLS * ttl)
        return {
          ok: false,
          code: 'UNAVAILABLE',
          message:
            `the leader ${row.claimedBy} took the action at epoch ${row.claimedEpoch} and has not answered within ` +
            `${(waited / 1000).toFixed(1)} s; see GET /api/v1/jobs for a job it may have started`,
        };
      await this.#wake('supfleet_answers', (payload) => payload === String(id));
    }
  }

  #noLeader(waitedMs: number): string {
    const { leaderName } = this.leadership.status();
    const within = `within ${(waitedMs / 1000).toFixed(1)} s (lease_ttl ${this.options.leaseTtlMs / 1000} s)`;
    return leaderName === null || leaderName === this.leadership.replica
      ? `no replica leads: nobody took the action ${within}; it was not run, try again in a few seconds`
      : `the leader ${leaderName} did not take the action ${within}; it was not run, try again in a few seconds`;
  }

  /** Resolves once the job ends, as the leader saves it (signals, and a read every period). */
  async #end(id: string): Promise<Job> {
    for (;;) {
      const known = this.store.job(id);
      if (known && known.state !== 'running') return known;
      await new Promise<void>((resolve) => {
        const listener = (change: FleetChange) => {
          if (jobsEnded(change).some((job) => job.id === id)) done();
        };
        const timer = this.options.clock.schedule(() => done(), this.#periodMs);
        const done = () => {
          this.store.off('change', listener);
          this.options.clock.cancel(timer);
          resolve();
        };
        this.store.on('change', listener);
      });
      if (this.store.job(id)?.state === 'running') await this.#mirror(id);
    }
  }

  /** Resolves on the next signal that `matches`, or after a period. */
  #wake(channel: SignalChannel, matches: (payload: string) => boolean): Promise<void> {
    return new Promise((resolve) => {
      const timer = this.options.clock.schedule(() => done(), this.#periodMs);
      const off = this.database.signals.on(channel, (payload) => {
        if (matches(payload)) done();
      });
      const done = () => {
        off();
        this.options.clock.cancel(timer);
        resolve();
      };
    });
  }

  /** A job the leader saved: read in order, one after the other, the latest of each only once. */
  #mirrorLater(id: string): void {
    if (this.leadership.isLeader) return;
    this.#toMirror.add(id);
    if (this.#mirroring) return;
    this.#mirroring = true;
    void (async () => {
      for (let next = this.#toMirror.values().next(); !next.done; next = this.#toMirror.values().next()) {
        this.#toMirror.delete(next.value);
        await this.#mirror(next.value);
      }
    })().finally(() => {
      this.#mirroring = false;
      // A signal that came in as the loop ended.
      const late = this.#toMirror.values().next();
      if (!late.done) {
        this.#toMirror.delete(late.value);
        this.#mirrorLater(late.value);
      }
    });
  }

  async #mirror(id: string): Promise<void> {
    try {
      const job = await this.database.jobs.get(id);
      if (job && !this.leadership.isLeader)
        this.store.mirrorJob(job, heldApplications(this.store.state, job.target));
    } catch (error) {
      this.options.log.warn({ err: error, job: id }, 'cannot read a job of the leader');
    }
  }
}
