import {
  distributionSchema,
  runningFailureStrategySchema,
  startingFailureStrategySchema,
  startingStrategySchema,
} from '@supfleet/protocol';
import type { DiagnosticLog } from './diagnostic-log';
import { leafText, readBoolean, readEnum, readInteger, splitList } from './element-values';
import { readFormula } from './read-formula';
import type {
  AliasDefinition,
  ApplicationDefinition,
  ApplicationFields,
  IdentifiersDefinition,
  ModelDefinition,
  ProgramDefinition,
  ProgramFields,
  RulesDocument,
  Selector,
} from './rules-definitions';
import type { XmlElement, XmlTree } from './xml-tree';

/** Supvisors' schema types sequences as xs:byte; the same range keeps files portable both ways. */
const SEQUENCE_RANGE = { min: -128, max: 127 };
const LOADING_RANGE = { min: 0, max: 100 };
/** Seconds: from one second to a day. */
const WAIT_EXIT_TIMEOUT_RANGE = { min: 1, max: 86_400 };

const ROOT_CHILDREN = ['alias', 'model', 'application'];
const APPLICATION_CHILDREN = [
  'distribution',
  'identifiers',
  'start_sequence',
  'stop_sequence',
  'starting_strategy',
  'starting_failure_strategy',
  'running_failure_strategy',
  'operational_status',
  'programs',
];
const PROGRAM_CHILDREN = [
  'reference',
  'identifiers',
  'required',
  'start_sequence',
  'stop_sequence',
  'wait_exit',
  'wait_exit_timeout',
  'expected_loading',
  'starting_failure_strategy',
  'running_failure_strategy',
];

/**
 * Turns the XML tree of one rules file into definitions, reporting every problem it finds
 * (and going on after each, so that one load lists them all).
 */
export function readRulesDocument(tree: XmlTree, log: DiagnosticLog): RulesDocument {
  const document: RulesDocument = { aliases: [], models: [], applications: [] };
  const root = tree.root;
  if (!root) return document;
  if (root.name !== 'root') {
    log.error(root, `the root element must be <root>, found <${root.name}>`);
    return document;
  }
  checkAttributes(root, [], log);
  checkNoText(root, log);
  for (const child of root.children) {
    switch (child.name) {
      case 'alias': {
        const alias = readAlias(child, log);
        if (alias) document.aliases.push(alias);
        break;
      }
      case 'model': {
        const model = readModel(child, log);
        if (model) document.models.push(model);
        break;
      }
      case 'application': {
        const application = readApplication(child, tree, log);
        if (application) document.applications.push(application);
        break;
      }
      default:
        unknownElement(child, root, ROOT_CHILDREN, log);
    }
  }
  return document;
}

function readAlias(element: XmlElement, log: DiagnosticLog): AliasDefinition | undefined {
  const name = element.attributes.name;
  const text = leafText(element, log, ['name']);
  if (name === undefined) {
    log.error(element, '<alias> needs a name attribute');
    return undefined;
  }
  if (name.trim() === '' || name.includes(',') || ['*', '#', '@'].includes(name.trim())) {
    log.error(
      element,
      `<alias name=${JSON.stringify(name)}>: an alias name cannot be empty, *, #, @ or hold a comma`,
    );
    return undefined;
  }
  if (text === undefined) return undefined;
  return { name: name.trim(), body: { ...at(element), items: splitList(text) }, ...at(element) };
}

function readModel(element: XmlElement, log: DiagnosticLog): ModelDefinition | undefined {
  checkAttributes(element, ['name'], log);
  checkNoText(element, log);
  const fields = readProgramFields(element, log);
  const name = element.attributes.name;
  if (name === undefined || name === '') {
    log.error(element, '<model> needs a non-empty name attribute');
    return undefined;
  }
  return { name, fields, ...at(element) };
}

function readApplication(
  element: XmlElement,
  tree: XmlTree,
  log: DiagnosticLog,
): ApplicationDefinition | undefined {
  const selector = readSelector(element, log);
  checkNoText(element, log);
  const fields: ApplicationFields = {};
  const programs: ProgramDefinition[] = [];
  for (const child of uniqueChildren(element, APPLICATION_CHILDREN, log)) {
    switch (child.name) {
      case 'distribution':
        fields.distribution = readEnum(child, distributionSchema.options, log);
        break;
      case 'identifiers':
        fields.identifiers = readIdentifiers(child, log);
        break;
      case 'start_sequence':
        fields.startSequence = readInteger(child, SEQUENCE_RANGE, log);
        break;
      case 'stop_sequence':
        fields.stopSequence = readInteger(child, SEQUENCE_RANGE, log);
        break;
      case 'starting_strategy':
        fields.startingStrategy = readEnum(child, startingStrategySchema.options, log);
        break;
      case 'starting_failure_strategy':
        fields.startingFailureStrategy = readEnum(child, startingFailureStrategySchema.options, log);
        break;
      case 'running_failure_strategy': {
        const value = readEnum(child, runningFailureStrategySchema.options, log);
        if (value) fields.runningFailureStrategy = { value, ...at(child) };
        break;
      }
      case 'operational_status':
        fields.operationalStatus = readFormula(child, tree, log);
        break;
      case 'programs':
        programs.push(...readPrograms(child, log));
        break;
    }
  }
  return selector ? { selector, fields: withoutUndefined(fields), programs, ...at(element) } : undefined;
}

