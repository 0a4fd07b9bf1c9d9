import { describe, expect, it } from 'vitest';
import { formatDiagnostic, loadRules } from '../index';
import { INSTANCES, load } from './rules-test-helpers';

/** Each row: a file (lines) with one mistake, and the one diagnostic a user must read. */
describe('malformed input gives file:line:column and a message to act on', () => {
  const rows: { case: string; lines: string[]; error: string | RegExp; also?: string[] }[] = [
    {
      case: 'malformed XML: an element left open',
      lines: ['<root>', '  <application name="a">', '    <start_sequence>1</start_sequence>', '</root>'],
      error:
        'rules.xml:4:7: malformed XML: unexpected close tag: <application> opened at line 2 is not closed',
    },
    {
      case: 'malformed XML: an empty file',
      lines: [''],
      error: 'rules.xml:1:1: malformed XML: document must contain a root element',
    },
    {
      case: 'malformed XML: an unquoted attribute',
      lines: ['<root>', '  <application name=a/>', '</root>'],
      error: 'rules.xml:2:21: malformed XML: unquoted attribute value',
    },
    {
      case: 'a root element other than <root>',
      lines: ['<rules>', '</rules>'],
      error: 'rules.xml:1:1: the root element must be <root>, found <rules>',
    },
    {
      case: 'an unknown element in <root>',
      lines: ['<root>', '  <aplication name="a"/>', '</root>'],
      error:
        'rules.xml:2:3: unknown element <aplication> in <root>; expected <alias>, <model>, <application>',
    },
    {
      case: 'an unknown element in <program>',
      lines: [
        '<root>',
        '  <application name="a"><programs>',
        '    <program name="p"><start_seq>1</start_seq></program>',
        '  </programs></application>',
        '</root>',
      ],
      error:
        'rules.xml:3:23: unknown element <start_seq> in <program>; expected <reference>, <identifiers>, <required>, <start_sequence>, <stop_sequence>, <wait_exit>, <wait_exit_timeout>, <expected_loading>, <starting_failure_strategy>, <running_failure_strategy>',
    },
    {
      case: 'an unknown element in <programs>',
      lines: [
        '<root>',
        '  <application name="a"><programs>',
        '    <model name="p"/>',
        '  </programs></application>',
        '</root>',
      ],
      error: 'rules.xml:3:5: unknown element <model> in <programs>; expected <program>',
    },
    {
      case: 'a bad enum value lists the allowed ones',
      lines: [
        '<root>',
        '  <application name="a">',
        '    <running_failure_strategy>STOP</running_failure_strategy>',
        '  </application>',
        '</root>',
      ],
      error:
        'rules.xml:3:5: <running_failure_strategy> has "STOP"; expected one of CONTINUE, RESTART_PROCESS, STOP_APPLICATION, RESTART_APPLICATION, SHUTDOWN, RESTART',
    },
    {
      case: 'a bad starting_strategy',
      lines: [
        '<root>',
        '<application name="a"><starting_strategy>config</starting_strategy></application>',
        '</root>',
      ],
      error:
        'rules.xml:2:23: <starting_strategy> has "config"; expected one of CONFIG, LESS_LOADED, MOST_LOADED, LOCAL, LESS_LOADED_NODE, MOST_LOADED_NODE',
    },
    {
      case: 'a number that is not an integer',
      lines: [
        '<root>',
        '  <model name="m">',
        '    <start_sequence>1.5</start_sequence>',
        '  </model>',
        '</root>',
      ],
      error: 'rules.xml:3:5: <start_sequence> has "1.5"; expected an integer',
    },
    {
      case: 'an empty number',
      lines: ['<root>', '  <model name="m"><stop_sequence/></model>', '</root>'],
      error: 'rules.xml:2:19: <stop_sequence> is empty; expected an integer',
    },
    {
      case: 'expected_loading above 100',
      lines: [
        '<root>',
        '  <model name="m">',
        '    <expected_loading>101</expected_loading>',
        '  </model>',
        '</root>',
      ],
      error: 'rules.xml:3:5: <expected_loading> 101 is out of range; expected 0 to 100',
    },
    {
      case: 'a start_sequence outside the schema byte',
      lines: [
        '<root>',
        '  <application name="a"><start_sequence>128</start_sequence></application>',
        '</root>',
      ],
      error: 'rules.xml:2:25: <start_sequence> 128 is out of range; expected -128 to 127',
    },
    {
      case: 'a bad boolean',
      lines: ['<root>', '  <model name="m"><required>yes</required></model>', '</root>'],
      error: 'rules.xml:2:19: <required> has "yes"; expected true or false (or 1, 0)',
    },
    {
      case: 'an application without name or pattern',
      lines: ['<root>', '  <application>', '  </application>', '</root>'],
      error: 'rules.xml:2:3: <application> needs a name or a pattern attribute',
    },
    {
      case: 'a program with both name and pattern',
      lines: [
        '<root>',
        '<application name="a"><programs>',
        '  <program name="p" pattern="q"/>',
        '</programs></application>',
        '</root>',
      ],
      error: 'rules.xml:3:3: <program> takes a name or a pattern attribute, not both',
    },
    {
      case: 'an empty name',
      lines: ['<root>', '  <application name=""/>', '</root>'],
      error: 'rules.xml:2:3: <application> has an empty name; to match every name use pattern=""',
    },
    {
      case: 'a model without name',
      lines: ['<root>', '  <model/>', '</root>'],
      error: 'rules.xml:2:3: <model> needs a non-empty name attribute',
    },
    {
      case: 'an unknown attribute',
      lines: ['<root>', '  <application nme="a"/>', '</root>'],
      error: 'rules.xml:2:3: unknown attribute "nme" on <application>; expected name or pattern',
      also: ['rules.xml:2:3: <application> needs a name or a pattern attribute'],
    },
    {
      case: 'a child given twice',
      lines: [
        '<root>',
        '  <model name="m">',
        '    <required>true</required>',
        '    <required>false</required>',
        '  </model>',
        '</root>',
      ],
      error: 'rules.xml:4:5: <required> is given twice in <model> (first at line 3)',
    },
    {
      case: 'text where elements are expected',
      lines: ['<root>', '  <application name="a">CONFIG</application>', '</root>'],
      error: 'rules.xml:2:3: unexpected text "CONFIG" in <application>',
    },
    {
      case: 'an unknown model',
      lines: [
        '<root>',
        '  <model name="base"/>',
        '  <application name="a"><programs>',
        '    <program name="p"><reference>bsae</reference></program>',
        '  </programs></application>',
        '</root>',
      ],
      error: 'rules.xml:4:23: <reference> names an unknown model "bsae" (models: base)',
    },
    {
      case: 'an empty reference',
      lines: ['<root>', '  <model name="m"><reference> </reference></model>', '</root>'],
      error: 'rules.xml:2:19: <reference> is empty; expected the name of a model',
    },
    {
      case: 'a reference loop',
      lines: [
        '<root>',
        '  <model name="m1">',
        '    <reference>m2</reference>',
        '  </model>',
        '  <model name="m2"><reference>m1</reference></model>',
        '</root>',
      ],
      error: 'rules.xml:3:5: reference loop: model "m1" → "m2" → "m1"',
    },
    {
      case: 'a model referencing itself',
      lines: ['<root>', '  <model name="m"><reference>m</reference></model>', '</root>'],
      error: 'rules.xml:2:19: reference loop: model "m" → "m"',
    },
    {
      case: 'a chain deeper than 3 levels',
      lines: [
        '<root>',
        '  <model name="m3"/>',
        '  <model name="m2"><reference>m3</reference></model>',
        '  <model name="m1"><reference>m2</reference></model>',
        '  <application name="a"><programs>',
        '    <program pattern="p"><reference>m1</reference></program>',
        '  </programs></application>',
        '</root>',
      ],
      error:
        'rules.xml:6:26: reference chain too deep: program pattern "p" → "m1" → "m2" → "m3"; at most 3 levels (the program and 2 models)',
    },
    {
      case: 'an invalid regular expression',
      lines: ['<root>', '  <application pattern="web_(">', '  </application>', '</root>'],
      error:
        'rules.xml:2:3: <application pattern="web_("> is not a valid regular expression: Unterminated group',
    },
    {
      case: 'an unparsable operational_status points at the faulty character',
      lines: [
        '<root>',
        '  <application name="a">',
        '    <operational_status>"db" and or "web"</operational_status>',
        '  </application>',
        '</root>',
      ],
      error:
        /^rules\.xml:3:34: <operational_status> invalid formula: .*found 'or' \(at character 10 of the formula\)$/,
    },
    {
      case: 'an empty operational_status',
      lines: ['<root>', '  <application name="a"><operational_status/></application>', '</root>'],
      error: /^rules\.xml:2:25: <operational_status> is empty/,
    },
  ];
  it.each(rows)('$case', ({ lines, error, also }) => {
    const result = load(lines.join('\n'));
    expect(result.rules).toBeNull();
    const [first, ...others] = result.errors.map(formatDiagnostic);
    if (typeof error === 'string') expect(first).toBe(error);
    else expect(first).toMatch(error);
    expect(others).toEqual(also ?? []);
  });
});

