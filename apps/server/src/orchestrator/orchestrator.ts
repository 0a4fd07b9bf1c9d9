import { setMaxListeners } from 'node:events';
import type { Job, JobKind, JobProcess, JobRank, StartingStrategy } from '@supfleet/protocol';
import { chooseInstance, planApplicationStart, planApplicationStop, type Stage } from '@supfleet/core';
import { isRunningLike } from '@supfleet/protocol';
import { DomainError } from '../errors';
import type { FleetStore } from '../fleet-store';
import type { InstanceMonitor } from '../monitors/instance-monitor';
import { startProcessStep, stopProcessStep, type StepContext, type StepResult } from './process-steps';

export interface OrchestratorOptions {
  defaultStrategy: StartingStrategy;
  localNode: string;
  pollPeriodMs: number;
  /** Finished jobs kept for the API and the pages. */
  history?: number;
}

export interface ActionOptions {
  wait?: boolean;
  strategy?: StartingStrategy;
  instance?: string;
}

/** A stage of a job as it runs: what to do to which processes. */
interface PlannedStage {
  phase: 'stop' | 'start';
  stage: Stage;
}

interface RunningJob {
  job: Job;
  application: string;
  controller: AbortController;
  done: Promise<Job>;
}

/**
 * Runs jobs: start / stop / restart of an application or a process, as plans from core
 * executed against the supervisord clients, stage by stage. One job per application at a
 * time: a second request while one runs is refused with CONFLICT (409) naming the running job.
 */
export class Orchestrator {
  readonly #running = new Map<string, RunningJob>();
  #counter = 0;

  constructor(
    private readonly store: FleetStore,
    private readonly monitors: ReadonlyMap<string, InstanceMonitor>,
    private readonly options: OrchestratorOptions,
  ) {}

  applicationAction(kind: JobKind, name: string, options: ActionOptions): Promise<Job> {
    const application = this.store.state.applications[name];
    if (!application) throw new DomainError('NOT_FOUND', `unknown application ${name}`);
    if (!application.managed) {
      throw new DomainError('REFUSED', `${name} is not managed: no rule of the rules files matches it`);
    }
    const state = this.store.state;
    const stages: PlannedStage[] = [];
    if (kind !== 'start') stages.push(...planApplicationStop(state, name).map((stage) => ({ phase: 'stop' as const, stage })));
    if (kind !== 'stop') stages.push(...planApplicationStart(state, name).map((stage) => ({ phase: 'start' as const, stage })));
    const strategy = options.strategy ?? application.rules.startingStrategy ?? this.options.defaultStrategy;
    return this.#launch(kind, { type: 'application', name }, name, strategy, stages, options);
  }

  processAction(kind: JobKind, namespec: string, options: ActionOptions): Promise<Job> {
    const process = this.store.state.processes[namespec];
    if (!process) throw new DomainError('NOT_FOUND', `unknown process ${namespec}`);
    if (options.instance !== undefined && !this.store.state.instances[options.instance]) {
      throw new DomainError('NOT_FOUND', `unknown instance ${options.instance}`);
    }
    const strategy =
      options.strategy ?? this.store.state.applications[process.application]?.rules.startingStrategy ?? this.options.defaultStrategy;
    if (kind === 'start' && !isRunningLike(process.state)) {
      // Req 4: refuse up front, so that nothing starts where it is not defined or not allowed.
      const choice = chooseInstance(this.store.state, namespec, strategy, {
        instance: options.instance,
        localNode: this.options.localNode,
      });
      if (!choice.ok) throw new DomainError('REFUSED', choice.reason);
    }
    const target = { namespec, waitExit: false };
    const stages: PlannedStage[] = [];
    if (kind !== 'start') stages.push({ phase: 'stop', stage: { rank: 0, processes: [target] } });
    if (kind !== 'stop') stages.push({ phase: 'start', stage: { rank: 0, processes: [target] } });
    return this.#launch(kind, { type: 'process', name: namespec }, process.application, strategy, stages, options);
  }

