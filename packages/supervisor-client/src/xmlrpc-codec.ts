import { parseXml, type XmlElement } from './xml-parser.js';
import { XmlRpcFault, XmlRpcParseError } from './xmlrpc-errors.js';
import { isXmlRpcStruct, type XmlRpcStruct, type XmlRpcValue } from './xmlrpc-value.js';

const PROLOG = '<?xml version="1.0"?>\n';
/** Deep enough for any real answer, shallow enough that a hostile document cannot blow the stack. */
const MAX_DEPTH = 256;
const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;

export function encodeMethodCall(method: string, params: XmlRpcValue[]): string {
  const out = [PROLOG, '<methodCall><methodName>', escapeText(method), '</methodName><params>'];
  params.forEach((param, index) => {
    out.push('<param>');
    encodeValue(param, `params[${index}]`, out, 0);
    out.push('</param>');
  });
  out.push('</params></methodCall>');
  return out.join('');
}

export function encodeMethodResponse(value: XmlRpcValue): string {
  const out = [PROLOG, '<methodResponse><params><param>'];
  encodeValue(value, 'response', out, 0);
  out.push('</param></params></methodResponse>');
  return out.join('');
}

export function encodeFault(code: number, message: string): string {
  const out = [PROLOG, '<methodResponse><fault>'];
  encodeValue({ faultCode: code, faultString: message }, 'fault', out, 0);
  out.push('</fault></methodResponse>');
  return out.join('');
}

export function decodeMethodCall(xml: string): { method: string; params: XmlRpcValue[] } {
  const root = parseXml(xml);
  expectName(root, 'methodCall');
  const nameElement = root.children.find((child) => child.name === 'methodName');
  if (!nameElement) throw parseError(root, 'methodCall has no <methodName>');
  const method = textOf(nameElement).trim();
  if (method === '') throw parseError(nameElement, 'empty <methodName>');
  const paramsElement = root.children.find((child) => child.name === 'params');
  const params = paramsElement ? elementsOnly(paramsElement).map((param) => decodeParam(param)) : [];
  return { method, params };
}

/** Throws XmlRpcFault for a fault answer and XmlRpcParseError for anything that is not XML-RPC. */
export function decodeMethodResponse(xml: string): XmlRpcValue {
  const root = parseXml(xml);
  expectName(root, 'methodResponse');
  const [body, ...rest] = elementsOnly(root);
  if (!body || rest.length > 0)
    throw parseError(root, 'methodResponse must hold exactly one <params> or <fault>');
  if (body.name === 'fault') throw decodeFault(body);
  expectName(body, 'params');
  const [param, ...others] = elementsOnly(body);
  if (!param || others.length > 0) throw parseError(body, 'a response carries exactly one <param>');
  return decodeParam(param);
}

function decodeFault(fault: XmlElement): XmlRpcFault {
  const [valueElement] = elementsOnly(fault);
  if (!valueElement) throw parseError(fault, '<fault> has no <value>');
  const value = decodeValue(valueElement, 0);
  if (!isXmlRpcStruct(value)) throw parseError(fault, 'a fault value must be a struct');
  const { faultCode, faultString } = value;
  if (typeof faultCode !== 'number' || typeof faultString !== 'string') {
    throw parseError(fault, 'a fault needs an int faultCode and a string faultString');
  }
  return new XmlRpcFault(faultCode, faultString);
}

function decodeParam(param: XmlElement): XmlRpcValue {
  expectName(param, 'param');
  const [value, ...rest] = elementsOnly(param);
  if (!value || rest.length > 0) throw parseError(param, '<param> must hold exactly one <value>');
  return decodeValue(value, 0);
}

function decodeValue(element: XmlElement, depth: number): XmlRpcValue {
  expectName(element, 'value');
  if (depth > MAX_DEPTH) throw parseError(element, `values nested deeper than ${MAX_DEPTH}`);
  // A <value> without a type element is a string, its whitespace included.
  if (element.children.length === 0) return element.text;
  const [typed, ...rest] = elementsOnly(element);
  if (!typed || rest.length > 0) throw parseError(element, '<value> must hold one type element');

  switch (typed.name) {
    case 'int':
    case 'i4':
    case 'i8':
      return decodeInteger(typed);
    case 'boolean': {
      const text = textOf(typed).trim();
      if (text === '1') return true;
      if (text === '0') return false;
      throw parseError(typed, `boolean must be 0 or 1, got "${text}"`);
    }
    case 'string':
      return textOf(typed);
    case 'double':
      return decodeDouble(typed);
    case 'dateTime.iso8601':
      return decodeDate(typed);
    case 'base64': {
      const text = textOf(typed).replace(/\s+/g, '');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw parseError(typed, 'invalid base64');
      return Buffer.from(text, 'base64');
    }
    case 'array':
      return decodeArray(typed, depth);
    case 'struct':
      return decodeStruct(typed, depth);
    case 'nil':
    case 'ex:nil':
      return null;
    default:
      throw parseError(typed, `unknown value type <${typed.name}>`);
  }
}

function decodeInteger(element: XmlElement): number {
  const text = textOf(element).trim();
  if (!/^[+-]?\d+$/.test(text)) throw parseError(element, `<${element.name}> is not an integer: "${text}"`);
  const value = Number(text);
  if (!Number.isSafeInteger(value))
    throw parseError(element, `integer ${text} is beyond JavaScript's safe range`);
  return value;
}

