import { describe, expect, it } from 'vitest';
import {
  decodeMethodCall,
  decodeMethodResponse,
  encodeFault,
  encodeMethodCall,
  encodeMethodResponse,
} from '../xmlrpc-codec.js';
import { XmlRpcFault, XmlRpcParseError } from '../xmlrpc-errors.js';
import type { XmlRpcValue } from '../xmlrpc-value.js';

const response = (value: string): string =>
  `<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n${value}\n</param>\n</params>\n</methodResponse>\n`;

describe('encoding then decoding gives the value back', () => {
  const rows: Array<{ name: string; value: XmlRpcValue; tag: string }> = [
    { name: 'int', value: 42, tag: '<int>42</int>' },
    { name: 'negative int', value: -7, tag: '<int>-7</int>' },
    { name: 'largest int32', value: 2_147_483_647, tag: '<int>2147483647</int>' },
    { name: 'beyond int32 goes i8', value: 2_147_483_648, tag: '<i8>2147483648</i8>' },
    { name: 'double', value: 1.5, tag: '<double>1.5</double>' },
    { name: 'negative double', value: -0.25, tag: '<double>-0.25</double>' },
    { name: 'true', value: true, tag: '<boolean>1</boolean>' },
    { name: 'false', value: false, tag: '<boolean>0</boolean>' },
    { name: 'string', value: 'hello', tag: '<string>hello</string>' },
    { name: 'empty string', value: '', tag: '<string></string>' },
    { name: 'markup characters escaped', value: '<a & "b">', tag: '<string>&lt;a &amp; "b"&gt;</string>' },
    { name: 'unicode', value: 'héllo ☃ 😀', tag: '<string>héllo ☃ 😀</string>' },
    { name: 'carriage return kept', value: 'a\r\nb', tag: '<string>a&#13;\nb</string>' },
    { name: 'surrounding whitespace kept', value: '  padded\t', tag: '<string>  padded\t</string>' },
    {
      name: 'date',
      value: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)),
      tag: '<dateTime.iso8601>20240102T03:04:05</dateTime.iso8601>',
    },
    { name: 'base64', value: Buffer.from([0, 1, 2, 255]), tag: '<base64>AAEC/w==</base64>' },
    { name: 'empty array', value: [], tag: '<array><data></data></array>' },
    { name: 'empty struct', value: {}, tag: '<struct></struct>' },
    { name: 'nested array', value: [1, 'a', [true, [2.5]]], tag: '<array><data><value><int>1</int>' },
    {
      name: 'nested struct',
      value: { name: 'a', info: { exitcodes: [0, 2], ok: true }, 'odd & name': 'x' },
      tag: '<member><name>odd &amp; name</name>',
    },
  ];

  it.each(rows)('$name, in a response', ({ value, tag }) => {
    const xml = encodeMethodResponse(value);
    expect(xml).toContain(tag);
    expect(decodeMethodResponse(xml)).toEqual(value);
  });

  it.each(rows)('$name, as a call parameter', ({ value }) => {
    const xml = encodeMethodCall('supervisor.test', [value, 'second']);
    expect(decodeMethodCall(xml)).toEqual({ method: 'supervisor.test', params: [value, 'second'] });
  });

  it('a plain Uint8Array (not a Buffer) is base64 too, including a view into a larger buffer', () => {
    const view = new Uint8Array([9, 9, 104, 105, 9]).subarray(2, 4);
    const decoded = decodeMethodResponse(encodeMethodResponse(view));
    expect(Buffer.from(decoded as Uint8Array).toString()).toBe('hi');
  });
});

