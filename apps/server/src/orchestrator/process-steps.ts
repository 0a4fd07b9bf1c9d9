import {
  isRunningLike,
  type JobProcess,
  type ProcessOnInstance,
  type StartingStrategy,
} from '@supfleet/protocol';
import { chooseInstance, processEntry } from '@supfleet/core';
import { SupervisorFault, TimeoutError } from '@supfleet/supervisor-client';
import type { FleetModel } from '../fleet-model';
import type { InstanceMonitor } from '../monitors/instance-monitor';
import type { Clock } from '../clock/clock';
import { watchProcess, type Verdict } from './watch-process';

/** Slack over supervisord's own startsecs / stopwaitsecs before a step is declared failed. */
export const STEP_MARGIN_MS = 3000;
/** A wait_exit process (e.g. waiting for an NFS mount) may take long; not forever (rules: wait_exit_timeout). */
export const WAIT_EXIT_TIMEOUT_S = 300;

export interface StepContext {
  store: FleetModel;
  monitors: ReadonlyMap<string, InstanceMonitor>;
  signal: AbortSignal;
  localNode: string;
  pollPeriodMs: number;
  /** How soon a step reads its process itself when the store says nothing of it (the fast poll period). */
  readAfterMs: number;
  clock: Clock;
  /** Reports the step of one process of the job. */
  report: (namespec: string, patch: Partial<JobProcess>) => void;
}

export type StepResult = { ok: true } | { ok: false; reason: string };

const OK: StepResult = { ok: true };
const fail = (reason: string): StepResult => ({ ok: false, reason });
const DONE_WAITING: Partial<JobProcess> = { waitingFor: null, deadline: null };

/** Resolves when the job is cancelled: a call to supervisord that waits is not waited for then. */
function whenAborted(signal: AbortSignal): Promise<'aborted'> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve('aborted');
    else signal.addEventListener('abort', () => resolve('aborted'), { once: true });
  });
}

/** A call that may be left behind on cancel: its late failure is no unhandled rejection. */
async function unlessAborted<T>(call: Promise<T>, signal: AbortSignal): Promise<T | 'aborted'> {
  call.catch(() => undefined);
  return Promise.race([call, whenAborted(signal)]);
}

/** Why a call to an instance failed: the instance lost, as the store says, or the error itself. */
function callFailure(context: StepContext, instance: string, error: unknown): string {
  if (error instanceof SupervisorFault) return `${error.faultName}: ${error.message}`;
  if (context.store.state.instances[instance]?.lost) return `${instance} lost`;
  return (error as Error).message;
}

/**
 * Starts one process on the instance the strategy chooses (SPEC sections 5-6) and waits until
 * it is RUNNING, or has exited with an expected code when it is a wait_exit process.
 *
 * How the step knows the outcome of its own spawn, whatever the timing: supervisord says it.
 * A process that must run is started with wait=true, which answers once it is RUNNING (startsecs
 * passed) or fails (ABNORMAL_TERMINATION, SPAWN_ERROR). A wait_exit process, or one that fell in
 * BACKOFF, is then read by the step itself (watchProcess): every read made after the start call
 * returned tells of this spawn. The store's entries are never compared: supervisord's start and
 * stop times are whole seconds, and a run within the second of the previous one looks the same.
 */
