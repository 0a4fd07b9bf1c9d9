import {
  actionResultSchema,
  disabledProgramsAnswerSchema,
  programSwitchAnswerSchema,
  startPlanSchema,
  type StartPlan,
} from '@supfleet/protocol';
import { parseStrategy, reportJob, waitForJob, exitOf, type ActionOutcome } from './action-commands';
import { ApiError } from './cli-errors';
import type { Command, CommandContext } from './command';
import { segment } from './fetch-named';
import { printJson, printTable } from './print-result';

function allCommand(kind: 'start' | 'stop'): Command {
  return {
    name: `${kind}_all`,
    aliases: kind === 'start' ? ['restart_sequence'] : [],
    args: kind === 'start' ? '[STRATEGY]' : '',
    summary:
      kind === 'start'
        ? 'Start every managed application by start_sequence (running processes are left alone).'
        : 'Stop every managed application, greatest stop_sequence first.',
    details: [
      'One job over every managed application; prints "all started" / "all stopped", or why not on stderr (exit 1).',
      ...(kind === 'start' ? ["restart_sequence is supvisorsctl's name for the same."] : []),
    ],
    options: { 'no-wait': { type: 'boolean' } },
    optionsHelp: ['      --no-wait          return once the server has accepted the job'],
    minArgs: 0,
    maxArgs: kind === 'start' ? 1 : 0,
    async run(context, { positionals, values }) {
      const strategy = positionals[0] === undefined ? undefined : parseStrategy(positionals[0]);
      let outcome: ActionOutcome;
      try {
        const accepted = await context.client.post(
          `/${kind}-all`,
          strategy ? { strategy } : {},
          actionResultSchema,
        );
        const raw = (accepted.raw as { job: unknown }).job;
        if (values['no-wait']) {
          if (!context.json) context.out(`all: ${kind} requested (job ${accepted.data.job.id})`);
          outcome = { name: 'all', outcome: 'requested', job: raw, message: null };
        } else {
          const ended = await waitForJob(context, accepted.data.job, raw);
          outcome = { ...reportJob(context, 'all', ended.job), job: ended.raw };
        }
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        context.err(`supfleetctl: all: ${error.message}`);
        outcome = { name: 'all', outcome: 'failed', job: null, message: error.message };
      }
      if (context.json) printJson(context, [outcome]);
      return exitOf([outcome]);
    },
  };
}

function planCommand(target: 'application' | 'process'): Command {
  const noun = target === 'application' ? 'NAME' : 'NAMESPEC';
  return {
    name: `test_start_${target}`,
    aliases: target === 'application' ? ['plan'] : [],
    args: `STRATEGY ${noun}…`,
    summary: `Dry run of a start: ranks, the instance of each process and why, every refusal; nothing starts.`,
    details: [
      'Refusals: not-defined (no such program there), not-allowed (the rules), disabled, over-capacity,',
      'not-running (the instance), pinned (SINGLE_INSTANCE / SINGLE_NODE). Exit 1 when a process would be refused.',
      ...(target === 'process' ? ['APP:* plans every process of APP.'] : []),
    ],
    options: { restart: { type: 'boolean' } },
    optionsHelp: ['      --restart          the plan of a restart (as if the target were stopped first)'],
    minArgs: 2,
    maxArgs: Infinity,
    async run(context, { positionals, values }) {
      const strategy = parseStrategy(positionals[0]!);
      const action = values.restart ? 'restart' : 'start';
      const plans: StartPlan[] = [];
      const raws: unknown[] = [];
      let failed = false;
      for (const name of positionals.slice(1)) {
        try {
          const path = `/${target === 'application' ? 'applications' : 'processes'}/${segment(name)}/plan`;
          const answer = await context.client.get(
            `${path}?action=${action}&strategy=${strategy}`,
            startPlanSchema,
          );
          plans.push(answer.data);
          raws.push(answer.raw);
        } catch (error) {
          if (!(error instanceof ApiError)) throw error;
          context.err(`supfleetctl: ${name}: ${error.message}`);
          failed = true;
        }
      }
      printPlans(context, plans, raws, failed);
      return failed || plans.some((p) => !p.feasible) ? 1 : 0;
    },
  };
}

function printPlans(context: CommandContext, plans: StartPlan[], raws: unknown[], failed: boolean): void {
  printTable(
    context,
    raws,
    ['Rank', 'Process', 'Outcome', 'Instance', 'Reason', 'Refused'],
    plans.flatMap((plan) =>
      plan.ranks.flatMap((rank) =>
        rank.processes.map((p) => [
          rank.rank,
          p.namespec,
          p.outcome,
          p.instance,
          p.reason,
          p.refusals.map((r) => `${r.instance} (${r.kind})`).join(', '),
        ]),
      ),
    ),
    failed,
  );
}

function switchCommand(kind: 'enable' | 'disable'): Command {
  return {
    name: kind,
    args: 'NAMESPEC [INSTANCE]',
    summary:
      kind === 'disable'
        ? 'Disable a program on an instance (all that define it without one): stopped there, never started there.'
        : 'Enable a disabled program again on an instance (all without one).',
    details: [
      'Kept by the server across its restarts; every start honours it, automatic ones too.',
      `Prints what changed; "already ${kind}d" when nothing did (exit 0: the state asked for holds).`,
    ],
    minArgs: 1,
    maxArgs: 2,
    async run(context, { positionals }) {
      const [namespec, instance] = positionals as [string, string?];
      const body = { wait: true, ...(instance ? { instance } : {}) };
      const { data, raw } = await context.client.post(
        `/processes/${segment(namespec)}/${kind}`,
        body,
        programSwitchAnswerSchema,
      );
      if (context.json) printJson(context, raw);
      else if (data.changed.length === 0)
        context.out(`${namespec} already ${kind}d${instance ? ` on ${instance}` : ''}`);
      else context.out(`${namespec} ${kind}d on ${data.changed.join(', ')}`);
      if (data.job && data.job.state !== 'succeeded') {
        context.err(`supfleetctl: ${namespec}: stop ${data.job.state}: ${data.job.error ?? ''}`);
        return 1;
      }
      return 0;
    },
  };
}

const disabledCommand: Command = {
  name: 'disabled',
  args: '',
  summary: 'Programs disabled on an instance, who disabled them and when.',
  minArgs: 0,
  maxArgs: 0,
  async run(context) {
    const { data, raw } = await context.client.get('/disabled', disabledProgramsAnswerSchema);
    if (data.length === 0 && !context.json) {
      context.out('nothing disabled');
      return 0;
    }
    printTable(
      context,
      raw,
      ['Process', 'Instance', 'By', 'Since'],
      data.map((d) => [d.namespec, d.instance, d.by, new Date(d.at).toISOString()]),
    );
    return 0;
  },
};

export const fleetCommands: readonly Command[] = [
  allCommand('start'),
  allCommand('stop'),
  planCommand('application'),
  planCommand('process'),
  switchCommand('enable'),
  switchCommand('disable'),
  disabledCommand,
];
