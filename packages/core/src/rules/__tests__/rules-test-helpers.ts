import { expect } from 'vitest';
import { formatDiagnostic, loadRules } from '../index';
import type { LoadRulesOptions, LoadRulesResult, Rules } from '../index';

export const INSTANCES = ['i1', 'i2', 'i3'];

/** Wraps elements in `<root>`, the root on line 1 so that line N of `lines` is line N + 1. */
export function rulesXml(...lines: string[]): string {
  return ['<root>', ...lines, '</root>'].join('\n');
}

export function load(
  xml: string,
  instances: readonly string[] = INSTANCES,
  options?: LoadRulesOptions,
): LoadRulesResult {
  return loadRules([{ file: 'rules.xml', text: xml }], instances, options);
}

/** Loads a file that must have no error, and returns its rules. */
export function loadOk(
  xml: string,
  instances: readonly string[] = INSTANCES,
  options?: LoadRulesOptions,
): Rules {
  const result = load(xml, instances, options);
  expect(result.errors.map(formatDiagnostic)).toEqual([]);
  if (!result.rules) throw new Error('no rules although no error');
  return result.rules;
}

export function warningsOf(xml: string, instances: readonly string[] = INSTANCES): string[] {
  const result = load(xml, instances);
  expect(result.errors.map(formatDiagnostic)).toEqual([]);
  return result.warnings.map(formatDiagnostic);
}
