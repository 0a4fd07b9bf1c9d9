import {
  isRunningLike,
  type JobProcess,
  type ProcessOnInstance,
  type StartingStrategy,
} from '@supfleet/protocol';
import { chooseInstance, processEntry } from '@supfleet/core';
import { SupervisorFault } from '@supfleet/supervisor-client';
import type { FleetStore } from '../fleet-store';
import type { InstanceMonitor } from '../monitors/instance-monitor';
import type { Clock } from '../clock/clock';
import { infoOn, waitForProcess, type Verdict } from './wait-for-process';

/** Slack over supervisord's own startsecs / stopwaitsecs before a step is declared failed. */
export const STEP_MARGIN_MS = 3000;
/** A wait_exit process (e.g. waiting for an NFS mount) may take long; not forever (rules: wait_exit_timeout). */
export const WAIT_EXIT_TIMEOUT_S = 300;

export interface StepContext {
  store: FleetStore;
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

function faultReason(error: unknown): string {
  return error instanceof SupervisorFault ? `${error.faultName}: ${error.message}` : (error as Error).message;
}

/**
 * Starts one process on the instance the strategy chooses (SPEC sections 5-6) and waits until
 * it is RUNNING, or has exited with an expected code when it is a wait_exit process.
 *
 * How the step knows the outcome of its own spawn: supervisord's start and stop times are whole
 * seconds, so a run that began and ended within the second of the previous one leaves the store's
 * entry unchanged, and no change is announced. The store's entry counts only once it differs from
 * the one seen before the call and is not older than the spawn; besides, once the store says
 * nothing of the process for a fast-poll period, the step reads it itself: any read made after
 * startProcess returned tells of this spawn, whatever the timing.
 */
export async function startProcessStep(
  context: StepContext,
  target: { namespec: string; waitExit: boolean; strategy: StartingStrategy; instance?: string },
  pendingLoad: Record<string, number>,
  /** Where this job placed processes so far (namespec → instance); the choice is added. */
  placed: Record<string, string> = {},
): Promise<StepResult> {
  const { store, report, clock, namespec } = { ...context, namespec: target.namespec };
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
  report(namespec, {
    step: 'starting',
    instance,
    message: null,
    waitingFor: target.waitExit
      ? `an expected exit (wait_exit, at most ${waitExitSeconds} s)`
      : `RUNNING (startsecs ${startsecs} s)`,
    since: startedAt,
    deadline: startedAt + timeoutMs,
  });

  const monitor = context.monitors.get(instance)!;
  // What the store knew before the call: until a poll replaces it, it says nothing of this attempt.
  const stale = infoOn(store.state.processes[namespec], instance);
  let spawnedAt: number;
  try {
    await monitor.client.startProcess(namespec, false);
    spawnedAt = (await monitor.client.getProcessInfo(namespec)).start;
  } catch (error) {
    const reason = faultReason(error);
    report(namespec, { step: 'failed', message: reason, ...DONE_WAITING });
    return fail(reason);
  } finally {
    monitor.requestPoll();
  }

  let waitingExit = false;
  let timedOut = false;
  /** The verdict on one entry of this process on `instance`; `fresh` when read after the spawn. */
  const decide = (info: ProcessOnInstance | undefined, fresh: boolean): Verdict<StepResult> => {
    if (!info) return { done: false };
    if (!fresh && (info === stale || info.start < spawnedAt)) return { done: false };
    switch (info.state) {
      case 'RUNNING':
        if (!target.waitExit) return { done: true, value: OK };
        if (!waitingExit) {
          waitingExit = true;
          report(namespec, { step: 'waiting-exit', waitingFor: 'an expected exit', since: clock.now() });
        }
        return { done: false };
      case 'EXITED':
        if (!fresh && info.stop < spawnedAt) return { done: false };
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
  const result = await waitForProcess<StepResult>(
    store,
    namespec,
    // Not answering is no failure yet (a busy supervisord); lost is.
    (current, instances) =>
      instances[instance]?.lost
        ? { done: true, value: fail(`${instance} lost`) }
        : decide(infoOn(current, instance), false),
    {
      clock,
      timeoutMs,
      onTimeout: () => {
        timedOut = true;
        return fail(target.waitExit ? 'did not exit in time' : `not RUNNING within startsecs ${startsecs} s`);
      },
      signal: context.signal,
      onAbort: () => fail('cancelled'),
      read: {
        afterMs: context.readAfterMs,
        decide: async () => {
          const info = await monitor.client.getProcessInfo(namespec);
          return decide(processEntry(instance, info, store.state.configs[instance]?.[namespec]), true);
        },
      },
    },
  );
  // A failed attempt must not go on by itself (a BACKOFF loop would start it later, unasked).
  if (timedOut) await stopAttempt(monitor, namespec);
  report(
    namespec,
    result.ok
      ? { step: target.waitExit ? 'exited' : 'running', ...DONE_WAITING }
      : { step: 'failed', message: result.reason, ...DONE_WAITING },
  );
  return result;
}

async function stopAttempt(monitor: InstanceMonitor, namespec: string): Promise<void> {
  try {
    await monitor.client.stopProcess(namespec, false);
  } catch {
    // Best effort: it may have ended or its instance may be gone; the failure is reported anyway.
  } finally {
    monitor.requestPoll();
  }
}

/**
 * Stops one process everywhere it runs (or only on `only`, to end a conflict) and waits until
 * none of those instances has it running.
 */
export async function stopProcessStep(
  context: StepContext,
  namespec: string,
  only?: readonly string[],
): Promise<StepResult> {
  const { store, report, clock } = context;
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
  try {
    await Promise.all(
      runningOn.map(async (id) => {
        const monitor = context.monitors.get(id)!;
        try {
          await monitor.client.stopProcess(namespec, false);
        } catch (error) {
          if (!(error instanceof SupervisorFault && error.faultName === 'NOT_RUNNING')) throw error;
        } finally {
          monitor.requestPoll();
        }
      }),
    );
  } catch (error) {
    const reason = faultReason(error);
    report(namespec, { step: 'failed', message: reason, ...DONE_WAITING });
    return fail(reason);
  }
  const alive = (info: ProcessOnInstance | undefined) =>
    info !== undefined && (isRunningLike(info.state) || info.state === 'STOPPING');
  const result = await waitForProcess<StepResult>(
    store,
    namespec,
    (current, instances) => {
      // Its supervisord is gone: whatever it ran may live on, orphaned; this is no confirmed stop.
      const lost = runningOn.filter((id) => instances[id]?.lost);
      if (lost.length > 0)
        return { done: true, value: fail(`${lost.join(', ')} lost before the stop was confirmed`) };
      const still = runningOn.filter((id) => alive(infoOn(current, id)));
      return still.length === 0 ? { done: true, value: OK } : { done: false };
    },
    {
      clock,
      timeoutMs,
      onTimeout: () => fail(`still running after stopwaitsecs ${stopwaitsecs} s`),
      signal: context.signal,
      onAbort: () => fail('cancelled'),
      read: {
        afterMs: context.readAfterMs,
        decide: async () => {
          const infos = await Promise.all(
            runningOn.map(async (id) =>
              processEntry(
                id,
                await context.monitors.get(id)!.client.getProcessInfo(namespec),
                store.state.configs[id]?.[namespec],
              ),
            ),
          );
          return infos.some(alive) ? { done: false } : { done: true, value: OK };
        },
      },
    },
  );
  report(
    namespec,
    result.ok
      ? { step: 'stopped', ...DONE_WAITING }
      : { step: 'failed', message: result.reason, ...DONE_WAITING },
  );
  return result;
}
