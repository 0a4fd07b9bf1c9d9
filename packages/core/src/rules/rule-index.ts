import type { Located } from './diagnostic-log';
import type { Selector } from './rules-definitions';

interface Selectable {
  definition: Located & { selector: Selector };
}

/**
 * Finds the rule for a name as the SPEC says: the exact `name` wins; otherwise, among the
 * patterns found in the name (RegExp search), the longest match wins, the first on a tie.
 */
export class RuleIndex<T extends Selectable> {
  private readonly byName = new Map<string, T>();
  private readonly byPattern = new Map<string, T>();
  private readonly patterns: T[] = [];

  /** Adds a rule unless one with the same name or pattern came first; returns that first one. */
  add(rule: T): T | undefined {
    const selector = rule.definition.selector;
    const map = selector.kind === 'name' ? this.byName : this.byPattern;
    const key = selector.kind === 'name' ? selector.name : selector.pattern;
    const first = map.get(key);
    if (first) return first;
    map.set(key, rule);
    if (selector.kind === 'pattern') this.patterns.push(rule);
    return undefined;
  }

  match(name: string): T | undefined {
    const exact = this.byName.get(name);
    if (exact) return exact;
    let best: T | undefined;
    let bestLength = -1;
    for (const rule of this.patterns) {
      const selector = rule.definition.selector;
      if (selector.kind !== 'pattern') continue;
      const found = selector.regex.exec(name);
      if (found && found[0].length > bestLength) {
        best = rule;
        bestLength = found[0].length;
      }
    }
    return best;
  }

  get size(): number {
    return this.byName.size + this.byPattern.size;
  }
}
