import { formatDiagnostic } from '@supfleet/core';
import { UsageError } from './cli-errors';
import type { Output } from './command';
import { loadRulesFiles } from './load-rules-files';
import { readConf } from './read-conf';

export interface RulesCheckOptions {
  files: readonly string[];
  /** supervisord-style conf: its instance ids check identifiers, its rules_files are checked when no file is given. */
  conf?: string;
}

/** `supfleet rules check`: every error on stdout and exit 1, or a one-line summary and exit 0. */
export function rulesCheck(options: RulesCheckOptions, output: Pick<Output, 'out' | 'err'>): number {
  const conf = options.conf === undefined ? undefined : readConf(options.conf);
  const files = options.files.length > 0 ? options.files : (conf?.rulesFiles ?? []);
  if (files.length === 0) {
    throw new UsageError(
      conf ? `${options.conf} names no rules_files: give the files to check` : 'no rules file given',
    );
  }
  const { result } = loadRulesFiles(files, conf);
  for (const warning of result.warnings)
    output.err(formatDiagnostic({ ...warning, message: `warning: ${warning.message}` }));
  for (const error of result.errors) output.out(formatDiagnostic(error));
  const warnings = count(result.warnings.length, 'warning');
  if (!result.rules) {
    output.out(`failed: ${count(result.errors.length, 'error')}, ${warnings}`);
    return 1;
  }
  const { summary } = result.rules;
  output.out(
    `ok: ${count(files.length, 'file')}, ${count(summary.applications, 'application')}, ` +
      `${count(summary.models, 'model')}, ${count(summary.aliases, 'alias', 'aliases')}, ${warnings}`,
  );
  return 0;
}

export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
