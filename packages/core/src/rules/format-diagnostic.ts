import type { RulesDiagnostic } from './rules';

/** The compiler-style form editors and terminals link to: `file:line:column: message`. */
export function formatDiagnostic(d: RulesDiagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.message}`;
}
