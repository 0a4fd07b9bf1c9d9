import { DEFAULT_PROGRAM_RULES, UNMANAGED_APPLICATION_RULES } from '@supfleet/protocol';
import type {
  ApplicationRules,
  Distribution,
  ProgramRules,
  StartingFailureStrategy,
} from '@supfleet/protocol';
import type { Located } from './diagnostic-log';
import { homogeneousIdentifiers } from './identifier-resolver';
import type { IdentifierSpec } from './identifier-resolver';
import type { RuleIndex } from './rule-index';
import type {
  ApplicationDefinition,
  ProgramDefinition,
  RunningFailureDefinition,
  Selector,
} from './rules-definitions';
import type { ApplicationExplanation, ProgramExplanation, RuleMatch, Rules, RulesSummary } from './rules';

/** Resolved names kept for the next asks; beyond, names are resolved each time (they may come from requests). */
const MAX_CACHED = 10_000;

/** A program rule with its model chain applied; what still depends on the program name is kept apart. */
export interface CompiledProgram {
  definition: ProgramDefinition;
  models: string[];
  identifiers: IdentifierSpec;
  rules: Omit<ProgramRules, 'identifiers' | 'startingFailureStrategy' | 'runningFailureStrategy'>;
  /** Absent when neither the program nor its models set it: the application's applies. */
  startingFailureStrategy?: StartingFailureStrategy;
  runningFailureStrategy?: RunningFailureDefinition;
}

export interface CompiledApplication {
  definition: ApplicationDefinition;
  identifiers: IdentifierSpec;
  distribution: Distribution;
  rules: Omit<ApplicationRules, 'identifiers'>;
  /** Where the application's running_failure_strategy is written, if it is. */
  runningFailureAt: Located | null;
  programs: RuleIndex<CompiledProgram>;
}

/**
 * The Rules the service queries for every process on every poll: answers are computed once
 * per name, then frozen, because a caller mutating a shared answer would change it for all.
 */
export class CompiledRules implements Rules {
  private readonly applications = new Map<
    string,
    ApplicationExplanation & { compiled?: CompiledApplication }
  >();
  private readonly programs = new Map<string, ProgramExplanation & { runningFailureAt: Located | null }>();

  constructor(
    private readonly index: RuleIndex<CompiledApplication>,
    readonly summary: RulesSummary,
  ) {}

  applicationRules(application: string): ApplicationRules {
    return this.explainApplication(application).rules;
  }

  programRules(application: string, program: string): ProgramRules {
    return this.explainProgram(application, program).rules;
  }

  explainApplication(application: string): ApplicationExplanation {
    const { rules, matchedBy } = this.application(application);
    return { rules, matchedBy };
  }

  explainProgram(application: string, program: string): ProgramExplanation {
    const { rules, matchedBy, models } = this.program(application, program);
    return { rules, matchedBy, models };
  }

  /** Where the program's running_failure_strategy was written, null when it is the default. */
  runningFailureOrigin(application: string, program: string): Located | null {
    return this.program(application, program).runningFailureAt;
  }

  private application(name: string): ApplicationExplanation & { compiled?: CompiledApplication } {
    const cached = this.applications.get(name);
    if (cached) return cached;
    const compiled = this.index.match(name);
    const explanation = compiled
      ? {
          rules: freeze({ ...compiled.rules, identifiers: identifiersFor(compiled.identifiers, name) }),
          matchedBy: freeze(ruleMatch(compiled.definition)),
          compiled,
        }
      : { rules: freeze({ ...UNMANAGED_APPLICATION_RULES }), matchedBy: null };
    // Names come from requests too: the cache must not grow without bound.
    if (this.applications.size < MAX_CACHED) this.applications.set(name, explanation);
    return explanation;
  }

  private program(
    application: string,
    name: string,
  ): ProgramExplanation & { runningFailureAt: Located | null } {
    const key = `${application}\u0000${name}`;
    const cached = this.programs.get(key);
    if (cached) return cached;
    const { rules: applicationRules, compiled: compiledApplication } = this.application(application);
    const compiled = compiledApplication?.programs.match(name);
    let explanation: ProgramExplanation & { runningFailureAt: Located | null };
    if (!compiledApplication) {
      explanation = {
        rules: freeze({ ...DEFAULT_PROGRAM_RULES }),
        matchedBy: null,
        models: [],
        runningFailureAt: null,
      };
    } else if (!compiled) {
      explanation = {
        rules: freeze({
          ...DEFAULT_PROGRAM_RULES,
          startingFailureStrategy: applicationRules.startingFailureStrategy,
          runningFailureStrategy: applicationRules.runningFailureStrategy,
        }),
        matchedBy: null,
        models: [],
        runningFailureAt: compiledApplication.runningFailureAt,
      };
    } else {
      explanation = {
        rules: freeze({
          ...compiled.rules,
          identifiers: identifiersFor(compiled.identifiers, name),
          startingFailureStrategy:
            compiled.startingFailureStrategy ?? applicationRules.startingFailureStrategy,
          runningFailureStrategy:
            compiled.runningFailureStrategy?.value ?? applicationRules.runningFailureStrategy,
        }),
        matchedBy: freeze(ruleMatch(compiled.definition)),
        models: Object.freeze([...compiled.models]) as string[],
        runningFailureAt: compiled.runningFailureStrategy ?? compiledApplication.runningFailureAt,
      };
    }
    if (this.programs.size < MAX_CACHED) this.programs.set(key, explanation);
    return explanation;
  }
}

function identifiersFor(spec: IdentifierSpec, name: string): string[] {
  switch (spec.kind) {
    case 'all':
      return ['*'];
    case 'list':
      return [...spec.ids];
    case 'homogeneous':
      return homogeneousIdentifiers(spec, name);
  }
}

function ruleMatch(definition: Located & { selector: Selector }): RuleMatch {
  const { selector, file, line, column } = definition;
  return selector.kind === 'name'
    ? { name: selector.name, file, line, column }
    : { pattern: selector.pattern, file, line, column };
}

function freeze<T extends object>(value: T): T {
  for (const field of Object.values(value)) if (Array.isArray(field)) Object.freeze(field);
  return Object.freeze(value);
}
