import { parseArgs } from 'node:util';
import type { Credentials } from './api-client';
import type { Command, CommandInput, OptionsConfig } from './command';

export const DEFAULT_SERVER_URL = 'http://127.0.0.1:61100';

export interface GlobalOptions {
  server: string;
  credentials?: Credentials;
  json: boolean;
}

export type CommandLine =
  | { kind: 'help'; command?: Command }
  | { kind: 'run'; command: Command; globals: GlobalOptions; input: CommandInput }
  | { kind: 'usage-error'; message: string; command?: Command };

const GLOBAL_OPTIONS = {
  server: { type: 'string', short: 's' },
  username: { type: 'string', short: 'u' },
  password: { type: 'string', short: 'p' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionsConfig;

interface GlobalValues {
  server?: string;
  username?: string;
  password?: string;
  json?: boolean;
  help?: boolean;
}

/** Global options that take a value: the token after them is not the command name. */
const TAKES_VALUE = new Set(['-s', '--server', '-u', '--username', '-p', '--password']);

/**
 * `supfleetctl [GLOBAL OPTIONS] COMMAND [OPTIONS] [ARGS]`. Global options may also follow the
 * command (`application_info --json`), since that is where people tend to add them.
 */
export function parseCommandLine(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  commands: readonly Command[],
): CommandLine {
  const at = commandIndex(argv);
  let globals: GlobalValues;
  try {
    globals = parseArgs({
      args: argv.slice(0, at),
      options: GLOBAL_OPTIONS,
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    return { kind: 'usage-error', message: (error as Error).message };
  }
  const name = argv[at];
  if (globals.help) return { kind: 'help' };
  if (name === undefined) return { kind: 'usage-error', message: 'no command given' };
  if (name === 'help') {
    const topic = argv[at + 1];
    if (topic === undefined) return { kind: 'help' };
    const command = findCommand(commands, topic);
    return command
      ? { kind: 'help', command }
      : { kind: 'usage-error', message: `unknown command "${topic}"` };
  }
  const command = findCommand(commands, name);
  if (!command) return { kind: 'usage-error', message: `unknown command "${name}"` };

  let parsed: { values: GlobalValues & CommandInput['values']; positionals: string[] };
  try {
    parsed = parseArgs({
      args: argv.slice(at + 1),
      options: { ...GLOBAL_OPTIONS, ...command.options },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    return { kind: 'usage-error', message: (error as Error).message, command };
  }
  const { server, username, password, json, help, ...values } = parsed.values;
  if (help) return { kind: 'help', command };

  const count = parsed.positionals.length;
  if (count < command.minArgs || count > command.maxArgs) {
    const expected = command.args ? `expects ${command.args}` : 'takes no argument';
    return { kind: 'usage-error', message: `${command.name} ${expected}`, command };
  }

  const url = server ?? globals.server ?? env.SUPFLEET_URL ?? DEFAULT_SERVER_URL;
  if (!isHttpUrl(url))
    return { kind: 'usage-error', message: `server URL "${url}" is not an http:// or https:// URL` };
  const user = username ?? globals.username ?? env.SUPFLEET_USERNAME;
  const secret = password ?? globals.password ?? env.SUPFLEET_PASSWORD;
  return {
    kind: 'run',
    command,
    globals: {
      server: url,
      credentials: user === undefined ? undefined : { username: user, password: secret ?? '' },
      json: Boolean(json ?? globals.json),
    },
    input: { positionals: parsed.positionals, values },
  };
}

export function findCommand(commands: readonly Command[], name: string): Command | undefined {
  return commands.find((c) => c.name === name || c.aliases?.includes(name));
}

/** Index of the command name: the first token that is neither a global option nor its value. */
function commandIndex(argv: readonly string[]): number {
  let i = 0;
  while (i < argv.length) {
    const token = argv[i]!;
    if (token === '--' || !token.startsWith('-') || token === '-') return token === '--' ? i + 1 : i;
    i += TAKES_VALUE.has(token) ? 2 : 1;
  }
  return i;
}

function isHttpUrl(text: string): boolean {
  try {
    const { protocol } = new URL(text);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
