import {
  applicationRulesAnswerSchema,
  applicationSchema,
  processRulesAnswerSchema,
  reloadResultSchema,
} from '@supfleet/protocol';
import { ApiError } from './cli-errors';
import { z } from 'zod';
import type { Command, CommandContext } from './command';
import { fetchNamed, segment } from './fetch-named';
import { fetchProcesses } from './fetch-processes';
import { printTable } from './print-result';

type ApplicationRulesAnswer = z.infer<typeof applicationRulesAnswerSchema>;
type ProcessRulesAnswer = z.infer<typeof processRulesAnswerSchema>;
type RuleMatch = ApplicationRulesAnswer['matchedBy'];

/** `file:line` of the rule that applies, so the user can open it. */
export function ruleLocation(match: RuleMatch): string {
  return match ? `${match.file}:${match.line}` : '-';
}

const reloadRules: Command = {
  name: 'reload_rules',
  args: '',
  summary: 'Re-read the rules files and the [supfleet] section of the running server (admin).',
  details: [
    'Valid files are applied at once. Invalid ones change nothing: their errors are printed',
    '(file:line:column) and the command exits 1. Same as sending SIGHUP to the server.',
  ],
  minArgs: 0,
  maxArgs: 0,
  async run(context) {
    try {
      const { data, raw } = await context.client.post('/rules/reload', {}, reloadResultSchema);
      if (context.json) {
        context.out(JSON.stringify(raw, null, 2));
        return 0;
      }
      context.out('rules reloaded');
      for (const warning of data.status.reload.warnings) context.err(`warning: ${warning}`);
      if (data.instancesAdded.length > 0) context.out(`instances added: ${data.instancesAdded.join(', ')}`);
      if (data.instancesRemoved.length > 0)
        context.out(`instances removed: ${data.instancesRemoved.join(', ')}`);
      if (data.status.needsRestart.length > 0)
        context.out(`needs a restart of the server to apply: ${data.status.needsRestart.join(', ')}`);
      return 0;
    } catch (error) {
      const errors = error instanceof ApiError ? reloadErrors(error.details) : null;
      if (!errors) throw error;
      context.err('nothing reloaded; the rules in force are unchanged:');
      for (const line of errors) context.err(line);
      return 1;
    }
  },
};

function reloadErrors(details: unknown): string[] | null {
  const parsed = z.object({ errors: z.array(z.string()) }).safeParse(details);
  return parsed.success ? parsed.data.errors : null;
}

const applicationRules: Command = {
  name: 'application_rules',
  args: '[NAME…]',
  summary: 'Resolved rules of applications and where they come from (all by default).',
  details: ['A NAME no supervisord defines is answered too: it shows what the rules files would give it.'],
  minArgs: 0,
  maxArgs: Infinity,
  async run(context, { positionals }) {
    const names = positionals.length > 0 ? positionals : await applicationNames(context);
    const { answers, failed } = await fetchNamed(context, names, (name) =>
      context.client.get(`/rules/applications/${segment(name)}`, applicationRulesAnswerSchema),
    );
    printTable(
      context,
      answers.map((a) => a.raw),
      [
        'Application',
        'Managed',
        'Distribution',
        'Identifiers',
        'Start',
        'Stop',
        'Starting',
        'Starting_Failure',
        'Running_Failure',
        'Rule',
      ],
      answers.map((a) => applicationRow(a.data)),
      failed,
    );
    return failed ? 1 : 0;
  },
};

function applicationRow({ application, rules, matchedBy }: ApplicationRulesAnswer) {
  if (!rules.managed) return [application, false, 'n/a', 'n/a', 'n/a', 'n/a', 'n/a', 'n/a', 'n/a', '-'];
  return [
    application,
    true,
    rules.distribution,
    rules.identifiers.join(','),
    rules.startSequence,
    rules.stopSequence,
    rules.startingStrategy,
    rules.startingFailureStrategy,
    rules.runningFailureStrategy,
    ruleLocation(matchedBy),
  ];
}

async function applicationNames(context: CommandContext): Promise<string[]> {
  const { data } = await context.client.get('/applications', z.array(applicationSchema));
  return data.map((a) => a.name).sort((a, b) => a.localeCompare(b));
}

const processRules: Command = {
  name: 'process_rules',
  args: '[NAMESPEC…]',
  summary: 'Resolved rules of processes and where they come from (all by default; APP:*).',
  details: ['Rule is file:line of the program rule; Models are the models it references, nearest first.'],
  minArgs: 0,
  maxArgs: Infinity,
  async run(context, { positionals }) {
    const expanded = await expandNamespecs(context, positionals);
    const { answers, failed } = await fetchNamed(context, expanded.namespecs, (namespec) =>
      context.client.get(`/rules/processes/${segment(namespec)}`, processRulesAnswerSchema),
    );
    printTable(
      context,
      answers.map((a) => a.raw),
      [
        'Process',
        'Start',
        'Stop',
        'Required',
        'WaitExit',
        'Loading',
        'Running_Failure',
        'Identifiers',
        'Rule',
        'Models',
      ],
      answers.map((a) => processRow(a.data)),
      failed || expanded.failed,
    );
    return failed || expanded.failed ? 1 : 0;
  },
};

function processRow({ namespec, rules, matchedBy, models }: ProcessRulesAnswer) {
  return [
    namespec,
    rules.startSequence,
    rules.stopSequence,
    rules.required,
    rules.waitExit,
    `${rules.expectedLoading}%`,
    rules.runningFailureStrategy,
    rules.identifiers.join(','),
    ruleLocation(matchedBy),
    models.join(','),
  ];
}

/** `APP:*` and the empty list name processes the server knows; other namespecs stand as given. */
async function expandNamespecs(context: CommandContext, positionals: readonly string[]) {
  if (positionals.length === 0) {
    const all = await fetchProcesses(context, []);
    return { namespecs: all.processes.map((p) => p.namespec), failed: all.failed };
  }
  const namespecs: string[] = [];
  let failed = false;
  for (const namespec of positionals) {
    if (!namespec.endsWith(':*')) {
      namespecs.push(namespec);
      continue;
    }
    const group = await fetchProcesses(context, [namespec]);
    namespecs.push(...group.processes.map((p) => p.namespec));
    failed ||= group.failed;
  }
  return { namespecs, failed };
}

export const rulesCommands: readonly Command[] = [applicationRules, processRules, reloadRules];
