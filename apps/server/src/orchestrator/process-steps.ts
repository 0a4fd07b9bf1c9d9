import { isRunningLike, type JobProcess, type StartingStrategy } from '@supfleet/protocol';
import { chooseInstance } from '@supfleet/core';
import { SupervisorFault } from '@supfleet/supervisor-client';
import type { FleetStore } from '../fleet-store';
import type { InstanceMonitor } from '../monitors/instance-monitor';
import { infoOn, waitForProcess } from './wait-for-process';

/** Slack over supervisord's own startsecs / stopwaitsecs before a step is declared failed. */
export const STEP_MARGIN_MS = 3000;
/** A wait_exit process (e.g. waiting for an NFS mount) may take long; not forever. */
export const WAIT_EXIT_TIMEOUT_MS = 300_000;

export interface StepContext {
  store: FleetStore;
  monitors: ReadonlyMap<string, InstanceMonitor>;
  signal: AbortSignal;
  localNode: string;
  pollPeriodMs: number;
  /** Reports the step of one process of the job. */
  report: (namespec: string, patch: Partial<JobProcess>) => void;
}

export type StepResult = { ok: true } | { ok: false; reason: string };

const OK: StepResult = { ok: true };
const fail = (reason: string): StepResult => ({ ok: false, reason });

/**
 * Starts one process on the instance the strategy chooses (SPEC sections 5-6) and waits until
 * it is RUNNING, or has exited with an expected code when it is a wait_exit process.
 */
export async function startProcessStep(
  context: StepContext,
  target: { namespec: string; waitExit: boolean; strategy: StartingStrategy; instance?: string },
  pendingLoad: Record<string, number>,
  /** Where this job placed processes so far (namespec → instance); the choice is added. */
  placed: Record<string, string> = {},
): Promise<StepResult> {
  const { store, report, namespec } = { ...context, namespec: target.namespec };
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
  report(namespec, { step: 'starting', instance, message: null });

  const monitor = context.monitors.get(instance)!;
  // What the store knew before the call: until a poll replaces it, it says nothing of this attempt.
  const stale = infoOn(store.state.processes[namespec], instance);
  let spawnedAt: number;
  try {
    await monitor.client.startProcess(namespec, false);
    spawnedAt = (await monitor.client.getProcessInfo(namespec)).start;
  } catch (error) {
    const reason =
      error instanceof SupervisorFault ? `${error.faultName}: ${error.message}` : (error as Error).message;
    report(namespec, { step: 'failed', message: reason });
    return fail(reason);
  } finally {
    monitor.requestPoll();
  }

  const config = store.state.configs[instance]?.[namespec];
  const startsecs = typeof config?.startsecs === 'number' ? config.startsecs : 1;
  const startDeadline = startsecs * 1000 + STEP_MARGIN_MS + context.pollPeriodMs;
  let waitingExit = false;
  let timedOut = false;
  const result = await waitForProcess<StepResult>(
    store,
    namespec,
    (current, instances) => {
      // Not answering is no failure yet (a busy supervisord); lost is.
      if (instances[instance]?.lost) return { done: true, value: fail(`${instance} lost`) };
      const info = infoOn(current, instance);
      if (!info || info === stale || info.start < spawnedAt) return { done: false };
      switch (info.state) {
        case 'RUNNING':
          if (!target.waitExit) return { done: true, value: OK };
          if (!waitingExit) {
            waitingExit = true;
            report(namespec, { step: 'waiting-exit' });
          }
          return { done: false };
        case 'EXITED':
          if (info.stop < spawnedAt) return { done: false };
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
    },
    {
      timeoutMs: target.waitExit ? WAIT_EXIT_TIMEOUT_MS : startDeadline,
      onTimeout: () => {
        timedOut = true;
        return fail(target.waitExit ? 'did not exit in time' : `not RUNNING within startsecs ${startsecs} s`);
      },
      signal: context.signal,
      onAbort: () => fail('cancelled'),
    },
  );
  // A failed attempt must not go on by itself (a BACKOFF loop would start it later, unasked).
  if (timedOut) await stopAttempt(monitor, namespec);
  report(
    namespec,
    result.ok ? { step: target.waitExit ? 'exited' : 'running' } : { step: 'failed', message: result.reason },
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
  const { store, report } = context;
  const process = store.state.processes[namespec];
  const runningOn =
    process?.runningOn.filter(
      (id) => store.state.instances[id]?.state === 'RUNNING' && (only === undefined || only.includes(id)),
    ) ?? [];
  if (runningOn.length === 0) {
    report(namespec, { step: 'stopped', message: 'not running' });
    return OK;
  }
  report(namespec, { step: 'stopping', instance: runningOn.join(', '), message: null });
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
    const reason = (error as Error).message;
    report(namespec, { step: 'failed', message: reason });
    return fail(reason);
  }
  const stopwaitsecs = Math.max(
    ...runningOn.map((id) => {
      const value = store.state.configs[id]?.[namespec]?.stopwaitsecs;
      return typeof value === 'number' ? value : 10;
    }),
  );
  const result = await waitForProcess<StepResult>(
    store,
    namespec,
    (current, instances) => {
      // Its supervisord is gone: whatever it ran may live on, orphaned; this is no confirmed stop.
      const lost = runningOn.filter((id) => instances[id]?.lost);
      if (lost.length > 0)
        return { done: true, value: fail(`${lost.join(', ')} lost before the stop was confirmed`) };
      const still = runningOn.filter((id) => {
        const info = infoOn(current, id);
        return info !== undefined && (isRunningLike(info.state) || info.state === 'STOPPING');
      });
      return still.length === 0 ? { done: true, value: OK } : { done: false };
    },
    {
      timeoutMs: stopwaitsecs * 1000 + STEP_MARGIN_MS + context.pollPeriodMs,
      onTimeout: () => fail(`still running after stopwaitsecs ${stopwaitsecs} s`),
      signal: context.signal,
      onAbort: () => fail('cancelled'),
    },
  );
  report(namespec, result.ok ? { step: 'stopped' } : { step: 'failed', message: result.reason });
  return result;
}
