import { loadRules, type LoadRulesResult, type RulesSource } from '@supfleet/core';
import type { ConfFile } from './read-conf';
import { readText } from './read-conf';

export interface LoadedRulesFiles {
  sources: RulesSource[];
  result: LoadRulesResult;
}

/**
 * Without a conf there are no instance ids, so every instance named in identifiers would be
 * "unknown": those warnings say nothing about the file and are left out.
 */
const UNKNOWN_INSTANCE_WARNING = /neither an instance nor an alias/;

/** Loads rules files as the server would with this conf (instance ids, default strategy). */
export function loadRulesFiles(files: readonly string[], conf: ConfFile | undefined): LoadedRulesFiles {
  const sources = files.map((file) => ({ file, text: readText(file) }));
  const instanceIds = conf?.settings.instances.map((instance) => instance.id) ?? [];
  const result = loadRules(sources, instanceIds, {
    defaultStartingStrategy: conf?.settings.startingStrategy,
  });
  if (conf) return { sources, result };
  return {
    sources,
    result: { ...result, warnings: result.warnings.filter((w) => !UNKNOWN_INSTANCE_WARNING.test(w.message)) },
  };
}
