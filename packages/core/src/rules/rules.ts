import type { ApplicationRules, ProgramRules, StartingStrategy } from '@supfleet/protocol';

/** One rules file: its name (as shown in diagnostics) and its XML text. */
export interface RulesSource {
  file: string;
  text: string;
}

/** A problem found in a rules file; line and column are 1-based. */
export interface RulesDiagnostic {
  file: string;
  line: number;
  column: number;
  message: string;
}

export interface LoadRulesOptions {
  /** Starting strategy of an application with no `starting_strategy` (CONFIG when not given). */
  defaultStartingStrategy?: StartingStrategy;
}

export interface LoadRulesResult {
  /** Null when any error was found: an invalid rules file must not replace a valid one. */
  rules: Rules | null;
  errors: RulesDiagnostic[];
  warnings: RulesDiagnostic[];
}

/** Where the rule that applies was written. */
export interface RuleMatch {
  name?: string;
  pattern?: string;
  file: string;
  line: number;
  column: number;
}

export interface ApplicationExplanation {
  rules: ApplicationRules;
  matchedBy: RuleMatch | null;
}

export interface ProgramExplanation {
  rules: ProgramRules;
  /** The program rule that applies; null when none does (defaults and the application's strategies). */
  matchedBy: RuleMatch | null;
  /** The models whose values were loaded under the program rule, nearest first. */
  models: string[];
}

export interface RulesSummary {
  applications: number;
  models: number;
  aliases: number;
  files: string[];
}

/** The loaded rules files, answering for any application or program name. */
export interface Rules {
  /** UNMANAGED_APPLICATION_RULES when no rule matches. */
  applicationRules(application: string): ApplicationRules;
  /** Identifiers are concrete instance ids or ['*']; DEFAULT_PROGRAM_RULES for an unmanaged application. */
  programRules(application: string, program: string): ProgramRules;
  explainApplication(application: string): ApplicationExplanation;
  explainProgram(application: string, program: string): ProgramExplanation;
  readonly summary: RulesSummary;
}
