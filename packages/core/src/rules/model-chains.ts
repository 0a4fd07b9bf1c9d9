import type { DiagnosticLog } from './diagnostic-log';
import type { ModelDefinition, ProgramDefinition, ReferenceDefinition } from './rules-definitions';
import { describeSelector } from './rules-definitions';

/**
 * Levels of a reference chain, the program included: program → model → model, as in Supvisors
 * ("the maximum chain starting from the program section has been set to 3").
 */
export const MAX_CHAIN_LEVELS = 3;

/** Follows `reference` elements from programs to models and reports what cannot be followed. */
export class ModelChains {
  private readonly models = new Map<string, ModelDefinition>();
  private readonly inLoop = new Set<string>();

  /** `kept` are the models in use (first of each name); `all` also holds ignored duplicates, checked too. */
  constructor(
    kept: readonly ModelDefinition[],
    all: readonly ModelDefinition[],
    private readonly log: DiagnosticLog,
  ) {
    for (const model of kept) this.models.set(model.name, model);
    for (const model of all) {
      const reference = model.fields.reference;
      if (reference && !this.models.has(reference.model)) this.unknownModel(reference);
    }
    this.reportLoops(kept);
  }

  /**
   * The models a program loads, nearest first; null when the chain is broken (unknown model,
   * loop or too deep), which has then been reported.
   */
  chainOf(program: ProgramDefinition): ModelDefinition[] | null {
    const chain: ModelDefinition[] = [];
    let reference = program.fields.reference;
    while (reference) {
      const model = this.models.get(reference.model);
      if (!model) {
        if (reference === program.fields.reference) this.unknownModel(reference);
        return null;
      }
      if (this.inLoop.has(model.name)) return null;
      chain.push(model);
      reference = model.fields.reference;
    }
    if (chain.length + 1 > MAX_CHAIN_LEVELS && program.fields.reference) {
      const names = chain.map((model) => `"${model.name}"`).join(' → ');
      this.log.error(
        program.fields.reference,
        `reference chain too deep: program ${describeSelector(program.selector)} → ${names}; at most ${MAX_CHAIN_LEVELS} levels (the program and ${MAX_CHAIN_LEVELS - 1} models)`,
      );
      return null;
    }
    return chain;
  }

  private unknownModel(reference: ReferenceDefinition): void {
    const names = [...this.models.keys()];
    const known = names.length === 0 ? 'no model is defined' : `models: ${names.join(', ')}`;
    this.log.error(reference, `<reference> names an unknown model "${reference.model}" (${known})`);
  }

  /** Each model references at most one other, so a walk either ends or comes back: a loop. */
  private reportLoops(kept: readonly ModelDefinition[]): void {
    for (const start of kept) {
      const path: ModelDefinition[] = [];
      let model: ModelDefinition | undefined = start;
      while (model && !path.includes(model) && !this.inLoop.has(model.name)) {
        path.push(model);
        const reference: ReferenceDefinition | undefined = model.fields.reference;
        model = reference ? this.models.get(reference.model) : undefined;
      }
      if (!model || this.inLoop.has(model.name)) continue;
      const loop = path.slice(path.indexOf(model));
      for (const member of loop) this.inLoop.add(member.name);
      // Reported once, at the member written first, so the message reads like the file.
      const head = kept.find((candidate) => loop.includes(candidate)) ?? model;
      const offset = loop.indexOf(head);
      const ordered = [...loop.slice(offset), ...loop.slice(0, offset), head];
      const reference = head.fields.reference ?? head;
      this.log.error(reference, `reference loop: model ${ordered.map((m) => `"${m.name}"`).join(' → ')}`);
    }
  }
}
