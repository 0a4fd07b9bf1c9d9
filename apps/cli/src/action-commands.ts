import { setTimeout as sleep } from 'node:timers/promises';
import {
  actionResultSchema,
  jobSchema,
  startingStrategySchema,
  type Job,
  type JobKind,
  type StartingStrategy,
  apiPath,
} from '@supfleet/protocol';
import { UsageError } from './cli-errors';
import type { Command, CommandContext, OptionsConfig } from './command';
import { printJson } from './print-result';

/** How often a waiting action asks for its job; a stage takes at least a poll period of the server. */
const JOB_POLL_MS = 250;

const PAST: Record<JobKind, string> = { start: 'started', stop: 'stopped', restart: 'restarted' };

type Target = 'application' | 'process';

function actionCommand(kind: JobKind, target: Target): Command {
  const withStrategy = kind !== 'stop';
  const noun = target === 'application' ? 'NAME' : 'NAMESPEC';
  const options: OptionsConfig = { 'no-wait': { type: 'boolean' } };
  const optionsHelp = ['      --no-wait          return once the server has accepted the job'];
  if (withStrategy && target === 'process') {
    options.instance = { type: 'string', short: 'i' };
    optionsHelp.push(
      '  -i, --instance ID      start on this instance (refused if it does not define or allow the program)',
    );
  }
  return {
    name: `${kind}_${target}`,
    args: withStrategy ? `STRATEGY ${noun}` : noun,
    summary: `${capitalize(kind)} ${target === 'application' ? 'a managed application' : 'a process'} and wait for the end.`,
    details: [
      ...(withStrategy ? [`STRATEGY is one of ${startingStrategySchema.options.join(', ')}.`] : []),
      `Prints "${noun} ${PAST[kind]}", or the reason of the failure on stderr (exit 1).`,
    ],
    options,
    optionsHelp,
    minArgs: withStrategy ? 2 : 1,
    maxArgs: withStrategy ? 2 : 1,
    async run(context, { positionals, values }) {
      const [strategy, name] = withStrategy
        ? [parseStrategy(positionals[0]!), positionals[1]!]
        : [undefined, positionals[0]!];
      const body = {
        wait: false,
        ...(strategy ? { strategy } : {}),
        ...(typeof values.instance === 'string' ? { instance: values.instance } : {}),
      };
      const accepted = await context.client.post(
        target === 'application'
          ? apiPath(`post /applications/:name/${kind}`, { name })
          : apiPath(`post /processes/:namespec/${kind}`, { namespec: name }),
        body,
        actionResultSchema,
      );
      if (values['no-wait']) {
        if (context.json) printJson(context, accepted.raw);
        else context.out(`${name}: ${kind} requested (job ${accepted.data.job.id})`);
        return 0;
      }
      const { job, raw } = await waitForJob(
        context,
        accepted.data.job,
        (accepted.raw as { job: unknown }).job,
      );
      if (context.json) printJson(context, raw);
      return reportJob(context, name, job);
    },
  };
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
async function waitForJob(
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
): number {
  if (job.state === 'succeeded') {
    if (!context.json) context.out(`${name} ${PAST[job.kind]}`);
    return 0;
  }
  if (job.state === 'running') {
    if (!context.json) context.out(`${name}: ${job.kind} running (job ${job.id})`);
    return 0;
  }
  const reason = job.error ?? failedSteps(job);
  if (job.state === 'cancelled') {
    context.err(`supfleetctl: ${name}: ${job.kind} cancelled${reason ? `: ${reason}` : ''}`);
  } else {
    context.err(`supfleetctl: ${name}: ${job.kind} failed: ${reason ?? 'no reason given'}`);
  }
  return 1;
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
