import { setTimeout as sleep } from 'node:timers/promises';
import {
  actionResultSchema,
  applicationSchema,
  jobSchema,
  processSchema,
  startingStrategySchema,
  type Job,
  type JobKind,
  type StartingStrategy,
  apiPath,
} from '@supfleet/protocol';
import { z } from 'zod';
import { ApiError, UsageError } from './cli-errors';
import type { Command, CommandContext, OptionsConfig } from './command';
import { segment } from './fetch-named';
import { printJson } from './print-result';

/** How often a waiting action asks for its job; a stage takes at least a poll period of the server. */
const JOB_POLL_MS = 250;

/** Exit status when a name was already in the state asked for (ALREADY_STARTED / NOT_RUNNING). */
export const EXIT_NOTHING_TO_DO = 3;

const PAST: Record<JobKind, string> = { start: 'started', stop: 'stopped', restart: 'restarted' };

type Target = 'application' | 'process';

/** What one name of an action came to: the one --json shape of every action command (an array of these). */
export interface ActionOutcome {
  name: string;
  outcome:
    | 'started'
    | 'stopped'
    | 'restarted'
    | 'requested'
    | 'already_started'
    | 'not_running'
    | 'failed'
    | 'cancelled';
  /** The job, as the server last gave it; null when nothing was launched. */
  job: unknown;
  message: string | null;
}

function actionCommand(kind: JobKind, target: Target): Command {
  const withStrategy = kind !== 'stop';
  const noun = target === 'application' ? 'NAME' : 'NAMESPEC';
  const options: OptionsConfig = { 'no-wait': { type: 'boolean' } };
  const optionsHelp = ['      --no-wait          return once the server has accepted each job'];
  if (withStrategy && target === 'process') {
    options.instance = { type: 'string', short: 'i' };
    optionsHelp.push(
      '  -i, --instance ID      start on this instance (refused if it does not define or allow the program)',
    );
  }
  const what = target === 'application' ? 'managed applications' : 'processes';
  return {
    name: `${kind}_${target}`,
    args: withStrategy ? `STRATEGY [${noun}…]` : `[${noun}…]`,
    summary: `${capitalize(kind)} ${what}, one after the other, and wait for each (all ${what} without a name).`,
    details: [
      ...(withStrategy ? [`STRATEGY is one of ${startingStrategySchema.options.join(', ')}.`] : []),
      ...(target === 'process' ? ['APP:* names every process of APP, as in supervisorctl.'] : []),
      `Prints "${noun} ${PAST[kind]}" for each, or the reason of a failure on stderr.`,
      kind === 'start'
        ? `A ${target} already started is left alone: "ALREADY_STARTED", exit ${EXIT_NOTHING_TO_DO} (as Supvisors refuses it).`
        : kind === 'stop'
          ? `A ${target} with nothing running is left alone: "NOT_RUNNING", exit ${EXIT_NOTHING_TO_DO}.`
          : 'A restart always stops, then starts.',
      ...(target === 'application'
        ? [
            'Unmanaged applications are never orchestrated: start or stop their processes with *_process APP:*.',
          ]
        : ['Processes of unmanaged applications can be started and stopped one by one.']),
      `Exit status: 0 all done, 1 if any failed, ${EXIT_NOTHING_TO_DO} if some had nothing to do and none failed.`,
    ],
    options,
    optionsHelp,
    minArgs: withStrategy ? 1 : 0,
    maxArgs: Infinity,
    async run(context, { positionals, values }) {
      const strategy = withStrategy ? parseStrategy(positionals[0]!) : undefined;
      const given = withStrategy ? positionals.slice(1) : positionals;
      const names =
        target === 'application'
          ? await applicationNames(context, given)
          : await processNames(context, given);
      const outcomes: ActionOutcome[] = [];
      for (const name of names) {
        outcomes.push(
          await actOn(context, target, kind, name, {
            strategy,
            instance: typeof values.instance === 'string' ? values.instance : undefined,
            wait: !values['no-wait'],
          }),
        );
      }
      if (context.json) printJson(context, outcomes);
      return exitOf(outcomes);
    },
  };
}

export function exitOf(outcomes: readonly { outcome: ActionOutcome['outcome'] }[]): number {
  if (outcomes.some((o) => o.outcome === 'failed' || o.outcome === 'cancelled')) return 1;
  if (outcomes.some((o) => o.outcome === 'already_started' || o.outcome === 'not_running'))
    return EXIT_NOTHING_TO_DO;
  return 0;
}

async function applicationNames(context: CommandContext, given: string[]): Promise<string[]> {
  if (given.length > 0) return given;
  const { data } = await context.client.get('/applications', z.array(applicationSchema));
  return data
    .filter((a) => a.managed)
    .map((a) => a.name)
    .sort();
}

