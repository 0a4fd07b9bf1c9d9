import type { RulesDiagnostic } from './rules';

/** A place in a rules file. */
export interface Located {
  file: string;
  line: number;
  column: number;
}

/** Collects every error and warning, so that one load reports all of them. */
export class DiagnosticLog {
  readonly errors: RulesDiagnostic[] = [];
  readonly warnings: RulesDiagnostic[] = [];

  error(at: Located, message: string): void {
    this.errors.push({ file: at.file, line: at.line, column: at.column, message });
  }

  warning(at: Located, message: string): void {
    this.warnings.push({ file: at.file, line: at.line, column: at.column, message });
  }
}

/** Orders diagnostics by file (in the order the files were given), then line and column. */
export function sortDiagnostics(diagnostics: RulesDiagnostic[], files: readonly string[]): RulesDiagnostic[] {
  const rank = (file: string): number => {
    const index = files.indexOf(file);
    return index < 0 ? files.length : index;
  };
  return [...diagnostics].sort(
    (a, b) => rank(a.file) - rank(b.file) || a.line - b.line || a.column - b.column,
  );
}
