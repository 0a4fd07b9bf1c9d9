import { readFileSync } from 'node:fs';
import { EMPTY_RULES, formatDiagnostic, loadRules, type Rules } from '@supfleet/core';
import type { ServiceConfig } from '../config/load-config';

/** The rules files were refused; the message has one `file:line:column: message` per line. */
export class RulesError extends Error {}

/** Reads the rules files of the config; any error refuses them all (SPEC section 4). */
export function readRules(config: Pick<ServiceConfig, 'rulesFiles' | 'instances' | 'startingStrategy'>): {
  rules: Rules;
  warnings: string[];
} {
  if (config.rulesFiles.length === 0) return { rules: EMPTY_RULES, warnings: [] };
  const sources = config.rulesFiles.map((file) => {
    try {
      return { file, text: readFileSync(file, 'utf8') };
    } catch (error) {
      throw new RulesError(`${file}: cannot read: ${(error as Error).message}`);
    }
  });
  const result = loadRules(
    sources,
    config.instances.map((i) => i.id),
    { defaultStartingStrategy: config.startingStrategy },
  );
  if (!result.rules) throw new RulesError(result.errors.map(formatDiagnostic).join('\n'));
  return { rules: result.rules, warnings: result.warnings.map(formatDiagnostic) };
}