describe('every error is reported, and any error withholds the rules', () => {
  it('reports all errors of all files, in file order then line order', () => {
    const first = [
      '<root>',
      '  <application name="a">',
      '    <distribution>ONE</distribution>',
      '    <programs><program name="p"><wait_exit>maybe</wait_exit></program></programs>',
      '  </application>',
      '  <color/>',
      '</root>',
    ].join('\n');
    const result = loadRules(
      [
        { file: 'first.xml', text: first },
        { file: 'second.xml', text: '<root>\n<alias name="x">i1</alias>\n<alias>' },
      ],
      INSTANCES,
    );
    expect(result.rules).toBeNull();
    expect(result.errors.map((d) => `${d.file}:${d.line}:${d.column}`)).toEqual([
      'first.xml:3:5',
      'first.xml:4:33',
      'first.xml:6:3',
      'second.xml:3:7',
    ]);
  });

  it('warnings alone do not withhold the rules', () => {
    const result = load('<root><application name="a"><identifiers>ghost</identifiers></application></root>');
    expect(result.errors).toEqual([]);
    expect(result.warnings).toHaveLength(2);
    expect(result.rules?.applicationRules('a').managed).toBe(true);
  });
});

describe('formatDiagnostic', () => {
  it('reads like a compiler message', () => {
    expect(formatDiagnostic({ file: 'etc/rules.xml', line: 12, column: 5, message: 'bad' })).toBe(
      'etc/rules.xml:12:5: bad',
    );
  });
});