function decodeDouble(element: XmlElement): number {
  const text = textOf(element).trim();
  // Python writes float('inf') and float('nan') as repr(): inf, -inf, nan.
  const special: Record<string, number> = { inf: Infinity, '+inf': Infinity, '-inf': -Infinity, nan: NaN };
  const lower = text.toLowerCase();
  if (lower in special) return special[lower] as number;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) {
    throw parseError(element, `<double> is not a number: "${text}"`);
  }
  return Number(text);
}

const DATE_TIME = /^(\d{4})-?(\d{2})-?(\d{2})T(\d{2}):?(\d{2}):?(\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;

/** XML-RPC dates carry no zone; they are read (and written) as UTC, as supervisord's clock is. */
function decodeDate(element: XmlElement): Date {
  const text = textOf(element).trim();
  const match = DATE_TIME.exec(text);
  if (!match) throw parseError(element, `invalid dateTime.iso8601 "${text}"`);
  const [, year, month, day, hour, minute, second, fraction = '', zone = 'Z'] = match;
  const iso = `${year}-${month}-${day}T${hour}:${minute}:${second}${fraction}${normaliseZone(zone)}`;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw parseError(element, `invalid dateTime.iso8601 "${text}"`);
  return date;
}

function normaliseZone(zone: string): string {
  return zone === 'Z' ? zone : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
}

function decodeArray(element: XmlElement, depth: number): XmlRpcValue[] {
  const [data, ...rest] = elementsOnly(element);
  if (!data || rest.length > 0) throw parseError(element, '<array> must hold exactly one <data>');
  expectName(data, 'data');
  return elementsOnly(data).map((value) => decodeValue(value, depth + 1));
}

function decodeStruct(element: XmlElement, depth: number): XmlRpcStruct {
  const struct: XmlRpcStruct = {};
  for (const member of elementsOnly(element)) {
    expectName(member, 'member');
    const children = elementsOnly(member);
    const nameElement = children.find((child) => child.name === 'name');
    const valueElement = children.find((child) => child.name === 'value');
    if (!nameElement || !valueElement || children.length !== 2) {
      throw parseError(member, '<member> must hold one <name> and one <value>');
    }
    // defineProperty, so a member called "__proto__" stays a plain member.
    Object.defineProperty(struct, textOf(nameElement), {
      value: decodeValue(valueElement, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return struct;
}

/** Child elements, after checking that any text between them is only whitespace. */
function elementsOnly(element: XmlElement): XmlElement[] {
  if (element.text.trim() !== '') throw parseError(element, `unexpected text inside <${element.name}>`);
  return element.children;
}

function textOf(element: XmlElement): string {
  if (element.children.length > 0) throw parseError(element, `<${element.name}> must hold text only`);
  return element.text;
}

function expectName(element: XmlElement, name: string): void {
  if (element.name !== name) throw parseError(element, `expected <${name}>, found <${element.name}>`);
}

function parseError(element: XmlElement, message: string): XmlRpcParseError {
  return new XmlRpcParseError(`${message} (offset ${element.offset})`);
}

function encodeValue(value: unknown, path: string, out: string[], depth: number): void {
  if (depth > MAX_DEPTH) throw new TypeError(`XML-RPC: ${path} is nested too deep (cyclic?)`);
  if (value === null || value === undefined) {
    throw new TypeError(
      `XML-RPC: ${path} is ${String(value)}; supervisord has no nil, send a value or leave it out`,
    );
  }
  if (typeof value === 'string') {
    out.push('<value><string>', escapeText(value), '</string></value>');
  } else if (typeof value === 'boolean') {
    out.push('<value><boolean>', value ? '1' : '0', '</boolean></value>');
  } else if (typeof value === 'number') {
    out.push('<value>', encodeNumber(value, path), '</value>');
  } else if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new TypeError(`XML-RPC: ${path} is an invalid Date`);
    out.push('<value><dateTime.iso8601>', formatDate(value), '</dateTime.iso8601></value>');
  } else if (value instanceof Uint8Array) {
    const base64 = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
    out.push('<value><base64>', base64, '</base64></value>');
  } else if (Array.isArray(value)) {
    out.push('<value><array><data>');
    value.forEach((item, index) => encodeValue(item, `${path}[${index}]`, out, depth + 1));
    out.push('</data></array></value>');
  } else if (typeof value === 'object' && isPlainObject(value)) {
    out.push('<value><struct>');
    for (const [name, member] of Object.entries(value)) {
      out.push('<member><name>', escapeText(name), '</name>');
      encodeValue(member, `${path}.${name}`, out, depth + 1);
      out.push('</member>');
    }
    out.push('</struct></value>');
  } else {
    throw new TypeError(`XML-RPC: ${path} cannot be encoded (${typeof value})`);
  }
}

function encodeNumber(value: number, path: string): string {
  if (!Number.isFinite(value))
    throw new TypeError(`XML-RPC: ${path} is ${value}, which XML-RPC cannot carry`);
  if (Number.isInteger(value)) {
    if (value >= INT32_MIN && value <= INT32_MAX) return `<int>${value}</int>`;
    // <int> is 32-bit; Python and most servers read <i8> for the rest.
    if (Number.isSafeInteger(value)) return `<i8>${value}</i8>`;
  }
  return `<double>${value}</double>`;
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function formatDate(date: Date): string {
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  return (
    `${pad(date.getUTCFullYear(), 4)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}` +
    `T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`
  );
}

/** `\r` is written as a reference: a parser on the other end would otherwise turn it into `\n`. */
function escapeText(text: string): string {
  return text.replace(/[&<>\r]/g, (ch) => ESCAPES[ch] ?? ch);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };
