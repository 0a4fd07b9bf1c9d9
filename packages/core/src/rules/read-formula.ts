import { parseFormula } from '../status/formula';
import type { DiagnosticLog } from './diagnostic-log';
import { leafText } from './element-values';
import type { XmlElement, XmlTree } from './xml-tree';

/**
 * Reads an `operational_status` element and checks the formula's syntax now, so that a typo
 * is an error at load time rather than a red LED at run time.
 */
export function readFormula(element: XmlElement, tree: XmlTree, log: DiagnosticLog): string | undefined {
  const text = leafText(element, log);
  if (text === undefined) return undefined;
  if (text === '') {
    log.error(element, `<${element.name}> is empty; expected a formula such as any("server_.*") and "db"`);
    return undefined;
  }
  const parsed = parseFormula(text);
  if (parsed.ok) return text;
  log.error(
    formulaErrorPosition(element, tree, parsed.index),
    `<${element.name}> invalid formula: ${parsed.error} (at character ${parsed.index + 1} of the formula)`,
  );
  return undefined;
}

/**
 * Points at the faulty character itself when the element's text is written as is in the file;
 * with entities or CDATA the offsets differ, so it falls back to the element.
 */
function formulaErrorPosition(element: XmlElement, tree: XmlTree, index: number) {
  const raw = tree.text.slice(element.contentStart, element.contentStart + element.text.length);
  if (raw !== element.text) return element;
  const leading = element.text.length - element.text.trimStart().length;
  const offset = Math.min(Math.max(index, 0), element.text.trim().length);
  return { file: element.file, ...tree.locate(element.contentStart + leading + offset) };
}