function readPrograms(element: XmlElement, log: DiagnosticLog): ProgramDefinition[] {
  checkAttributes(element, [], log);
  checkNoText(element, log);
  const programs: ProgramDefinition[] = [];
  for (const child of element.children) {
    if (child.name !== 'program') {
      unknownElement(child, element, ['program'], log);
      continue;
    }
    const selector = readSelector(child, log);
    checkNoText(child, log);
    const fields = readProgramFields(child, log);
    if (selector) programs.push({ selector, fields, ...at(child) });
  }
  return programs;
}

/** The children of `program` and `model`, which share them. */
function readProgramFields(element: XmlElement, log: DiagnosticLog): ProgramFields {
  const fields: ProgramFields = {};
  for (const child of uniqueChildren(element, PROGRAM_CHILDREN, log)) {
    switch (child.name) {
      case 'reference': {
        const model = leafText(child, log);
        if (model === '') log.error(child, '<reference> is empty; expected the name of a model');
        else if (model !== undefined) fields.reference = { model, ...at(child) };
        break;
      }
      case 'identifiers':
        fields.identifiers = readIdentifiers(child, log);
        break;
      case 'required':
        fields.required = readBoolean(child, log);
        break;
      case 'start_sequence':
        fields.startSequence = readInteger(child, SEQUENCE_RANGE, log);
        break;
      case 'stop_sequence':
        fields.stopSequence = readInteger(child, SEQUENCE_RANGE, log);
        break;
      case 'wait_exit':
        fields.waitExit = readBoolean(child, log);
        break;
      case 'wait_exit_timeout':
        fields.waitExitTimeout = readInteger(child, WAIT_EXIT_TIMEOUT_RANGE, log);
        break;
      case 'expected_loading':
        fields.expectedLoading = readInteger(child, LOADING_RANGE, log);
        break;
      case 'starting_failure_strategy':
        fields.startingFailureStrategy = readEnum(child, startingFailureStrategySchema.options, log);
        break;
      case 'running_failure_strategy': {
        const value = readEnum(child, runningFailureStrategySchema.options, log);
        if (value) fields.runningFailureStrategy = { value, ...at(child) };
        break;
      }
    }
  }
  return withoutUndefined(fields);
}

function readIdentifiers(element: XmlElement, log: DiagnosticLog): IdentifiersDefinition | undefined {
  const text = leafText(element, log);
  if (text === undefined) return undefined;
  const items = splitList(text);
  if (items.length === 0) {
    // Supvisors ignores an empty list too; saying so beats a program that silently starts anywhere.
    log.warning(element, '<identifiers> is empty and is ignored: the default * applies');
    return undefined;
  }
  return { items, ...at(element) };
}

/** `name="…"` or `pattern="regex"`, exactly one of the two. */
function readSelector(element: XmlElement, log: DiagnosticLog): Selector | undefined {
  checkAttributes(element, ['name', 'pattern'], log);
  const { name, pattern } = element.attributes;
  if (name !== undefined && pattern !== undefined) {
    log.error(element, `<${element.name}> takes a name or a pattern attribute, not both`);
    return undefined;
  }
  if (name !== undefined) {
    if (name !== '') return { kind: 'name', name };
    log.error(element, `<${element.name}> has an empty name; to match every name use pattern=""`);
    return undefined;
  }
  if (pattern !== undefined) {
    try {
      return { kind: 'pattern', pattern, regex: new RegExp(pattern) };
    } catch (err) {
      const reason =
        err instanceof Error ? err.message.replace(/^Invalid regular expression: \/.*\/\w*: /s, '') : '';
      log.error(
        element,
        `<${element.name} pattern=${JSON.stringify(pattern)}> is not a valid regular expression: ${reason}`,
      );
      return undefined;
    }
  }
  log.error(element, `<${element.name}> needs a name or a pattern attribute`);
  return undefined;
}

/** Known children, each at most once (as in Supvisors' schema); reports the others. */
function uniqueChildren(element: XmlElement, allowed: readonly string[], log: DiagnosticLog): XmlElement[] {
  const seen = new Map<string, XmlElement>();
  for (const child of element.children) {
    if (!allowed.includes(child.name)) {
      unknownElement(child, element, allowed, log);
      continue;
    }
    const first = seen.get(child.name);
    if (first) {
      log.error(child, `<${child.name}> is given twice in <${element.name}> (first at line ${first.line})`);
      continue;
    }
    seen.set(child.name, child);
  }
  return [...seen.values()];
}

function unknownElement(
  child: XmlElement,
  parent: XmlElement,
  allowed: readonly string[],
  log: DiagnosticLog,
): void {
  log.error(
    child,
    `unknown element <${child.name}> in <${parent.name}>; expected ${allowed.map((name) => `<${name}>`).join(', ')}`,
  );
}

function checkAttributes(element: XmlElement, allowed: readonly string[], log: DiagnosticLog): boolean {
  let ok = true;
  for (const attribute of Object.keys(element.attributes)) {
    if (allowed.includes(attribute)) continue;
    const expected = allowed.length === 0 ? 'it takes none' : `expected ${allowed.join(' or ')}`;
    log.error(element, `unknown attribute "${attribute}" on <${element.name}>; ${expected}`);
    ok = false;
  }
  return ok;
}

function checkNoText(element: XmlElement, log: DiagnosticLog): void {
  const text = element.text.trim();
  if (text !== '') {
    const shown = text.length > 30 ? `${text.slice(0, 30)}…` : text;
    log.error(element, `unexpected text ${JSON.stringify(shown)} in <${element.name}>`);
  }
}

function at(element: XmlElement): { file: string; line: number; column: number } {
  return { file: element.file, line: element.line, column: element.column };
}

/** Drops keys whose reader failed, so "absent" always means "not set here". */
function withoutUndefined<T extends object>(fields: T): T {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as T;
}