async function processNames(context: CommandContext, given: string[]): Promise<string[]> {
  const listOf = async (path: string) =>
    (await context.client.get(path, z.array(processSchema))).data.map((p) => p.namespec).sort();
  if (given.length === 0) return listOf('/processes');
  const names: string[] = [];
  for (const name of given) {
    if (!name.endsWith(':*')) names.push(name);
    else {
      try {
        names.push(...(await listOf(`/applications/${segment(name.slice(0, -2))}/processes`)));
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        context.err(`supfleetctl: ${error.message}`);
      }
    }
  }
  return names;
}

/** The job; the server refuses what has nothing to do (ALREADY_STARTED / NOT_RUNNING), as Supvisors does. */
async function actOn(
  context: CommandContext,
  target: Target,
  kind: JobKind,
  name: string,
  options: { strategy?: StartingStrategy; instance?: string; wait: boolean },
): Promise<ActionOutcome> {
  const path = `/${target === 'application' ? 'applications' : 'processes'}/${segment(name)}`;
  const fail = (message: string): ActionOutcome => {
    context.err(`supfleetctl: ${name}: ${message}`);
    return { name, outcome: 'failed', job: null, message };
  };
  try {
    const body = {
      wait: false,
      ...(options.strategy ? { strategy: options.strategy } : {}),
      ...(options.instance ? { instance: options.instance } : {}),
    };
    const accepted = await context.client.post(`${path}/${kind}`, body, actionResultSchema);
    if (!options.wait) {
      if (!context.json) context.out(`${name}: ${kind} requested (job ${accepted.data.job.id})`);
      return { name, outcome: 'requested', job: (accepted.raw as { job: unknown }).job, message: null };
    }
    const { job, raw } = await waitForJob(context, accepted.data.job, (accepted.raw as { job: unknown }).job);
    return { ...reportJob(context, name, job), job: raw };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    // The server's check, the one every client gets (REST, /RPC2, the page): nothing was done.
    if (error.code === 'ALREADY_STARTED' || error.code === 'NOT_RUNNING') {
      context.err(`supfleetctl: ${name}: ${error.code}: ${error.message}, nothing done`);
      return {
        name,
        outcome: error.code === 'ALREADY_STARTED' ? 'already_started' : 'not_running',
        job: null,
        message: error.message,
      };
    }
    return fail(error.message);
  }
}

export function parseStrategy(text: string): StartingStrategy {
  const parsed = startingStrategySchema.safeParse(text);
  if (!parsed.success)
    throw new UsageError(
      `unknown strategy "${text}": use one of ${startingStrategySchema.options.join(', ')}`,
    );
  return parsed.data;
}

/** Polls the job rather than asking the server to hold the request: a long start outlives HTTP timeouts. */
export async function waitForJob(
  context: CommandContext,
  job: Job,
  raw: unknown,
): Promise<{ job: Job; raw: unknown }> {
  let current = { job, raw };
  while (current.job.state === 'running') {
    await sleep(JOB_POLL_MS);
    const answer = await context.client.get(apiPath('get /jobs/:id', { id: job.id }), jobSchema);
    current = { job: answer.data, raw: answer.raw };
  }
  return current;
}

/** One line a person reads: `scen1 restarted`, or why not on stderr. */
export function reportJob(
  context: Pick<CommandContext, 'out' | 'err' | 'json'>,
  name: string,
  job: Job,
): Omit<ActionOutcome, 'job'> {
  if (job.state === 'succeeded') {
    if (!context.json) context.out(`${name} ${PAST[job.kind]}`);
    return { name, outcome: PAST[job.kind] as ActionOutcome['outcome'], message: null };
  }
  if (job.state === 'running') {
    if (!context.json) context.out(`${name}: ${job.kind} running (job ${job.id})`);
    return { name, outcome: 'requested', message: null };
  }
  const reason = job.error ?? failedSteps(job);
  if (job.state === 'cancelled') {
    context.err(`supfleetctl: ${name}: ${job.kind} cancelled${reason ? `: ${reason}` : ''}`);
    return { name, outcome: 'cancelled', message: reason };
  }
  context.err(`supfleetctl: ${name}: ${job.kind} failed: ${reason ?? 'no reason given'}`);
  return { name, outcome: 'failed', message: reason ?? null };
}

function failedSteps(job: Job): string | null {
  const failed = job.ranks.flatMap((rank) => rank.processes).filter((p) => p.step === 'failed');
  return failed.length > 0 ? failed.map((p) => `${p.namespec}: ${p.message ?? 'failed'}`).join('; ') : null;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export const actionCommands: readonly Command[] = (['application', 'process'] as const).flatMap((target) =>
  (['start', 'stop', 'restart'] as const).map((kind) => actionCommand(kind, target)),
);
