import type { DiagnosticLog } from './diagnostic-log';
import type { XmlElement } from './xml-tree';

/** Readers of leaf elements (`<required>true</required>`): each reports a bad value and returns undefined. */

/** The trimmed text of a leaf; undefined (with an error) when it has other attributes or child elements. */
export function leafText(
  element: XmlElement,
  log: DiagnosticLog,
  attributes: readonly string[] = [],
): string | undefined {
  let ok = true;
  for (const attribute of Object.keys(element.attributes)) {
    if (attributes.includes(attribute)) continue;
    const expected = attributes.length === 0 ? 'it takes none' : `expected ${attributes.join(' or ')}`;
    log.error(element, `unknown attribute "${attribute}" on <${element.name}>; ${expected}`);
    ok = false;
  }
  const child = element.children[0];
  if (child) {
    log.error(child, `<${element.name}> holds a value, not elements: found <${child.name}>`);
    ok = false;
  }
  return ok ? element.text.trim() : undefined;
}

export function readEnum<T extends string>(
  element: XmlElement,
  allowed: readonly T[],
  log: DiagnosticLog,
): T | undefined {
  const text = leafText(element, log);
  if (text === undefined) return undefined;
  const value = allowed.find((candidate) => candidate === text);
  if (value === undefined) {
    badValue(element, text, `one of ${allowed.join(', ')}`, log);
  }
  return value;
}

export function readInteger(
  element: XmlElement,
  range: { min: number; max: number },
  log: DiagnosticLog,
): number | undefined {
  const text = leafText(element, log);
  if (text === undefined) return undefined;
  if (!/^[+-]?\d+$/.test(text)) {
    badValue(element, text, 'an integer', log);
    return undefined;
  }
  const value = Number(text);
  if (value < range.min || value > range.max) {
    log.error(element, `<${element.name}> ${text} is out of range; expected ${range.min} to ${range.max}`);
    return undefined;
  }
  return value;
}

// The XML Schema boolean: what Supvisors' own schema accepts.
const BOOLEANS: Record<string, boolean> = { true: true, false: false, '1': true, '0': false };

export function readBoolean(element: XmlElement, log: DiagnosticLog): boolean | undefined {
  const text = leafText(element, log);
  if (text === undefined) return undefined;
  const value = BOOLEANS[text];
  if (value === undefined) {
    badValue(element, text, 'true or false (or 1, 0)', log);
  }
  return value;
}

/** A comma list as Supervisor reads one: items trimmed, empty items dropped. */
export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function badValue(element: XmlElement, text: string, expected: string, log: DiagnosticLog): void {
  const found = text === '' ? 'is empty' : `has ${JSON.stringify(text)}`;
  log.error(element, `<${element.name}> ${found}; expected ${expected}`);
}
