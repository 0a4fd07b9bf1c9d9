import { ApiClient } from './api-client';
import { CliError, UsageError } from './cli-errors';
import { usageLine, type Output } from './command';
import { commandHelp, generalHelp } from './command-help';
import { COMMANDS } from './commands';
import { parseCommandLine } from './parse-command-line';

/** Runs one supfleetctl command line; resolves with the exit code. */
export async function runSupfleetctl(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  output: Output,
): Promise<number> {
  const line = parseCommandLine(argv, env, COMMANDS);
  switch (line.kind) {
    case 'help':
      for (const text of line.command ? commandHelp(line.command) : generalHelp(COMMANDS)) output.out(text);
      return 0;
    case 'usage-error':
      output.err(`supfleetctl: ${line.message}`);
      output.err(
        line.command
          ? `usage: ${usageLine(line.command)}`
          : 'usage: supfleetctl [GLOBAL OPTIONS] COMMAND [ARGS]; supfleetctl --help lists the commands',
      );
      return 2;
    case 'run': {
      const client = new ApiClient(line.globals.server, { credentials: line.globals.credentials });
      try {
        return await line.command.run({ ...output, client, json: line.globals.json }, line.input);
      } catch (error) {
        if (!(error instanceof CliError)) throw error;
        output.err(`supfleetctl: ${error.message}`);
        if (error instanceof UsageError) output.err(`usage: ${usageLine(line.command)}`);
        return error.exitCode;
      }
    }
  }
}