describe('decoding what other implementations send', () => {
  const rows: Array<{ name: string; xml: string; expected: XmlRpcValue }> = [
    { name: 'a value with no type is a string', xml: '<value>plain</value>', expected: 'plain' },
    {
      name: 'untyped string keeps its whitespace',
      xml: '<value>  two words </value>',
      expected: '  two words ',
    },
    { name: 'empty untyped value', xml: '<value></value>', expected: '' },
    { name: 'self-closing value', xml: '<value/>', expected: '' },
    { name: 'self-closing string', xml: '<value><string/></value>', expected: '' },
    { name: 'i4', xml: '<value><i4>-12</i4></value>', expected: -12 },
    { name: 'i8', xml: '<value><i8>9007199254740991</i8></value>', expected: 9007199254740991 },
    { name: 'int with a plus sign and spaces', xml: '<value><int> +5 </int></value>', expected: 5 },
    { name: 'double with exponent', xml: '<value><double>1.5e3</double></value>', expected: 1500 },
    { name: "Python's inf", xml: '<value><double>inf</double></value>', expected: Infinity },
    {
      name: 'dateTime with dashes and a zone',
      xml: '<value><dateTime.iso8601>2024-01-02T05:04:05+02:00</dateTime.iso8601></value>',
      expected: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)),
    },
    {
      name: 'base64 split over lines',
      xml: '<value><base64>\naGVs\nbG8=\n</base64></value>',
      expected: Buffer.from('hello'),
    },
    { name: 'nil', xml: '<value><nil/></value>', expected: null },
    {
      name: 'the five named entities and both character references',
      xml: '<value><string>&lt;&gt;&amp;&quot;&apos;&#65;&#x42;&#x1F600;</string></value>',
      expected: `<>&"'AB😀`,
    },
    {
      name: 'comments and CDATA',
      xml: '<value><!-- note --><string>a<![CDATA[<b>&]]>c</string></value>',
      expected: 'a<b>&c',
    },
    {
      name: 'struct as Python formats it',
      xml: '<value><struct>\n<member>\n<name>name</name>\n<value><string>a</string></value>\n</member>\n<member>\n<name>pid</name>\n<value><int>0</int></value>\n</member>\n</struct></value>',
      expected: { name: 'a', pid: 0 },
    },
    {
      name: 'array with an empty data element',
      xml: '<value><array><data/></array></value>',
      expected: [],
    },
  ];

  it.each(rows)('$name', ({ xml, expected }) => {
    expect(decodeMethodResponse(response(xml))).toEqual(expected);
  });

  it('a struct member named __proto__ stays a member and does not change the prototype', () => {
    const value = decodeMethodResponse(
      response(
        '<value><struct><member><name>__proto__</name><value><int>1</int></value></member></struct></value>',
      ),
    ) as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__']);
  });

  it('a call as Python xmlrpc.client sends it', () => {
    const xml =
      "<?xml version='1.0'?>\n<methodCall>\n<methodName>supervisor.startProcess</methodName>\n<params>\n" +
      '<param>\n<value><string>a&lt;b</string></value>\n</param>\n<param>\n<value><int>3</int></value>\n</param>\n' +
      '<param>\n<value><base64>\nAP8=\n</base64></value>\n</param>\n' +
      '<param>\n<value><dateTime.iso8601>20240102T03:04:05</dateTime.iso8601></value>\n</param>\n</params>\n</methodCall>\n';
    expect(decodeMethodCall(xml)).toEqual({
      method: 'supervisor.startProcess',
      params: ['a<b', 3, Buffer.from([0, 255]), new Date(Date.UTC(2024, 0, 2, 3, 4, 5))],
    });
  });

  it('a call without <params> has no parameters', () => {
    expect(decodeMethodCall('<methodCall><methodName>supervisor.getState</methodName></methodCall>')).toEqual(
      {
        method: 'supervisor.getState',
        params: [],
      },
    );
  });
});

