import type { DiagnosticLog } from './diagnostic-log';
import type { AliasDefinition, IdentifiersDefinition } from './rules-definitions';

/**
 * What an `identifiers` list resolves to: every instance, a list of known instance ids, or a
 * homogeneous group (`#` / `@`) whose Nth member gets the Nth id of the list.
 */
export type IdentifierSpec =
  | { kind: 'all' }
  | { kind: 'list'; ids: string[] }
  | { kind: 'homogeneous'; marker: '#' | '@'; ids: string[] };

export const ALL_INSTANCES: IdentifierSpec = { kind: 'all' };

/** Tokens an alias or identifiers list stands for once aliases are expanded and unknown names dropped. */
interface Expansion {
  tokens: string[];
  /** True when the list names instances (even unknown ones), not only `*`, `#` or `@`. */
  namesGiven: boolean;
}

const SPECIAL = new Set(['*', '#', '@']);

/**
 * Expands aliases and checks instance names. Unlike Supvisors, an alias may use aliases
 * declared before or after it: order does not matter, only cycles are errors.
 */
export class IdentifierResolver {
  private readonly aliases = new Map<string, AliasDefinition>();
  private readonly instances: ReadonlySet<string>;
  private readonly expansions = new Map<string, Expansion>();
  private readonly resolved = new Map<IdentifiersDefinition, IdentifierSpec>();
  private readonly inCycle = new Set<string>();

  constructor(
    aliases: readonly AliasDefinition[],
    private readonly instanceIds: readonly string[],
    private readonly log: DiagnosticLog,
  ) {
    this.instances = new Set(instanceIds);
    for (const alias of aliases) this.aliases.set(alias.name, alias);
    this.reportCycles(aliases);
    for (const alias of aliases) {
      if (this.instances.has(alias.name)) {
        log.warning(
          alias,
          `alias "${alias.name}" has the name of an instance: in identifiers it means the alias`,
        );
      }
      this.expandAlias(alias.name, []);
    }
  }

  /** Resolves one identifiers element (undefined = not given = every instance). */
  resolve(definition: IdentifiersDefinition | undefined): IdentifierSpec {
    if (!definition) return ALL_INSTANCES;
    const known = this.resolved.get(definition);
    if (known) return known;
    const { tokens, namesGiven } = this.expandItems(definition.items, definition, []);
    const spec = this.toSpec(tokens, namesGiven, definition);
    this.resolved.set(definition, spec);
    return spec;
  }

  private toSpec(tokens: readonly string[], namesGiven: boolean, at: IdentifiersDefinition): IdentifierSpec {
    const all = tokens.includes('*');
    const hash = tokens.includes('#');
    const atSign = tokens.includes('@');
    const ids = [...new Set(tokens.filter((token) => !SPECIAL.has(token)))];
    if (hash && atSign) this.log.warning(at, '<identifiers> has both # and @: @ is kept');
    if (hash || atSign) {
      const groupIds = all || !namesGiven ? [...this.instanceIds] : ids;
      return { kind: 'homogeneous', marker: atSign ? '@' : '#', ids: groupIds };
    }
    return all ? ALL_INSTANCES : { kind: 'list', ids };
  }

  private expandAlias(name: string, path: readonly string[]): Expansion {
    const known = this.expansions.get(name);
    if (known) return known;
    const alias = this.aliases.get(name);
    // A cycle is reported once as an error; here it only has to end.
    if (!alias || path.includes(name)) return { tokens: [], namesGiven: true };
    const expansion = this.expandItems(alias.body.items, alias, [...path, name]);
    this.expansions.set(name, expansion);
    return expansion;
  }

  /** Unknown names are dropped with one warning at the element that wrote them. */
  private expandItems(
    items: readonly string[],
    at: IdentifiersDefinition | AliasDefinition,
    path: readonly string[],
  ): Expansion {
    const tokens: string[] = [];
    const unknown: string[] = [];
    let namesGiven = false;
    for (const item of items) {
      if (this.aliases.has(item)) {
        const expansion = this.expandAlias(item, path);
        tokens.push(...expansion.tokens);
        namesGiven ||= expansion.namesGiven;
      } else if (SPECIAL.has(item)) {
        tokens.push(item);
      } else {
        namesGiven = true;
        if (this.instances.has(item)) tokens.push(item);
        else unknown.push(item);
      }
    }
    if (unknown.length > 0) {
      const where = 'body' in at ? `alias "${at.name}"` : '<identifiers>';
      const names = unknown.map((name) => `"${name}"`).join(', ');
      this.log.warning(
        at,
        `${where}: ${names} ${unknown.length > 1 ? 'are' : 'is'} neither an instance nor an alias and ${unknown.length > 1 ? 'are' : 'is'} dropped (instances: ${this.instanceIds.join(', ') || 'none'})`,
      );
    }
    return { tokens, namesGiven };
  }

  private reportCycles(aliases: readonly AliasDefinition[]): void {
    const done = new Set<string>();
    const visit = (name: string, path: string[]): void => {
      const start = path.indexOf(name);
      if (start >= 0) {
        this.reportCycle(path.slice(start), aliases);
        return;
      }
      if (done.has(name)) return;
      const alias = this.aliases.get(name);
      if (!alias) return;
      path.push(name);
      for (const item of alias.body.items) if (this.aliases.has(item)) visit(item, path);
      path.pop();
      done.add(name);
    };
    for (const alias of aliases) visit(alias.name, []);
  }

  private reportCycle(cycle: readonly string[], aliases: readonly AliasDefinition[]): void {
    if (cycle.some((name) => this.inCycle.has(name))) return;
    for (const name of cycle) this.inCycle.add(name);
    // Start the message at the alias written first, which is also where the error points.
    const first = aliases.findIndex((alias) => cycle.includes(alias.name));
    const head = aliases[first];
    if (!head) return;
    const offset = cycle.indexOf(head.name);
    const ordered = [...cycle.slice(offset), ...cycle.slice(0, offset), head.name];
    this.log.error(head, `alias cycle: ${ordered.map((name) => `"${name}"`).join(' → ')}`);
  }
}

/**
 * The instance of the Nth member of a homogeneous group, N being the number that ends the
 * name (prg_01 → 1). `@` leaves members beyond the list unassigned; `#` wraps round.
 */
export function homogeneousIdentifiers(
  spec: { marker: '#' | '@'; ids: readonly string[] },
  name: string,
): string[] {
  const digits = /(\d+)$/.exec(name)?.[1];
  const n = digits === undefined ? 0 : Number(digits);
  if (n < 1 || spec.ids.length === 0) return [];
  if (spec.marker === '@' && n > spec.ids.length) return [];
  const id = spec.ids[(n - 1) % spec.ids.length];
  return id === undefined ? [] : [id];
}
