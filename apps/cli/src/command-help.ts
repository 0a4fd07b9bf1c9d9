import { usageLine, type Command } from './command';
import { DEFAULT_SERVER_URL } from './parse-command-line';

const GLOBAL_OPTIONS_HELP = [
  `  -s, --server URL       supfleet server (default ${DEFAULT_SERVER_URL}, env SUPFLEET_URL)`,
  '  -u, --username NAME    HTTP basic auth user (env SUPFLEET_USERNAME)',
  '  -p, --password SECRET  HTTP basic auth password (env SUPFLEET_PASSWORD)',
  "      --json             print the server's JSON instead of tables",
  '  -h, --help             this help; COMMAND --help for one command',
];

export function generalHelp(commands: readonly Command[]): string[] {
  const width = Math.max(...commands.map((c) => `${c.name} ${c.args}`.length)) + 2;
  return [
    'usage: supfleetctl [GLOBAL OPTIONS] COMMAND [OPTIONS] [ARGS]',
    '',
    'Controls applications distributed over several supervisord through a supfleet server.',
    '',
    'Global options:',
    ...GLOBAL_OPTIONS_HELP,
    '',
    'Commands:',
    ...commands.map(
      (c) =>
        `  ${`${c.name} ${c.args}`.padEnd(width)}${c.summary}${c.aliases?.length ? ` (also: ${c.aliases.join(', ')})` : ''}`,
    ),
    '',
    'Exit status: 0 on success, 1 on failure (the reason on stderr), 2 on a bad command line,',
    '3 when an action had nothing to do (ALREADY_STARTED, NOT_RUNNING) and nothing failed.',
  ];
}

export function commandHelp(command: Command): string[] {
  return [
    `usage: ${usageLine(command)}`,
    '',
    command.summary,
    ...(command.aliases?.length ? [`Also: ${command.aliases.join(', ')}.`] : []),
    ...(command.details ? ['', ...command.details] : []),
    ...(command.optionsHelp ? ['', 'Options:', ...command.optionsHelp] : []),
    '',
    'Global options:',
    ...GLOBAL_OPTIONS_HELP,
  ];
}