export async function startProcessStep(
  context: StepContext,
  target: { namespec: string; waitExit: boolean; strategy: StartingStrategy; instance?: string },
  pendingLoad: Record<string, number>,
  /** Where this job placed processes so far (namespec → instance); the choice is added. */
  placed: Record<string, string> = {},
): Promise<StepResult> {
  const { store, report, clock, signal, namespec } = { ...context, namespec: target.namespec };
  const process = store.state.processes[namespec];
  if (process && isRunningLike(process.state)) {
    report(namespec, { step: 'running', instance: process.instance, message: 'already running' });
    return OK;
  }
  const choice = chooseInstance(store.state, namespec, target.strategy, {
    instance: target.instance,
    localNode: context.localNode,
    pendingLoad,
    placed,
  });
  if (!choice.ok) {
    report(namespec, { step: 'failed', message: choice.reason });
    return fail(choice.reason);
  }
  const instance = choice.instance;
  pendingLoad[instance] = (pendingLoad[instance] ?? 0) + (process?.rules.expectedLoading ?? 0);
  placed[namespec] = instance;

  const config = store.state.configs[instance]?.[namespec];
  const startsecs = typeof config?.startsecs === 'number' ? config.startsecs : 1;
  const waitExitSeconds = process?.rules.waitExitTimeout ?? WAIT_EXIT_TIMEOUT_S;
  const timeoutMs = target.waitExit
    ? waitExitSeconds * 1000
    : startsecs * 1000 + STEP_MARGIN_MS + context.pollPeriodMs;
  const startedAt = clock.now();
  const deadline = startedAt + timeoutMs;
  report(namespec, {
    step: 'starting',
    instance,
    message: null,
    waitingFor: target.waitExit
      ? `an expected exit (wait_exit, at most ${waitExitSeconds} s)`
      : `RUNNING (startsecs ${startsecs} s)`,
    since: startedAt,
    deadline,
  });
  const monitor = context.monitors.get(instance)!;
  const failed = (reason: string): StepResult => {
    report(namespec, { step: 'failed', message: reason, ...DONE_WAITING });
    return fail(reason);
  };
  const notRunning = `not RUNNING within startsecs ${startsecs} s`;

  let answer: boolean | 'aborted';
  try {
    answer = await unlessAborted(
      monitor.changes.startProcess(namespec, !target.waitExit, { timeoutMs }),
      signal,
    );
  } catch (error) {
    if (error instanceof TimeoutError && !target.waitExit) {
      await stopAttempt(monitor, namespec);
      return failed(notRunning);
    }
    // It left STARTING before startsecs (BACKOFF, with its spawn error set): supervisord retries
    // up to startretries before FATAL, so only a read says how it ends.
    const backoff =
      error instanceof SupervisorFault &&
      (error.faultName === 'ABNORMAL_TERMINATION' || error.faultName === 'SPAWN_ERROR');
    if (!backoff) {
      monitor.requestPoll();
      return failed(callFailure(context, instance, error));
    }
    answer = false;
  }
  if (answer === 'aborted') return failed('cancelled');
  if (answer === true && !target.waitExit) {
    // RUNNING, says supervisord: the store hears it before the job goes on.
    await monitor.readProcesses([namespec]).catch(() => monitor.requestPoll());
    report(namespec, { step: 'running', ...DONE_WAITING });
    return OK;
  }

  let waitingExit = false;
  let timedOut = false;
  const decide = (info: ProcessOnInstance | undefined): Verdict<StepResult> => {
    switch (info?.state) {
      case 'RUNNING':
        if (!target.waitExit) return { done: true, value: OK };
        if (!waitingExit) {
          waitingExit = true;
          report(namespec, { step: 'waiting-exit', waitingFor: 'an expected exit', since: clock.now() });
        }
        return { done: false };
      case 'EXITED':
        if (target.waitExit && info.expectedExit) return { done: true, value: OK };
        return {
          done: true,
          value: fail(`exited with status ${info.exitStatus}${info.expectedExit ? '' : ' (not expected)'}`),
        };
      case 'FATAL':
        return {
          done: true,
          value: fail(`FATAL: ${info.spawnErr || info.description || 'could not start'}`),
        };
      case 'STOPPED':
        return { done: true, value: fail('stopped while starting') };
      default:
        return { done: false };
    }
  };
  const result = await watchProcess<StepResult>({
    store,
    namespec,
    clock,
    read: async () => {
      const [info] = await monitor.readProcesses([namespec]);
      return decide(info && processEntry(instance, info, store.state.configs[instance]?.[namespec]));
    },
    // Not answering is no failure yet (a busy supervisord); lost is.
    lost: (instances) =>
      instances[instance]?.lost ? { done: true, value: fail(`${instance} lost`) } : { done: false },
    maxGapMs: context.readAfterMs,
    timeoutMs: Math.max(0, deadline - clock.now()),
    onTimeout: () => {
      timedOut = true;
      return fail(target.waitExit ? 'did not exit in time' : notRunning);
    },
    signal,
    onAbort: () => fail('cancelled'),
  });
  // A failed attempt must not go on by itself (a BACKOFF loop would start it later, unasked).
  if (timedOut) await stopAttempt(monitor, namespec);
  if (!result.ok) return failed(result.reason);
  report(namespec, { step: target.waitExit ? 'exited' : 'running', ...DONE_WAITING });
  return result;
}

