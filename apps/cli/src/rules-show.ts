import { formatDiagnostic } from '@supfleet/core';
import { CliError } from './cli-errors';
import type { Output } from './command';
import { applicationNames } from './application-names';
import { loadRulesFiles } from './load-rules-files';
import { readConf } from './read-conf';

export interface RulesShowOptions {
  conf: string;
  /** Applications to explain; every application named in the rules files when empty. */
  applications: readonly string[];
  /** Programs to explain under each application; the application's rules only when empty. */
  programs: readonly string[];
}

/**
 * `supfleet rules show`: the rules the server would resolve with this conf, as JSON on stdout,
 * with the rule that produced them. Names need not be defined by any supervisord.
 */
export function rulesShow(options: RulesShowOptions, output: Pick<Output, 'out' | 'err'>): number {
  const conf = readConf(options.conf);
  const { sources, result } = loadRulesFiles(conf.rulesFiles, conf);
  for (const warning of result.warnings)
    output.err(formatDiagnostic({ ...warning, message: `warning: ${warning.message}` }));
  if (!result.rules) {
    for (const error of result.errors) output.err(formatDiagnostic(error));
    throw new CliError(`the rules files of ${options.conf} have errors: nothing to show`);
  }
  const rules = result.rules;
  const names =
    options.applications.length > 0
      ? options.applications
      : [...new Set(sources.flatMap((s) => applicationNames(s.text)))];
  const applications = names.map((application) => ({
    name: application,
    ...rules.explainApplication(application),
    ...(options.programs.length > 0
      ? {
          programs: options.programs.map((program) => ({
            name: program,
            ...rules.explainProgram(application, program),
          })),
        }
      : {}),
  }));
  output.out(JSON.stringify({ rulesFiles: conf.rulesFiles, applications }, null, 2));
  return 0;
}