describe('faults', () => {
  it('an encoded fault decodes to an XmlRpcFault with its code and message', () => {
    expect(() => decodeMethodResponse(encodeFault(10, 'BAD_NAME: foo & <bar>'))).toThrow(
      expect.objectContaining({ name: 'XmlRpcFault', code: 10, message: 'BAD_NAME: foo & <bar>' }),
    );
  });

  it("supervisord's fault answer", () => {
    const xml =
      "<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n<name>faultCode</name>\n" +
      '<value><int>60</int></value>\n</member>\n<member>\n<name>faultString</name>\n' +
      '<value><string>ALREADY_STARTED: a</string></value>\n</member>\n</struct></value>\n</fault>\n</methodResponse>\n';
    let caught: unknown;
    try {
      decodeMethodResponse(xml);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(XmlRpcFault);
    expect(caught).toMatchObject({ code: 60, message: 'ALREADY_STARTED: a' });
  });

  it('a fault without faultCode is malformed, not a fault', () => {
    const xml = '<methodResponse><fault><value><struct></struct></value></fault></methodResponse>';
    expect(() => decodeMethodResponse(xml)).toThrow(XmlRpcParseError);
  });
});

describe('malformed input is an XmlRpcParseError', () => {
  const rows: Array<{ name: string; xml: string; message: RegExp }> = [
    { name: 'empty text', xml: '', message: /no root element/ },
    { name: 'not XML', xml: 'Internal Server Error', message: /text outside the root/ },
    {
      name: "supervisord's HTML error page",
      xml: '<html><head><title>Error response</title></head><body><h1>Error response</h1></body></html>',
      message: /expected <methodResponse>, found <html>/,
    },
    { name: 'unclosed element', xml: '<methodResponse><params><param><value>', message: /not closed/ },
    {
      name: 'mismatched end tag',
      xml: response('<value><int>1</string></value>'),
      message: /does not match/,
    },
    { name: 'unknown entity', xml: response('<value>&nbsp;</value>'), message: /unknown entity &nbsp;/ },
    { name: 'bare ampersand', xml: response('<value>a & b</value>'), message: /bare '&'/ },
    {
      name: 'bad character reference',
      xml: response('<value>&#0;</value>'),
      message: /invalid character reference/,
    },
    {
      name: 'int that is not a number',
      xml: response('<value><int>abc</int></value>'),
      message: /not an integer/,
    },
    {
      name: 'int beyond safe range',
      xml: response('<value><i8>9007199254740993</i8></value>'),
      message: /safe range/,
    },
    {
      name: 'boolean other than 0/1',
      xml: response('<value><boolean>yes</boolean></value>'),
      message: /0 or 1/,
    },
    {
      name: 'double that is not a number',
      xml: response('<value><double>1,5</double></value>'),
      message: /not a number/,
    },
    {
      name: 'bad date',
      xml: response('<value><dateTime.iso8601>yesterday</dateTime.iso8601></value>'),
      message: /dateTime/,
    },
    { name: 'bad base64', xml: response('<value><base64>**</base64></value>'), message: /base64/ },
    {
      name: 'unknown type',
      xml: response('<value><float>1</float></value>'),
      message: /unknown value type <float>/,
    },
    {
      name: 'two types in one value',
      xml: response('<value><int>1</int><int>2</int></value>'),
      message: /one type/,
    },
    { name: 'text beside a type', xml: response('<value>x<int>1</int></value>'), message: /unexpected text/ },
    {
      name: 'member without a value',
      xml: response('<value><struct><member><name>a</name></member></struct></value>'),
      message: /<member> must hold/,
    },
    {
      name: 'two params in a response',
      xml: '<methodResponse><params><param><value>a</value></param><param><value>b</value></param></params></methodResponse>',
      message: /exactly one <param>/,
    },
    {
      name: 'two root elements',
      xml: '<methodResponse></methodResponse><x/>',
      message: /more than one root/,
    },
    {
      name: 'DOCTYPE with entity definitions',
      xml: '<!DOCTYPE x [<!ENTITY a "b">]><methodResponse/>',
      message: /internal subset/,
    },
    {
      name: 'nesting deep enough to exhaust the stack',
      xml: response(`${'<value><array><data>'.repeat(300)}${'</data></array></value>'.repeat(300)}`),
      message: /nested deeper/,
    },
    {
      name: 'a call without a method name',
      xml: '<methodCall><params/></methodCall>',
      message: /methodName/,
    },
  ];

  it.each(rows)('$name', ({ xml, message }) => {
    const decode = xml.includes('<methodCall>') ? decodeMethodCall : decodeMethodResponse;
    expect(() => decode(xml)).toThrow(XmlRpcParseError);
    expect(() => decode(xml)).toThrow(message);
  });
});

describe('values XML-RPC (as supervisord speaks it) cannot carry are refused on encode', () => {
  const rows: Array<{ name: string; value: unknown; message: RegExp }> = [
    { name: 'null', value: null, message: /params\[0\] is null; supervisord has no nil/ },
    { name: 'undefined', value: undefined, message: /params\[0\] is undefined/ },
    {
      name: 'undefined inside a struct names its path',
      value: { a: [1, { b: undefined }] },
      message: /params\[0\]\.a\[1\]\.b/,
    },
    { name: 'NaN', value: NaN, message: /NaN/ },
    { name: 'Infinity', value: Infinity, message: /Infinity/ },
    { name: 'a function', value: () => 1, message: /cannot be encoded \(function\)/ },
    { name: 'a Map', value: new Map(), message: /cannot be encoded/ },
    { name: 'an invalid Date', value: new Date('nope'), message: /invalid Date/ },
  ];

  it.each(rows)('$name', ({ value, message }) => {
    expect(() => encodeMethodCall('m', [value as XmlRpcValue])).toThrow(TypeError);
    expect(() => encodeMethodCall('m', [value as XmlRpcValue])).toThrow(message);
  });

  it('a cyclic struct is refused instead of overflowing the stack', () => {
    const cyclic: Record<string, XmlRpcValue> = {};
    cyclic.self = cyclic;
    expect(() => encodeMethodResponse(cyclic)).toThrow(/nested too deep/);
  });
});