async function stopAttempt(monitor: InstanceMonitor, namespec: string): Promise<void> {
  try {
    await monitor.changes.stopProcess(namespec, false);
  } catch {
    // Best effort: it may have ended or its instance may be gone; the failure is reported anyway.
  } finally {
    monitor.requestPoll();
  }
}

/**
 * Stops one process everywhere it runs (or only on `only`, to end a conflict) and waits until
 * none of those instances has it running: stopProcess with wait=true answers once supervisord
 * has it stopped (stopwaitsecs, then SIGKILL, included).
 */
export async function stopProcessStep(
  context: StepContext,
  namespec: string,
  only?: readonly string[],
): Promise<StepResult> {
  const { store, report, clock, signal } = context;
  const process = store.state.processes[namespec];
  const runningOn =
    process?.runningOn.filter(
      (id) => store.state.instances[id]?.state === 'RUNNING' && (only === undefined || only.includes(id)),
    ) ?? [];
  if (runningOn.length === 0) {
    report(namespec, { step: 'stopped', message: 'not running' });
    return OK;
  }
  const stopwaitsecs = Math.max(
    ...runningOn.map((id) => {
      const value = store.state.configs[id]?.[namespec]?.stopwaitsecs;
      return typeof value === 'number' ? value : 10;
    }),
  );
  const timeoutMs = stopwaitsecs * 1000 + STEP_MARGIN_MS + context.pollPeriodMs;
  const startedAt = clock.now();
  report(namespec, {
    step: 'stopping',
    instance: runningOn.join(', '),
    message: null,
    waitingFor: `stopped on ${runningOn.join(', ')} (stopwaitsecs ${stopwaitsecs} s)`,
    since: startedAt,
    deadline: startedAt + timeoutMs,
  });
  const stopOn = async (id: string): Promise<string | null> => {
    const monitor = context.monitors.get(id)!;
    try {
      await monitor.changes.stopProcess(namespec, true, { timeoutMs });
    } catch (error) {
      if (error instanceof TimeoutError) return `still running after stopwaitsecs ${stopwaitsecs} s`;
      if (!(error instanceof SupervisorFault && error.faultName === 'NOT_RUNNING')) {
        monitor.requestPoll();
        // Its supervisord is gone (a refused or broken connection): whatever it ran may live on,
        // orphaned; this is no confirmed stop.
        return error instanceof SupervisorFault
          ? callFailure(context, id, error)
          : `${id} lost before the stop was confirmed (${(error as Error).message})`;
      }
    }
    // Stopped, says supervisord: the store hears it before the job goes on.
    await monitor.readProcesses([namespec]).catch(() => monitor.requestPoll());
    return null;
  };
  const answer = await unlessAborted(Promise.all(runningOn.map(stopOn)), signal);
  const reasons = answer === 'aborted' ? ['cancelled'] : answer.filter((r): r is string => r !== null);
  if (reasons.length > 0) {
    const reason = reasons.join('; ');
    report(namespec, { step: 'failed', message: reason, ...DONE_WAITING });
    return fail(reason);
  }
  report(namespec, { step: 'stopped', ...DONE_WAITING });
  return OK;
}
