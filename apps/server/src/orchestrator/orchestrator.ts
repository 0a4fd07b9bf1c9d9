import { setMaxListeners } from 'node:events';
import type { Job, JobKind, StartPlan, StartingStrategy } from '@supfleet/protocol';
import { chooseInstance, ownEntry, planApplicationRepair, planStartPreview } from '@supfleet/core';
import { isRunningLike } from '@supfleet/protocol';
import { systemClock, type Clock, type TimerHandle } from '../clock/clock';
import { DomainError } from '../errors';
import { heldApplications, type FleetModel } from '../fleet-model';
import type { InstanceMonitor } from '../monitors/instance-monitor';
import { allStages, applicationStages, type PlannedStage } from './planned-stage';
import type { ForwardedAction } from './forwarded-action';
import type { StepContext } from './process-steps';
import { jobRank, runStages, type StageProgress } from './run-stages';

export interface OrchestratorOptions {
  defaultStrategy: StartingStrategy;
  localNode: string;
  pollPeriodMs: number;
  /** How soon a step reads its process itself when the store says nothing of it. */
  fastPollPeriodMs: number;
  /** The highest `job-N` given by an earlier run of the service: ids go on from there. */
  lastJobNumber?: number;
  clock?: Clock;
  /** Why this replica must not act now (it follows the leader): a 503 with it; null while it may. */
  refusal?: () => string | null;
  /** While `refusal` says this replica follows: hands the action to the leader, answered as it answers. */
  forward?: (action: ForwardedAction, options: { wait: boolean }) => Promise<Job>;
}

export interface ActionOptions {
  wait?: boolean;
  strategy?: StartingStrategy;
  instance?: string;
  /** Why supfleet launches the job by itself; absent for a request. */
  cause?: string;
  /** Who asked, for a request: kept on the job (the audit, the history and the page show it). */
  actor?: string;
  /** Handed over by a follower: run here or refused, never handed on again. */
  forwarded?: boolean;
}

/**
 * The runtime handles of a running job: how to stop it and when it ends. The job itself, and
 * which applications it holds, live in the store (one home).
 */
interface JobControl {
  controller: AbortController;
  done: Promise<Job>;
}

/** Why a job left unfinished at shutdown says so. */
export const INTERRUPTED_REASON = 'the service stopped while the job ran';

const PHASES: Record<JobKind, ('stop' | 'start')[]> = {
  start: ['start'],
  stop: ['stop'],
  restart: ['stop', 'start'],
};

/**
 * Runs jobs: start / stop / restart of an application, a process or all applications, as plans
 * from core executed against the supervisord clients, stage by stage. One job per application at
 * a time: a second request while one runs is refused with CONFLICT (409) naming the running job.
 */
export class Orchestrator {
  /** By job id, while the job runs. */
  readonly #controls = new Map<string, JobControl>();
  #counter: number;
  /** Why actions are refused, once the service is shutting down; null while it accepts them. */
  #closed: string | null = null;
  /** Set when the running jobs are stopped (shutdown, leadership lost): they end interrupted with it, not cancelled. */
  #interrupting: string | null = null;
  readonly #clock: Clock;

  constructor(
    private readonly store: FleetModel,
    private readonly monitors: ReadonlyMap<string, InstanceMonitor>,
    private readonly options: OrchestratorOptions,
  ) {
    this.#counter = options.lastJobNumber ?? 0;
    this.#clock = options.clock ?? systemClock;
  }

  /** Whether this replica runs the job (a follower only mirrors the leader's). */
  runs(id: string): boolean {
    return this.#controls.has(id);
  }

  /** Job ids go on after `last` (a new leader numbers after every job the previous one saved). */
  numberFrom(last: number): void {
    this.#counter = Math.max(this.#counter, last);
  }

