import { XmlRpcParseError } from './xmlrpc-errors.js';

/** One element of a parsed document: its children and the text directly inside it. */
export interface XmlElement {
  name: string;
  children: XmlElement[];
  /** Concatenation of the element's own text nodes, entities decoded, whitespace kept. */
  text: string;
  /** Offset of the start tag in the source, for error messages. */
  offset: number;
}

const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * A small non-validating XML parser, enough for XML-RPC: elements, attributes (skipped),
 * text, the five named entities, character references, comments, processing instructions,
 * CDATA. A DOCTYPE with an internal subset is refused (no entity definitions, so no
 * expansion attacks). Linear in the input size.
 */
export function parseXml(xml: string): XmlElement {
  let pos = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;

  const fail: (message: string, at?: number) => never = (message, at = pos) => {
    throw new XmlRpcParseError(`${message} at offset ${at}`);
  };

  const skipPast = (terminator: string, what: string): void => {
    const end = xml.indexOf(terminator, pos);
    if (end < 0) fail(`unterminated ${what}`);
    pos = end + terminator.length;
  };

  while (pos < xml.length) {
    const lt = xml.indexOf('<', pos);
    const textEnd = lt < 0 ? xml.length : lt;
    if (textEnd > pos) {
      const raw = xml.slice(pos, textEnd);
      const current = stack[stack.length - 1];
      if (current) current.text += decodeEntities(raw, pos);
      else if (raw.trim() !== '') fail('text outside the root element');
      pos = textEnd;
      continue;
    }

    if (xml.startsWith('<?', pos)) {
      skipPast('?>', 'processing instruction');
    } else if (xml.startsWith('<!--', pos)) {
      skipPast('-->', 'comment');
    } else if (xml.startsWith('<![CDATA[', pos)) {
      const current = stack[stack.length - 1] ?? fail('CDATA outside the root element');
      const end = xml.indexOf(']]>', pos);
      if (end < 0) fail('unterminated CDATA section');
      current.text += xml.slice(pos + 9, end);
      pos = end + 3;
    } else if (xml.startsWith('<!DOCTYPE', pos)) {
      const end = xml.indexOf('>', pos);
      if (end < 0) fail('unterminated DOCTYPE');
      if (xml.slice(pos, end).includes('[')) fail('a DOCTYPE with an internal subset is not accepted');
      pos = end + 1;
    } else if (xml.startsWith('</', pos)) {
      const end = xml.indexOf('>', pos);
      if (end < 0) fail('unterminated end tag');
      const name = xml.slice(pos + 2, end).trim();
      const open = stack.pop() ?? fail(`unexpected end tag </${name}>`);
      if (open.name !== name) fail(`end tag </${name}> does not match <${open.name}>`, open.offset);
      pos = end + 1;
    } else {
      const start = pos;
      const { name, end, selfClosing } = readStartTag(xml, pos, fail);
      const element: XmlElement = { name, children: [], text: '', offset: start };
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(element);
      else if (root) fail('more than one root element', start);
      else root = element;
      if (!selfClosing) stack.push(element);
      pos = end;
    }
  }

  const unclosed = stack[stack.length - 1];
  if (unclosed) fail(`element <${unclosed.name}> is not closed`, xml.length);
  return root ?? fail('no root element', 0);
}

const NAME_CHAR = /[^\s/>=<"'&]/;

function readStartTag(
  xml: string,
  from: number,
  fail: (message: string, at?: number) => never,
): { name: string; end: number; selfClosing: boolean } {
  let pos = from + 1;
  while (pos < xml.length && NAME_CHAR.test(xml.charAt(pos))) pos++;
  const name = xml.slice(from + 1, pos);
  if (name === '') fail('missing element name', from);

  // Attributes are not used by XML-RPC; scan over them so a '>' inside a quoted value is safe.
  while (pos < xml.length) {
    const ch = xml.charAt(pos);
    if (ch === '>') return { name, end: pos + 1, selfClosing: false };
    if (ch === '/' && xml.charAt(pos + 1) === '>') return { name, end: pos + 2, selfClosing: true };
    if (ch === '"' || ch === "'") {
      const close = xml.indexOf(ch, pos + 1);
      if (close < 0) fail(`unterminated attribute value in <${name}>`, pos);
      pos = close + 1;
    } else if (ch === '<') {
      fail(`unexpected '<' inside the tag <${name}>`, pos);
    } else {
      pos++;
    }
  }
  return fail(`unterminated start tag <${name}>`, from);
}

const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);|&/g;

function decodeEntities(raw: string, offset: number): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(ENTITY, (match: string, body: string | undefined, index: number) => {
    const at = offset + index;
    if (body === undefined) throw new XmlRpcParseError(`bare '&' at offset ${at}`);
    if (body.startsWith('#')) {
      const code = body[1] === 'x' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
        throw new XmlRpcParseError(`invalid character reference ${match} at offset ${at}`);
      }
      return String.fromCodePoint(code);
    }
    // Own keys only: `&toString;` is an unknown entity, not Object.prototype's.
    const named = Object.hasOwn(NAMED_ENTITIES, body) ? NAMED_ENTITIES[body] : undefined;
    if (named === undefined) throw new XmlRpcParseError(`unknown entity ${match} at offset ${at}`);
    return named;
  });
}
