import type { Distribution } from '@supfleet/protocol';
import type { CompiledApplication, CompiledProgram } from './compiled-rules';
import { CompiledRules } from './compiled-rules';
import type { DiagnosticLog, Located } from './diagnostic-log';
import { ALL_INSTANCES, IdentifierResolver } from './identifier-resolver';
import type { IdentifierSpec } from './identifier-resolver';
import { ModelChains } from './model-chains';
import { RuleIndex } from './rule-index';
import type {
  ApplicationDefinition,
  ProgramDefinition,
  ProgramFields,
  RulesDocument,
  Selector,
} from './rules-definitions';
import { describeSelector } from './rules-definitions';
import type { LoadRulesOptions } from './rules';

/**
 * Joins the documents of several files (in order) into one Rules. A name defined twice keeps
 * its first definition, as Supvisors does, and the later one gets a warning.
 */
export function compileRules(
  documents: readonly RulesDocument[],
  files: readonly string[],
  instanceIds: readonly string[],
  options: LoadRulesOptions,
  log: DiagnosticLog,
): CompiledRules {
  const aliases = firstOfEachName(
    documents.flatMap((document) => document.aliases),
    'alias',
    log,
  );
  const allModels = documents.flatMap((document) => document.models);
  const models = firstOfEachName(allModels, 'model', log);
  const resolver = new IdentifierResolver(aliases, instanceIds, log);
  const chains = new ModelChains(models, allModels, log);
  // Unused models are checked too: a typo there is a typo waiting to be used.
  for (const model of models) resolver.resolve(model.fields.identifiers);

  const context: CompileContext = { resolver, chains, log, options };
  const index = new RuleIndex<CompiledApplication>();
  for (const definition of documents.flatMap((document) => document.applications)) {
    const compiled = compileApplication(definition, context);
    const first = index.add(compiled);
    if (first)
      ignoredDuplicate(
        definition,
        `<application ${describeSelector(definition.selector)}>`,
        first.definition,
        log,
      );
  }
  return new CompiledRules(index, {
    applications: index.size,
    models: models.length,
    aliases: aliases.length,
    files: [...files],
  });
}

interface CompileContext {
  resolver: IdentifierResolver;
  chains: ModelChains;
  log: DiagnosticLog;
  options: LoadRulesOptions;
}

function compileApplication(definition: ApplicationDefinition, context: CompileContext): CompiledApplication {
  const { fields, selector } = definition;
  const { log } = context;
  const startSequence = fields.startSequence ?? 0;
  const distribution = fields.distribution ?? 'ALL_INSTANCES';
  if (fields.identifiers && distribution === 'ALL_INSTANCES') {
    log.warning(
      fields.identifiers,
      "<identifiers> of an application is used only with distribution SINGLE_INSTANCE or SINGLE_NODE; with ALL_INSTANCES each program's identifiers apply",
    );
  }
  const identifiers = homogeneousNeedsPattern(
    context.resolver.resolve(fields.identifiers),
    selector,
    definition,
    `application ${describeSelector(selector)}`,
    log,
  );
  const programs = new RuleIndex<CompiledProgram>();
  for (const program of definition.programs) {
    const compiled = compileProgram(program, distribution, context);
    const first = programs.add(compiled);
    if (first)
      ignoredDuplicate(program, `<program ${describeSelector(program.selector)}>`, first.definition, log);
  }
  return {
    definition,
    identifiers,
    distribution,
    rules: {
      managed: true,
      distribution,
      startSequence,
      stopSequence: fields.stopSequence ?? startSequence,
      startingStrategy: fields.startingStrategy ?? context.options.defaultStartingStrategy ?? 'CONFIG',
      startingFailureStrategy: fields.startingFailureStrategy ?? 'ABORT',
      runningFailureStrategy: fields.runningFailureStrategy?.value ?? 'CONTINUE',
      operationalStatus: fields.operationalStatus ?? null,
    },
    runningFailureAt: fields.runningFailureStrategy ?? null,
    programs,
  };
}

function compileProgram(
  definition: ProgramDefinition,
  distribution: Distribution,
  context: CompileContext,
): CompiledProgram {
  const { log } = context;
  const label = `program ${describeSelector(definition.selector)}`;
  const chain = context.chains.chainOf(definition) ?? [];
  // Deepest model first, so that each nearer level overrides what it sets itself.
  const fields = [...chain.map((model) => model.fields).reverse(), definition.fields].reduce<ProgramFields>(
    (merged, level) => ({ ...merged, ...level }),
    {},
  );

  if (fields.identifiers && distribution !== 'ALL_INSTANCES') {
    log.warning(
      definition,
      `${label}: its identifiers are not used, the application's distribution is ${distribution} (the application's identifiers apply)`,
    );
  }
  const identifiers = homogeneousNeedsPattern(
    context.resolver.resolve(fields.identifiers),
    definition.selector,
    definition,
    label,
    log,
  );
  const startSequence = fields.startSequence ?? 0;
  let required = fields.required ?? false;
  if (required && startSequence <= 0) {
    log.warning(
      definition,
      `${label} is required but its start_sequence is ${startSequence} (never started with the application): it is taken as not required`,
    );
    required = false;
  }
  return {
    definition,
    models: chain.map((model) => model.name),
    identifiers,
    rules: {
      required,
      startSequence,
      stopSequence: fields.stopSequence ?? startSequence,
      waitExit: fields.waitExit ?? false,
      ...(fields.waitExitTimeout !== undefined && { waitExitTimeout: fields.waitExitTimeout }),
      expectedLoading: fields.expectedLoading ?? 0,
    },
    ...(fields.startingFailureStrategy && { startingFailureStrategy: fields.startingFailureStrategy }),
    ...(fields.runningFailureStrategy && { runningFailureStrategy: fields.runningFailureStrategy }),
  };
}

/** `#` and `@` number the members of a group matched by a pattern; a named rule has no group. */
function homogeneousNeedsPattern(
  spec: IdentifierSpec,
  selector: Selector,
  at: Located,
  label: string,
  log: DiagnosticLog,
): IdentifierSpec {
  if (spec.kind !== 'homogeneous' || selector.kind === 'pattern') return spec;
  log.warning(
    at,
    `${label}: ${spec.marker} in identifiers needs a pattern rule (a homogeneous group); * is used instead`,
  );
  return ALL_INSTANCES;
}

function firstOfEachName<T extends Located & { name: string }>(
  definitions: readonly T[],
  kind: 'alias' | 'model',
  log: DiagnosticLog,
): T[] {
  const kept = new Map<string, T>();
  for (const definition of definitions) {
    const first = kept.get(definition.name);
    if (first) ignoredDuplicate(definition, `<${kind} name="${definition.name}">`, first, log);
    else kept.set(definition.name, definition);
  }
  return [...kept.values()];
}

function ignoredDuplicate(later: Located, what: string, first: Located, log: DiagnosticLog): void {
  log.warning(
    later,
    `${what} is already defined at ${first.file}:${first.line}:${first.column}; this one is ignored (the first definition wins)`,
  );
}
