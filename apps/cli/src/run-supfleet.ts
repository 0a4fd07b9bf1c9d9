import { parseArgs } from 'node:util';
import { CliError, UsageError } from './cli-errors';
import type { Output } from './command';
import { rulesCheck } from './rules-check';
import { rulesShow } from './rules-show';

const USAGE = [
  'usage: supfleet rules check [-c CONF] [FILE…]',
  '       supfleet rules show -c CONF [--application NAME]… [--program NAME]…',
  '       supfleet user add|list|remove|passwd … -c CONF',
  '       supfleet token create|list|revoke … -c CONF',
];

const HELP = [
  ...USAGE,
  '',
  'Works on files only: no supervisord and no supfleet server is contacted.',
  '',
  'rules check   Parses the rules files and reports every error as file:line:column: message',
  '              (exit 1), or one summary line (exit 0). Warnings go to stderr.',
  '  -c, --conf CONF   supervisord-style conf with a [supfleet] section: its instances check the',
  '                    identifiers, and its rules_files are checked when no FILE is given.',
  '                    Without it, warnings about unknown instances are not shown.',
  '',
  'rules show    Prints as JSON the rules the server would resolve with CONF, and the rule',
  '              that produced them (matchedBy: file, line, column; models).',
  '  -c, --conf CONF          the conf; its rules_files are relative to its directory',
  '  -a, --application NAME   an application (repeatable); default: every one named in the files',
  '  -P, --program NAME       a program of each application (repeatable); default: none',
  '',
  'user, token   Users and API tokens in the database of the server of CONF (run by the server',
  '              package, which owns the database): see supfleet user --help, docs/cli.md.',
];

/** `supfleet rules check|show`; resolves with the exit code. */
export function runSupfleet(argv: readonly string[], output: Pick<Output, 'out' | 'err'>): number {
  try {
    return dispatch(argv, output);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    output.err(`supfleet: ${error.message}`);
    if (error instanceof UsageError) for (const line of USAGE) output.err(line);
    return error.exitCode;
  }
}

function dispatch(argv: readonly string[], output: Pick<Output, 'out' | 'err'>): number {
  const [group, action, ...rest] = argv;
  const helpFlag = (arg: string | undefined) => arg === '-h' || arg === '--help' || arg === 'help';
  if (helpFlag(group) || (group === 'rules' && helpFlag(action))) {
    for (const line of HELP) output.out(line);
    return 0;
  }
  if (group !== 'rules')
    throw new UsageError(group === undefined ? 'no command given' : `unknown command "${group}"`);
  const { values, positionals } = parse(rest, action);
  if (values.help) {
    for (const line of HELP) output.out(line);
    return 0;
  }
  if (action === 'check') return rulesCheck({ files: positionals, conf: values.conf }, output);
  // action is 'show' here: parse() refused anything else.
  if (positionals.length > 0)
    throw new UsageError(`rules show takes no file: it reads the rules_files of -c CONF`);
  if (!values.conf) throw new UsageError('rules show needs -c CONF');
  return rulesShow(
    { conf: values.conf, applications: values.application ?? [], programs: values.program ?? [] },
    output,
  );
}

function parse(args: readonly string[], action: string | undefined) {
  if (action !== 'check' && action !== 'show') {
    throw new UsageError(
      action === undefined ? 'rules needs check or show' : `unknown rules command "${action}"`,
    );
  }
  try {
    return parseArgs({
      args: [...args],
      options: {
        conf: { type: 'string', short: 'c' },
        help: { type: 'boolean', short: 'h' },
        ...(action === 'show'
          ? {
              application: { type: 'string', short: 'a', multiple: true },
              program: { type: 'string', short: 'P', multiple: true },
            }
          : {}),
      },
      allowPositionals: true,
      strict: true,
    }) as {
      values: { conf?: string; help?: boolean; application?: string[]; program?: string[] };
      positionals: string[];
    };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