  cancel(id: string): Job {
    const running = [...this.#running.values()].find((r) => r.job.id === id);
    if (!running) {
      const job = this.store.job(id);
      if (!job) throw new DomainError('NOT_FOUND', `unknown job ${id}`);
      throw new DomainError('CONFLICT', `job ${id} has already ended (${job.state})`);
    }
    running.controller.abort();
    return running.job;
  }

  /** Cancels every running job and waits for them to end (service shutdown). */
  async stop(): Promise<void> {
    const running = [...this.#running.values()];
    for (const job of running) job.controller.abort();
    await Promise.all(running.map((job) => job.done));
  }

  async #launch(
    kind: JobKind,
    target: Job['target'],
    application: string,
    strategy: StartingStrategy,
    stages: PlannedStage[],
    options: ActionOptions,
  ): Promise<Job> {
    const busy = this.#running.get(application);
    if (busy) {
      throw new DomainError('CONFLICT', `application ${application} already has job ${busy.job.id} running (${busy.job.kind})`, {
        jobId: busy.job.id,
      });
    }
    const job: Job = {
      id: `job-${++this.#counter}`,
      kind,
      target,
      strategy,
      state: 'running',
      current: null,
      ranks: stages.map(({ phase, stage }): JobRank => ({
        phase,
        rank: stage.rank,
        processes: stage.processes.map((p): JobProcess => ({ namespec: p.namespec, instance: null, step: 'pending', message: null })),
      })),
      error: null,
      createdAt: Date.now(),
      endedAt: null,
    };
    const controller = new AbortController();
    // Every process of a stage waits on the signal at once.
    setMaxListeners(0, controller.signal);
    const running: RunningJob = { job, application, controller, done: Promise.resolve(job) };
    this.#running.set(application, running);
    this.store.updateJob(job);
    this.store.dispatch({ type: 'job:changed', application, jobId: job.id });
    running.done = this.#execute(running, stages, strategy, options.instance);
    if (!options.wait) return job;
    return running.done;
  }

  async #execute(running: RunningJob, stages: PlannedStage[], strategy: StartingStrategy, instance?: string): Promise<Job> {
    const { job, controller, application } = running;
    for (const monitor of this.monitors.values()) monitor.fastPolling(true);
    const context: StepContext = {
      store: this.store,
      monitors: this.monitors,
      signal: controller.signal,
      localNode: this.options.localNode,
      pollPeriodMs: this.options.pollPeriodMs,
      report: (namespec, patch) => {
        const rank = job.current === null ? undefined : job.ranks[job.current];
        const entry = rank?.processes.find((p) => p.namespec === namespec);
        if (entry) Object.assign(entry, patch);
        this.#publish(job);
      },
    };
    const failures: string[] = [];
    try {
      for (const [index, { phase, stage }] of stages.entries()) {
        if (controller.signal.aborted) break;
        job.current = index;
        this.#publish(job);
        const pendingLoad: Record<string, number> = {};
        const results = await Promise.all(
          stage.processes.map(async (p): Promise<[string, StepResult]> => [
            p.namespec,
            phase === 'stop'
              ? await stopProcessStep(context, p.namespec)
              : await startProcessStep(context, { ...p, strategy, instance }, pendingLoad),
          ]),
        );
        const failed = results.filter(([, result]) => !result.ok);
        failures.push(...failed.map(([namespec, result]) => `${namespec}: ${result.ok ? '' : result.reason}`));
        if (phase === 'start' && failed.length > 0 && !(await this.#continueAfterStartFailure(job, index, failed, context))) {
          break;
        }
      }
    } catch (error) {
      failures.push((error as Error).message);
    } finally {
      for (const monitor of this.monitors.values()) monitor.fastPolling(false);
    }
    for (const rank of job.ranks) for (const p of rank.processes) if (p.step === 'pending') p.step = 'skipped';
    job.state = controller.signal.aborted ? 'cancelled' : failures.length > 0 ? 'failed' : 'succeeded';
    job.error = failures.length > 0 ? failures.join('; ') : null;
    job.current = null;
    job.endedAt = Date.now();
    this.#running.delete(application);
    this.#publish(job);
    this.store.dispatch({ type: 'job:changed', application, jobId: null });
    return job;
  }

  /**
   * The starting failure strategy of SPEC section 6: only a required process's failure
   * matters; STOP wins over ABORT, which wins over CONTINUE.
   */
  async #continueAfterStartFailure(
    job: Job,
    index: number,
    failed: [string, StepResult][],
    context: StepContext,
  ): Promise<boolean> {
    const strategies = failed
      .map(([namespec]) => this.store.state.processes[namespec]?.rules)
      .filter((rules) => rules?.required)
      .map((rules) => rules!.startingFailureStrategy);
    if (strategies.includes('STOP')) {
      job.error = 'a required process failed to start: stopping the application (STOP)';
      const stopRank: JobRank = {
        phase: 'stop',
        rank: 0,
        processes: job.ranks
          .slice(0, index + 1)
          .filter((rank) => rank.phase === 'start')
          .flatMap((rank) => rank.processes.map((p) => ({ namespec: p.namespec, instance: null, step: 'pending' as const, message: null }))),
      };
      job.ranks.splice(index + 1, 0, stopRank);
      job.current = index + 1;
      this.#publish(job);
      await Promise.all(stopRank.processes.map((p) => stopProcessStep(context, p.namespec)));
      return false;
    }
    return !strategies.includes('ABORT');
  }

  #publish(job: Job): void {
    this.store.updateJob(structuredClone(job));
  }
}
