import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../index';
import { load, loadOk, rulesXml, warningsOf } from './rules-test-helpers';

/** `app` with one program rule whose identifiers are given, after the given aliases. */
function withIdentifiers(
  identifiers: string,
  options: { aliases?: string[]; selector?: string } = {},
): string {
  return rulesXml(
    ...(options.aliases ?? []),
    '<application name="app"><programs>',
    `<program ${options.selector ?? 'pattern="prg_"'}><identifiers>${identifiers}</identifiers></program>`,
    '</programs></application>',
  );
}

describe('identifiers: lists, * and aliases', () => {
  const rows: { case: string; xml: string; program?: string; identifiers: string[] }[] = [
    {
      case: 'a list keeps its order and drops repeats',
      xml: withIdentifiers('i3, i1,i3'),
      identifiers: ['i3', 'i1'],
    },
    {
      case: 'no identifiers means every instance',
      xml: rulesXml('<application name="app"/>'),
      identifiers: ['*'],
    },
    { case: 'a list holding * is *', xml: withIdentifiers('i1,*'), identifiers: ['*'] },
    {
      case: 'an alias declared before its use',
      xml: withIdentifiers('servers', { aliases: ['<alias name="servers">i2,i3</alias>'] }),
      identifiers: ['i2', 'i3'],
    },
    {
      case: 'an alias declared after its use',
      xml: rulesXml(
        '<application name="app"><programs><program name="prg_1"><identifiers>servers</identifiers></program></programs></application>',
        '<alias name="servers">i2</alias>',
      ),
      identifiers: ['i2'],
    },
    {
      case: 'an alias using an alias declared before it',
      xml: withIdentifiers('all_ok', {
        aliases: ['<alias name="consoles">i1</alias>', '<alias name="all_ok">i3,consoles</alias>'],
      }),
      identifiers: ['i3', 'i1'],
    },
    {
      case: 'an alias using an alias declared after it',
      xml: withIdentifiers('all_ok', {
        aliases: ['<alias name="all_ok">consoles,i3</alias>', '<alias name="consoles">i1,i2</alias>'],
      }),
      identifiers: ['i1', 'i2', 'i3'],
    },
    {
      case: 'an alias holding * is *',
      xml: withIdentifiers('everything', { aliases: ['<alias name="everything">*</alias>'] }),
      identifiers: ['*'],
    },
    {
      case: 'only unknown names: the program can start nowhere',
      xml: withIdentifiers('nowhere'),
      identifiers: [],
    },
  ];
  it.each(rows)('$case', ({ xml, program, identifiers }) => {
    expect(loadOk(xml).programRules('app', program ?? 'prg_1').identifiers).toEqual(identifiers);
  });

  it('an unknown name is dropped with a warning at the identifiers that wrote it', () => {
    const xml = withIdentifiers('i1,ghost,i2');
    expect(loadOk(xml).programRules('app', 'prg_1').identifiers).toEqual(['i1', 'i2']);
    expect(warningsOf(xml)).toEqual([
      'rules.xml:3:25: <identifiers>: "ghost" is neither an instance nor an alias and is dropped (instances: i1, i2, i3)',
    ]);
  });

  it('an unknown name in an alias is reported once, at the alias', () => {
    const xml = rulesXml(
      '<alias name="pair">i1,ghost</alias>',
      '<application name="app"><programs><program name="a"><identifiers>pair</identifiers></program><program name="b"><identifiers>pair</identifiers></program></programs></application>',
    );
    expect(loadOk(xml).programRules('app', 'b').identifiers).toEqual(['i1']);
    expect(warningsOf(xml)).toEqual([
      expect.stringMatching(/^rules\.xml:2:1: alias "pair": "ghost" is neither/),
    ]);
  });

  it('an alias cycle is an error, reported once at the alias written first', () => {
    const result = load(
      rulesXml(
        '<alias name="a">i1,b</alias>',
        '<alias name="b">c</alias>',
        '<alias name="c">a</alias>',
        '<alias name="d">d</alias>',
      ),
    );
    expect(result.rules).toBeNull();
    expect(result.errors.map(formatDiagnostic)).toEqual([
      'rules.xml:2:1: alias cycle: "a" → "b" → "c" → "a"',
      'rules.xml:5:1: alias cycle: "d" → "d"',
    ]);
  });
});

describe('identifiers: # and @ for homogeneous groups', () => {
  const programs = ['prg_01', 'prg_02', 'prg_03', 'prg_04', 'prg_05'];
  const rows: { case: string; xml: string; expected: string[][]; instances?: string[] }[] = [
    {
      case: '# gives the Nth program the Nth instance and wraps round past the last',
      xml: withIdentifiers('#'),
      expected: [['i1'], ['i2'], ['i3'], ['i1'], ['i2']],
    },
    {
      case: '@ gives the Nth program the Nth instance and leaves the others unassigned',
      xml: withIdentifiers('@'),
      expected: [['i1'], ['i2'], ['i3'], [], []],
    },
    {
      case: '# with a list uses the list, in its order',
      xml: withIdentifiers('#,i3,i1'),
      expected: [['i3'], ['i1'], ['i3'], ['i1'], ['i3']],
    },
    {
      case: '@ with a list uses the list, in its order',
      xml: withIdentifiers('@,i3,i1'),
      expected: [['i3'], ['i1'], [], [], []],
    },
    {
      case: '# and @ together keep @',
      xml: withIdentifiers('#,@'),
      expected: [['i1'], ['i2'], ['i3'], [], []],
    },
    {
      case: 'a marker may come from an alias',
      xml: withIdentifiers('group', { aliases: ['<alias name="group">#,i2,i3</alias>'] }),
      expected: [['i2'], ['i3'], ['i2'], ['i3'], ['i2']],
    },
    {
      case: '# with * uses every instance',
      xml: withIdentifiers('*,#'),
      expected: [['i1'], ['i2'], ['i3'], ['i1'], ['i2']],
    },
  ];
  it.each(rows)('$case', ({ xml, expected }) => {
    const rules = loadOk(xml);
    expect(programs.map((program) => rules.programRules('app', program).identifiers)).toEqual(expected);
  });

  it('a name without a trailing number gets no instance', () => {
    const rules = loadOk(withIdentifiers('#'));
    expect(rules.programRules('app', 'prg_main').identifiers).toEqual([]);
  });

  it('# and @ together warn that @ is kept', () => {
    expect(warningsOf(withIdentifiers('#,@'))).toEqual([
      'rules.xml:3:25: <identifiers> has both # and @: @ is kept',
    ]);
  });

  it('# outside a pattern rule becomes *, with a warning', () => {
    const xml = withIdentifiers('#,i2', { selector: 'name="prg_01"' });
    expect(loadOk(xml).programRules('app', 'prg_01').identifiers).toEqual(['*']);
    expect(warningsOf(xml)).toEqual([
      'rules.xml:3:1: program name "prg_01": # in identifiers needs a pattern rule (a homogeneous group); * is used instead',
    ]);
  });

  it('# on an application pattern gives the Nth application the Nth instance', () => {
    const rules = loadOk(
      rulesXml(
        '<application pattern="^player_"><distribution>SINGLE_INSTANCE</distribution><identifiers>#</identifiers></application>',
      ),
    );
    expect(
      ['player_1', 'player_2', 'player_4'].map((name) => rules.applicationRules(name).identifiers),
    ).toEqual([['i1'], ['i2'], ['i1']]);
  });
});
