import type { ParseArgsConfig } from 'node:util';
import type { ApiClient } from './api-client';

export type OptionsConfig = NonNullable<ParseArgsConfig['options']>;
export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** Where a command writes: stdout lines, stderr lines, and raw stdout text (log tails). */
export interface Output {
  out(line: string): void;
  err(line: string): void;
  write(text: string): void;
}

export interface CommandContext extends Output {
  client: ApiClient;
  /** --json: print the server's JSON instead of tables. */
  json: boolean;
}

export interface CommandInput {
  positionals: string[];
  values: OptionValues;
}

/** One supfleetctl command; `run` resolves with the exit code. */
export interface Command {
  name: string;
  /** Other names it answers to (supvisorsctl's, where they differ). */
  aliases?: readonly string[];
  /** Positional arguments as shown in the usage line, e.g. `STRATEGY NAME`. */
  args: string;
  summary: string;
  /** Further lines of `COMMAND --help`. */
  details?: string[];
  options?: OptionsConfig;
  /** Help lines of the options, e.g. `  -f, --follow   keep printing`. */
  optionsHelp?: string[];
  minArgs: number;
  maxArgs: number;
  run(context: CommandContext, input: CommandInput): Promise<number>;
}

export function usageLine(command: Command): string {
  const options = command.options ? ' [OPTIONS]' : '';
  return `supfleetctl [GLOBAL OPTIONS] ${command.name}${options}${command.args ? ` ${command.args}` : ''}`;
}
