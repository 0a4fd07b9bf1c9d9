import { compileRules } from './compile-rules';
import { DiagnosticLog } from './diagnostic-log';
import type { Rules } from './rules';

/** The rules when no rules file is configured: every application is unmanaged. */
export const EMPTY_RULES: Rules = compileRules([], [], [], {}, new DiagnosticLog());
