import { describe, expect, it } from 'vitest';
import { evaluateFormula, parseFormula } from '../formula';

const PROGRAMS = ['srv', 'hci', 'db', 'prg_1', 'prg_2', 'prg_10', 'a.b', 'axb', "it's"];

function evaluate(text: string, up: string[]) {
  const parsed = parseFormula(text);
  if (!parsed.ok) throw new Error(`parse failed: ${parsed.error}`);
  return evaluateFormula(
    parsed.formula,
    PROGRAMS.map((name) => ({ name, up: up.includes(name) })),
  );
}

describe('evaluateFormula (SPEC section 3)', () => {
  const rows: { name: string; formula: string; up: string[]; value: boolean }[] = [
    { name: 'a program that is up', formula: "'srv'", up: ['srv'], value: true },
    { name: 'a program that is down', formula: "'srv'", up: [], value: false },
    { name: 'and: both up', formula: "'srv' and 'db'", up: ['srv', 'db'], value: true },
    { name: 'and: one down', formula: "'srv' and 'db'", up: ['srv'], value: false },
    { name: 'or: one up', formula: "'srv' or 'db'", up: ['db'], value: true },
    { name: 'or: none up', formula: "'srv' or 'db'", up: [], value: false },
    { name: 'not', formula: "not 'hci'", up: [], value: true },
    { name: 'not not', formula: "not not 'hci'", up: ['hci'], value: true },
    {
      name: 'precedence: not binds tighter than and',
      formula: "not 'srv' and 'db'",
      up: ['db'],
      value: true,
    },
    {
      name: 'precedence: and binds tighter than or',
      formula: "'srv' or 'hci' and 'db'",
      up: ['srv'],
      value: true,
    },
    { name: 'precedence: or is loosest', formula: "'hci' and 'db' or 'srv'", up: ['srv'], value: true },
    {
      name: 'parentheses override precedence',
      formula: "('srv' or 'hci') and 'db'",
      up: ['srv'],
      value: false,
    },
    { name: 'double quotes', formula: '"srv" and "db"', up: ['srv', 'db'], value: true },
    { name: 'a quote inside the other quotes', formula: `"it's"`, up: ["it's"], value: true },
    { name: 'an escaped quote inside the same quotes', formula: "'it\\'s'", up: ["it's"], value: true },
    { name: 'any over a regex: one up', formula: "any('prg_\\d+')", up: ['prg_10'], value: true },
    { name: 'any over a regex: none up', formula: "any('prg_\\d+')", up: ['srv'], value: false },
    {
      name: 'all over a regex: all up',
      formula: "all('prg_\\d+')",
      up: ['prg_1', 'prg_2', 'prg_10'],
      value: true,
    },
    { name: 'all over a regex: one down', formula: "all('prg_\\d+')", up: ['prg_1', 'prg_2'], value: false },
    { name: 'all over several strings', formula: "all('srv', 'prg_1')", up: ['srv', 'prg_1'], value: true },
    {
      name: 'a regex matches the whole name',
      formula: "all('prg_\\d')",
      up: ['prg_1', 'prg_2'],
      value: true,
    },
    { name: 'an explicit ^…$ regex', formula: "any('^prg_1\\d$')", up: ['prg_10'], value: true },
    {
      name: 'a regex matching one program outside any/all',
      formula: "'prg_1.'",
      up: ['prg_10'],
      value: true,
    },
    { name: 'an exact name wins over its regex reading', formula: "'a.b'", up: ['a.b'], value: true },
    {
      name: 'any/all inside an expression',
      formula: "all('prg_.*') and not any('hci', 'db')",
      up: ['prg_1', 'prg_2', 'prg_10'],
      value: true,
    },
  ];

  it.each(rows)('$name', ({ formula, up, value }) => {
    expect(evaluate(formula, up)).toEqual({ ok: true, value });
  });

  const errors: { name: string; formula: string; error: RegExp }[] = [
    { name: 'unknown program', formula: "'x'", error: /^unknown program 'x'$/ },
    { name: 'a regex that matches nothing', formula: "'zz_\\d'", error: /no program matches 'zz_\\d'/ },
    { name: 'a regex matching nothing inside all', formula: "all('zz_.*')", error: /no program matches/ },
    {
      name: 'a pattern matching several programs outside any/all',
      formula: "'prg_\\d'",
      error: /'prg_\\d' matches several programs \(prg_1, prg_2\): put it inside any\(\) or all\(\)/,
    },
    {
      name: 'an unresolvable side is reported even if the other decides',
      formula: "'srv' or 'x'",
      error: /unknown program 'x'/,
    },
  ];

  it.each(errors)('cannot be resolved: $name', ({ formula, error }) => {
    const result = evaluate(formula, ['srv']);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(error);
  });
});

describe('parseFormula errors', () => {
  const rows: { name: string; formula: string; index: number; error: RegExp }[] = [
    { name: 'empty formula', formula: '   ', index: 0, error: /empty formula/ },
    { name: 'missing operand at the end', formula: "'a' and", index: 7, error: /found end of formula/ },
    { name: 'upper-case operator', formula: "'a' AND 'b'", index: 4, error: /unknown word 'AND'/ },
    { name: 'unquoted program name', formula: 'scen1_hci', index: 0, error: /program names must be quoted/ },
    { name: 'unterminated string', formula: "'a' or 'b", index: 7, error: /unterminated string/ },
    { name: 'unclosed parenthesis', formula: "('a' or 'b'", index: 11, error: /expected '\)'/ },
    { name: 'stray closing parenthesis', formula: "'a')", index: 3, error: /unexpected '\)'/ },
    { name: 'two operands in a row', formula: "'a' 'b'", index: 4, error: /unexpected 'b'/ },
    { name: 'any without parenthesis', formula: "any 'a'", index: 4, error: /expected '\(' after any/ },
    { name: 'empty any()', formula: 'any()', index: 4, error: /any\(\) takes quoted program names/ },
    {
      name: 'missing comma in all()',
      formula: "all('a' 'b')",
      index: 8,
      error: /expected ',' or '\)' in all\(\)/,
    },
    { name: 'expression inside any()', formula: "any('a' and 'b')", index: 8, error: /expected ',' or '\)'/ },
    { name: 'invalid regex', formula: "'srv' or 'prg_('", index: 9, error: /invalid regex 'prg_\('/ },
    { name: 'unknown character', formula: "'a' && 'b'", index: 4, error: /unexpected character '&'/ },
    { name: 'empty program name', formula: "''", index: 0, error: /empty program name/ },
  ];

  it.each(rows)('$name', ({ formula, index, error }) => {
    const result = parseFormula(formula);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.index).toBe(index);
      expect(result.error).toMatch(error);
    }
  });
});
