import { SaxesParser } from 'saxes';
import type { SaxesAttributeNS } from 'saxes';
import type { RulesDiagnostic } from './rules';

/** An XML element with the position of its `<`, as the rules reader needs it. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Text and CDATA directly inside the element, entities decoded. */
  text: string;
  file: string;
  line: number;
  column: number;
  /** Index in the source of the first character after the start tag. */
  contentStart: number;
}

export interface XmlTree {
  root: XmlElement | null;
  /** The first well-formedness error: what follows it is the parser guessing, so it is not reported. */
  error: RulesDiagnostic | null;
  /** Line and column (1-based) of an index into the source text. */
  locate(index: number): { line: number; column: number };
  /** The source text the indexes refer to (without a byte-order mark). */
  text: string;
}

const BOM = '\uFEFF';

/** Parses XML with saxes into a small tree whose elements know where they start. */
export function parseXmlTree(file: string, source: string): XmlTree {
  const text = source.startsWith(BOM) ? source.slice(1) : source;
  const lineStarts = computeLineStarts(text);
  const locate = (index: number): { line: number; column: number } => {
    const line = lastLineStartAtOrBefore(lineStarts, index);
    return { line: line + 1, column: index - (lineStarts[line] ?? 0) + 1 };
  };

  const parser = new SaxesParser<{ position: true }>({ position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let error: RulesDiagnostic | null = null;

  parser.on('opentagstart', (tag) => {
    // saxes has read `<`, the name and one more character when it names the tag.
    const at = locate(parser.position - tag.name.length - 2);
    const element: XmlElement = {
      name: tag.name,
      attributes: {},
      children: [],
      text: '',
      file,
      line: at.line,
      column: at.column,
      contentStart: 0,
    };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(element);
    else root ??= element;
    stack.push(element);
  });
  parser.on('opentag', (tag) => {
    const element = stack[stack.length - 1];
    if (!element) return;
    const attributes: Record<string, string | SaxesAttributeNS> = tag.attributes;
    for (const [name, value] of Object.entries(attributes)) {
      element.attributes[name] = typeof value === 'string' ? value : value.value;
    }
    element.contentStart = parser.position;
    if (tag.isSelfClosing) stack.pop();
  });
  // saxes closes the unclosed elements before it reports an unexpected close tag: keep the last.
  let lastClosed: XmlElement | undefined;
  parser.on('closetag', (tag) => {
    if (!tag.isSelfClosing) lastClosed = stack.pop();
  });
  const addText = (chunk: string): void => {
    const element = stack[stack.length - 1];
    if (element) element.text += chunk;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('error', (err) => {
    if (error) return;
    let message = err.message.replace(/^\d+:\d+: /, '').replace(/\.$/, '');
    if (message === 'unexpected close tag' && lastClosed) {
      message += `: <${lastClosed.name}> opened at line ${lastClosed.line} is not closed`;
    }
    // saxes counts from 0 the character after the fault: as a 1-based column, the fault itself.
    error = {
      file,
      line: parser.line,
      column: Math.max(1, parser.column),
      message: `malformed XML: ${message}`,
    };
  });

  parser.write(text).close();
  return { root: error ? null : root, error, locate, text };
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) starts.push(i + 1);
  }
  return starts;
}

function lastLineStartAtOrBefore(starts: readonly number[], index: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if ((starts[mid] ?? 0) <= index) low = mid;
    else high = mid - 1;
  }
  return low;
}
