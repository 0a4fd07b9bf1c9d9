import { compileRules } from './compile-rules';
import { DiagnosticLog, sortDiagnostics } from './diagnostic-log';
import { readRulesDocument } from './read-rules-document';
import type { LoadRulesOptions, LoadRulesResult, RulesSource } from './rules';
import { parseXmlTree } from './xml-tree';

/**
 * Reads rules files in order and checks them whole: every error of every file is reported,
 * and any error means no rules (the caller keeps the rules it had).
 *
 * `instanceIds` are the configured instance ids, in configured order: `*` and `#`/`@` expand
 * to them, and names in identifiers that are neither these nor aliases are dropped with a warning.
 */
export function loadRules(
  sources: readonly RulesSource[],
  instanceIds: readonly string[],
  options: LoadRulesOptions = {},
): LoadRulesResult {
  const log = new DiagnosticLog();
  const documents = sources.map((source) => {
    const tree = parseXmlTree(source.file, source.text);
    if (tree.error) log.error(tree.error, tree.error.message);
    return readRulesDocument(tree, log);
  });
  const files = sources.map((source) => source.file);
  const rules = compileRules(documents, files, instanceIds, options, log);
  return {
    rules: log.errors.length === 0 ? rules : null,
    errors: sortDiagnostics(log.errors, files),
    warnings: sortDiagnostics(log.warnings, files),
  };
}