  /**
   * A start of an application that is not STOPPED is refused with ALREADY_STARTED, a stop of one
   * with nothing running with NOT_RUNNING (as Supvisors does): nothing is done.
   */
  applicationAction(kind: JobKind, name: string, options: ActionOptions): Promise<Job> {
    const forwarded = this.#forward({ type: 'application', kind, name, options }, options);
    if (forwarded) return forwarded;
    const application = this.#managed(name);
    this.#refuseIfClosed();
    // A job that holds it says more than the state it gives the application.
    const busy = this.store.holder(name);
    if (busy) throw this.#busy(busy, `application ${name}`);
    if (kind === 'start' && application.state !== 'STOPPED')
      throw new DomainError('ALREADY_STARTED', `${name} is ${application.state}`);
    if (kind === 'stop' && !this.#anyRunning(name))
      throw new DomainError('NOT_RUNNING', `nothing of ${name} runs`);
    const strategy = options.strategy ?? application.rules.startingStrategy ?? this.options.defaultStrategy;
    const stages = applicationStages(this.store.state, name, PHASES[kind], strategy);
    return this.#launch(kind, { type: 'application', name }, strategy, stages, options);
  }

  processAction(kind: JobKind, namespec: string, options: ActionOptions): Promise<Job> {
    const forwarded = this.#forward({ type: 'process', kind, namespec, options }, options);
    if (forwarded) return forwarded;
    const process = this.#process(namespec);
    this.#refuseIfClosed();
    const busy = this.store.holder(process.application);
    if (busy) throw this.#busy(busy, `application ${process.application}`);
    if (options.instance !== undefined && !ownEntry(this.store.state.instances, options.instance)) {
      throw new DomainError('NOT_FOUND', `unknown instance ${options.instance}`);
    }
    if (kind === 'start' && isRunningLike(process.state))
      throw new DomainError(
        'ALREADY_STARTED',
        `${namespec} is ${process.state} on ${process.runningOn.join(', ')}`,
      );
    if (kind === 'stop' && !isRunningLike(process.state))
      throw new DomainError('NOT_RUNNING', `${namespec} is ${process.state}`);
    const strategy = options.strategy ?? this.#strategyOf(process.application);
    if (kind === 'start') {
      // Req 4: refuse up front, so that nothing starts where it is not defined or not allowed.
      const choice = chooseInstance(this.store.state, namespec, strategy, {
        instance: options.instance,
        localNode: this.options.localNode,
      });
      if (!choice.ok) throw new DomainError('REFUSED', choice.reason);
    }
    const stages = PHASES[kind].map((phase): PlannedStage => ({
      phase,
      stage: { rank: 0, processes: [{ namespec, waitExit: false }] },
      application: process.application,
      strategy,
    }));
    return this.#launch(kind, { type: 'process', name: namespec }, strategy, stages, options);
  }

  /**
   * Start / stop / restart of every managed application (SPEC section 6). It holds every managed
   * application while it runs, so it is refused while any job runs, and refuses jobs on them.
   */
  allAction(kind: JobKind, options: Omit<ActionOptions, 'instance'>): Promise<Job> {
    const forwarded = this.#forward({ type: 'all', kind, options }, options);
    if (forwarded) return forwarded;
    const busy = this.store.runningJobs()[0];
    if (busy) throw this.#busy(busy, 'the fleet');
    const state = this.store.state;
    const strategy = options.strategy ?? this.options.defaultStrategy;
    const stages = allStages(state, PHASES[kind], (name) => options.strategy ?? this.#strategyOf(name));
    return this.#launch(kind, { type: 'all', name: 'all' }, strategy, stages, options);
  }

  /**
   * auto_start's repair: starts, by rank, the processes of the start sequence that run nowhere and
   * can be started now. Null when there is nothing to do.
   */
  repairApplication(name: string, options: ActionOptions): Promise<Job> | null {
    this.#managed(name);
    const strategy = options.strategy ?? this.#strategyOf(name);
    const stages = planApplicationRepair(this.store.state, name, strategy, this.options.localNode).map(
      (stage): PlannedStage => ({ phase: 'start', stage, application: name, strategy }),
    );
    if (stages.length === 0) return null;
    return this.#launch('start', { type: 'application', name }, strategy, stages, options);
  }

  /** Stops a process on some of the instances where it runs (ending a conflict), as a job. */
  stopProcessOn(namespec: string, instances: readonly string[], options: ActionOptions): Promise<Job> {
    const forwarded = this.#forward(
      { type: 'stop-on', namespec, instances: [...instances], options },
      options,
    );
    if (forwarded) return forwarded;
    const process = this.#process(namespec);
    const strategy = this.#strategyOf(process.application);
    const stage: PlannedStage = {
      phase: 'stop',
      stage: { rank: 0, processes: [{ namespec, waitExit: false }] },
      application: process.application,
      strategy,
      instances: [...instances],
    };
    return this.#launch('stop', { type: 'process', name: namespec }, strategy, [stage], options);
  }

  /**
   * The dry run of a start or restart (nothing is started): the plan applicationAction or
   * processAction would follow now, with the same strategy, checks and local node.
   */
  preview(
    target: StartPlan['target'],
    options: { action?: 'start' | 'restart'; strategy?: StartingStrategy } = {},
  ): StartPlan {
    let application: string;
    if (target.type === 'application') {
      application = this.#managed(target.name).name;
    } else if (target.name.endsWith(':*')) {
      application = target.name.slice(0, -2);
      if (!this.store.state.applications[application])
        throw new DomainError('NOT_FOUND', `unknown application ${application}`);
    } else {
      application = this.#process(target.name).application;
    }
    const strategy = options.strategy ?? this.#strategyOf(application);
    return planStartPreview(this.store.state, target, strategy, {
      localNode: this.options.localNode,
      action: options.action,
    });
  }

  /** Namespecs that a running job stops or will stop: their stopping is no failure. */
  stoppingNamespecs(): Set<string> {
    const namespecs = new Set<string>();
    for (const job of this.store.runningJobs()) {
      for (const rank of job.ranks)
        if (rank.phase === 'stop') for (const p of rank.processes) namespecs.add(p.namespec);
    }
    return namespecs;
  }

  /** A follower hands the cancel to the leader, which runs the job. */
  async cancel(id: string, options: Pick<ActionOptions, 'forwarded'> = {}): Promise<Job> {
    const forwarded = this.#forward({ type: 'cancel', id }, options);
    if (forwarded) return forwarded;
    const job = this.store.job(id);
    if (!job) throw new DomainError('NOT_FOUND', `unknown job ${id}`);
    const control = this.#controls.get(id);
    if (!control) throw new DomainError('CONFLICT', `job ${id} has already ended (${job.state})`);
    control.controller.abort();
    return this.store.job(id)!;
  }

  /**
   * Shutdown: refuses new actions from now on, lets the running jobs go on for `graceMs`, then
   * stops what is left and marks it interrupted. Resolves once every job has ended.
   */
  async drain(graceMs: number, reason = 'the service is shutting down'): Promise<void> {
    this.#closed = reason;
    const running = [...this.#controls.values()];
    if (running.length === 0) return;
    if (graceMs > 0) {
      let timer: TimerHandle | undefined;
      const grace = new Promise<void>((resolve) => (timer = this.#clock.schedule(resolve, graceMs)));
      await Promise.race([Promise.all(running.map((job) => job.done)), grace]);
      this.#clock.cancel(timer);
    }
    this.#interrupting = INTERRUPTED_REASON;
    const left = [...this.#controls.values()];
    for (const job of left) job.controller.abort();
    await Promise.all(left.map((job) => job.done));
  }

  /**
   * This replica stopped leading: every running job ends at once, interrupted with `reason`
   * (none is run again by itself); new actions go on being refused by `refusal`.
   */
  async interruptAll(reason: string): Promise<void> {
    const left = [...this.#controls.values()];
    if (left.length === 0) return;
    this.#interrupting ??= reason;
    for (const job of left) job.controller.abort();
    await Promise.all(left.map((job) => job.done));
    if (this.#closed === null) this.#interrupting = null;
  }

  /** Ends every running job at once (interrupted) and refuses new ones. */
  async stop(): Promise<void> {
    await this.drain(0);
  }

  #managed(name: string) {
    const application = ownEntry(this.store.state.applications, name);
    if (!application) throw new DomainError('NOT_FOUND', `unknown application ${name}`);
    if (!application.managed) {
      throw new DomainError('REFUSED', `${name} is not managed: no rule of the rules files matches it`);
    }
    return application;
  }

  /** The leader's answer to the action while this replica follows; null when it is to be run (or refused) here. */
  #forward(action: ForwardedAction, options: ActionOptions): Promise<Job> | null {
    if (options.forwarded || !this.options.forward || this.#closed !== null || !this.options.refusal?.())
      return null;
    // The leader never waits for the job (the follower does) and never hands it on.
    if ('options' in action) action = { ...action, options: { ...action.options, wait: undefined } };
    return this.options.forward(action, { wait: options.wait === true });
  }

  #refuseIfClosed(): void {
    if (this.#closed !== null)
      throw new DomainError('UNAVAILABLE', `${this.#closed}: no new action is accepted`);
    const refusal = this.options.refusal?.();
    if (refusal) throw new DomainError('UNAVAILABLE', refusal);
  }

  #anyRunning(application: string): boolean {
    return Object.values(this.store.state.processes).some(
      (process) => process.application === application && isRunningLike(process.state),
    );
  }

  #process(namespec: string) {
    const process = ownEntry(this.store.state.processes, namespec);
    if (!process) throw new DomainError('NOT_FOUND', `unknown process ${namespec}`);
    return process;
  }

  #strategyOf(application: string): StartingStrategy {
    return this.store.state.applications[application]?.rules.startingStrategy ?? this.options.defaultStrategy;
  }

  /** 409 naming the running job, in the message and as details.jobId. */
  #busy(job: Job, subject: string): DomainError {
    const what = job.target.type === 'all' ? `${job.kind} all` : job.kind;
    return new DomainError('CONFLICT', `${subject} already has job ${job.id} running (${what})`, {
      jobId: job.id,
    });
  }

  async #launch(
    kind: JobKind,
    target: Job['target'],
    strategy: StartingStrategy,
    stages: PlannedStage[],
    options: ActionOptions,
  ): Promise<Job> {
    this.#refuseIfClosed();
    const applications = heldApplications(this.store.state, target);
    for (const application of applications) {
      const busy = this.store.holder(application);
      if (busy) throw this.#busy(busy, `application ${application}`);
    }
    const job: Job = {
      id: `job-${++this.#counter}`,
      kind,
      target,
      strategy,
      state: 'running',
      current: null,
      ranks: stages.map(jobRank),
      error: null,
      ...(options.cause === undefined ? {} : { cause: options.cause }),
      ...(options.actor === undefined ? {} : { actor: options.actor }),
      createdAt: this.#clock.now(),
      endedAt: null,
    };
    const controller = new AbortController();
    // Every process of a stage waits on the signal at once.
    setMaxListeners(0, controller.signal);
    this.store.dispatchJob({ type: 'job:created', job, applications });
    const done = this.#execute(job.id, controller, stages, job.target, options.instance);
    this.#controls.set(job.id, { controller, done });
    if (!options.wait) return job;
    return done;
  }

  async #execute(
    id: string,
    controller: AbortController,
    stages: PlannedStage[],
    target: Job['target'],
    instance?: string,
  ): Promise<Job> {
    // Its first stage begins on the next turn, once the job is registered.
    await Promise.resolve();
    for (const monitor of this.monitors.values()) monitor.fastPolling(true);
    const context: StepContext = {
      store: this.store,
      monitors: this.monitors,
      signal: controller.signal,
      localNode: this.options.localNode,
      pollPeriodMs: this.options.pollPeriodMs,
      readAfterMs: this.options.fastPollPeriodMs,
      clock: this.#clock,
      report: (namespec, patch) => this.store.dispatchJob({ type: 'job:step', id, namespec, patch }),
    };
    const progress: StageProgress = {
      stageStarted: (index) => this.store.dispatchJob({ type: 'job:stage-started', id, index }),
      stagesAdded: (index, ranks) => this.store.dispatchJob({ type: 'job:stages-added', id, index, ranks }),
    };
    let failures: string[];
    try {
      failures = await runStages(target, stages, context, progress, instance);
    } catch (error) {
      failures = [(error as Error).message];
    } finally {
      for (const monitor of this.monitors.values()) monitor.fastPolling(false);
    }
    const aborted = controller.signal.aborted;
    const interrupted = this.#interrupting;
    const state = aborted
      ? interrupted !== null
        ? 'interrupted'
        : 'cancelled'
      : failures.length > 0
        ? 'failed'
        : 'succeeded';
    if (interrupted !== null && state === 'interrupted')
      failures = [interrupted, ...failures.filter((f) => !f.endsWith(': cancelled'))];
    this.#controls.delete(id);
    // The store frees the applications before it announces the end.
    return this.store.dispatchJob({ type: 'job:ended', id, at: this.#clock.now(), state, failures });
  }
}
