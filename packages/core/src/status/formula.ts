/**
 * The `operational_status` formula (SPEC section 3): a tokenizer and a recursive-descent
 * parser, never eval. Grammar, loosest first:
 *
 *   or      := and ('or' and)*
 *   and     := not ('and' not)*
 *   not     := 'not' not | primary
 *   primary := '(' or ')' | ('any' | 'all') '(' string (',' string)* ')' | string
 *
 * A string is quoted with '…' or "…"; a backslash escapes only the quote itself, so regex
 * escapes such as `\d` are kept as written.
 */
export type Formula =
  | { kind: 'program'; pattern: string }
  | { kind: 'any' | 'all'; patterns: string[] }
  | { kind: 'not'; operand: Formula }
  | { kind: 'and' | 'or'; left: Formula; right: Formula };

export type ParseFormulaResult = { ok: true; formula: Formula } | { ok: false; error: string; index: number };
export type EvaluateFormulaResult = { ok: true; value: boolean } | { ok: false; error: string };

type Token =
  | { kind: '(' | ')' | ',' | 'end'; index: number }
  | { kind: 'string'; value: string; index: number }
  | { kind: 'word'; value: string; index: number };

const KEYWORDS = new Set(['and', 'or', 'not', 'any', 'all']);

class FormulaSyntaxError extends Error {
  constructor(
    message: string,
    readonly index: number,
  ) {
    super(message);
  }
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text.charAt(i);
    if (/\s/.test(char)) {
      i += 1;
    } else if (char === '(' || char === ')' || char === ',') {
      tokens.push({ kind: char, index: i });
      i += 1;
    } else if (char === "'" || char === '"') {
      const start = i;
      let value = '';
      i += 1;
      while (i < text.length && text.charAt(i) !== char) {
        if (text.charAt(i) === '\\' && text.charAt(i + 1) === char) i += 1;
        value += text.charAt(i);
        i += 1;
      }
      if (i >= text.length) throw new FormulaSyntaxError('unterminated string', start);
      i += 1;
      tokens.push({ kind: 'string', value, index: start });
    } else if (/[A-Za-z_]/.test(char)) {
      const start = i;
      while (i < text.length && /[\w]/.test(text.charAt(i))) i += 1;
      const value = text.slice(start, i);
      if (!KEYWORDS.has(value)) {
        throw new FormulaSyntaxError(
          `unknown word '${value}': operators are and, or, not, any, all; program names must be quoted`,
          start,
        );
      }
      tokens.push({ kind: 'word', value, index: start });
    } else {
      throw new FormulaSyntaxError(`unexpected character '${char}'`, i);
    }
  }
  tokens.push({ kind: 'end', index: text.length });
  return tokens;
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'end of formula';
    case 'string':
      return `'${token.value}'`;
    case 'word':
      return `'${token.value}'`;
    default:
      return `'${token.kind}'`;
  }
}

class Parser {
  private position = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): Formula {
    const formula = this.parseOr();
    const next = this.peek();
    if (next.kind !== 'end') this.fail(`unexpected ${describe(next)}`, next);
    return formula;
  }

  private peek(): Token {
    // tokenize always ends the list with an 'end' token, and parsing never moves past it.
    return this.tokens[Math.min(this.position, this.tokens.length - 1)] as Token;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.position += 1;
    return token;
  }

  private isWord(value: string): boolean {
    const token = this.peek();
    return token.kind === 'word' && token.value === value;
  }

  private fail(message: string, token: Token): never {
    throw new FormulaSyntaxError(message, token.index);
  }

  private expect(kind: '(' | ')', context: string): void {
    const token = this.next();
    if (token.kind !== kind) this.fail(`expected '${kind}' ${context}, found ${describe(token)}`, token);
  }

  private parseOr(): Formula {
    let left = this.parseAnd();
    while (this.isWord('or')) {
      this.next();
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): Formula {
    let left = this.parseNot();
    while (this.isWord('and')) {
      this.next();
      left = { kind: 'and', left, right: this.parseNot() };
    }
    return left;
  }

  private parseNot(): Formula {
    if (this.isWord('not')) {
      this.next();
      return { kind: 'not', operand: this.parseNot() };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): Formula {
    const token = this.next();
    if (token.kind === '(') {
      const inner = this.parseOr();
      this.expect(')', 'to close the parenthesis');
      return inner;
    }
    if (token.kind === 'string') {
      checkPattern(token.value, token.index);
      return { kind: 'program', pattern: token.value };
    }
    if (token.kind === 'word' && (token.value === 'any' || token.value === 'all')) {
      return { kind: token.value, patterns: this.parseArguments(token.value) };
    }
    return this.fail(
      `expected a quoted program name, 'not', 'any(', 'all(' or '(', found ${describe(token)}`,
      token,
    );
  }

  private parseArguments(name: string): string[] {
    this.expect('(', `after ${name}`);
    const patterns: string[] = [];
    for (;;) {
      const token = this.next();
      if (token.kind !== 'string') {
        this.fail(`${name}() takes quoted program names or patterns, found ${describe(token)}`, token);
      }
      checkPattern(token.value, token.index);
      patterns.push(token.value);
      const separator = this.next();
      if (separator.kind === ')') return patterns;
      if (separator.kind !== ',') {
        this.fail(`expected ',' or ')' in ${name}(), found ${describe(separator)}`, separator);
      }
    }
  }
}

function checkPattern(pattern: string, index: number): void {
  if (pattern === '') throw new FormulaSyntaxError('empty program name', index);
  try {
    new RegExp(pattern);
  } catch (error) {
    throw new FormulaSyntaxError(`invalid regex '${pattern}': ${(error as Error).message}`, index);
  }
}

export function parseFormula(text: string): ParseFormulaResult {
  try {
    const tokens = tokenize(text);
    if (tokens.length === 1) return { ok: false, error: 'empty formula', index: 0 };
    return { ok: true, formula: new Parser(tokens).parse() };
  } catch (error) {
    if (error instanceof FormulaSyntaxError) return { ok: false, error: error.message, index: error.index };
    throw error;
  }
}

export interface FormulaProgram {
  name: string;
  up: boolean;
}

class FormulaResolutionError extends Error {}

const REGEX_SYNTAX = /[\\^$.*+?()[\]{}|]/;

/** An exact program name wins; otherwise the string is a regex matched against the whole name. */
function resolve(pattern: string, programs: readonly FormulaProgram[]): FormulaProgram[] {
  const exact = programs.filter((program) => program.name === pattern);
  if (exact.length > 0) return exact;
  const regex = new RegExp(`^(?:${pattern})$`);
  const matched = programs.filter((program) => regex.test(program.name));
  if (matched.length === 0) {
    throw new FormulaResolutionError(
      REGEX_SYNTAX.test(pattern) ? `no program matches '${pattern}'` : `unknown program '${pattern}'`,
    );
  }
  return matched;
}

function evaluate(formula: Formula, programs: readonly FormulaProgram[]): boolean {
  switch (formula.kind) {
    case 'program': {
      const matched = resolve(formula.pattern, programs);
      if (matched.length > 1) {
        const names = matched.map((program) => program.name).join(', ');
        throw new FormulaResolutionError(
          `'${formula.pattern}' matches several programs (${names}): put it inside any() or all()`,
        );
      }
      return matched[0]?.up === true;
    }
    case 'any':
    case 'all': {
      const matched = formula.patterns.flatMap((pattern) => resolve(pattern, programs));
      return formula.kind === 'any'
        ? matched.some((program) => program.up)
        : matched.every((program) => program.up);
    }
    case 'not':
      return !evaluate(formula.operand, programs);
    case 'and':
    case 'or': {
      // Both sides are always evaluated so that an unresolvable pattern is reported whatever the other side says.
      const left = evaluate(formula.left, programs);
      const right = evaluate(formula.right, programs);
      return formula.kind === 'and' ? left && right : left || right;
    }
  }
}

export function evaluateFormula(
  formula: Formula,
  programs: readonly FormulaProgram[],
): EvaluateFormulaResult {
  try {
    return { ok: true, value: evaluate(formula, programs) };
  } catch (error) {
    if (error instanceof FormulaResolutionError) return { ok: false, error: error.message };
    throw error;
  }
}

/** Names of the programs a formula refers to, to explain a false formula. */
export function formulaPrograms(formula: Formula, programs: readonly FormulaProgram[]): string[] {
  const patterns: string[] = [];
  const collect = (node: Formula): void => {
    switch (node.kind) {
      case 'program':
        patterns.push(node.pattern);
        return;
      case 'any':
      case 'all':
        patterns.push(...node.patterns);
        return;
      case 'not':
        collect(node.operand);
        return;
      case 'and':
      case 'or':
        collect(node.left);
        collect(node.right);
    }
  };
  collect(formula);
  const names = new Set<string>();
  for (const pattern of patterns) {
    try {
      for (const program of resolve(pattern, programs)) names.add(program.name);
    } catch {
      // An unresolvable pattern is reported by evaluateFormula; here it just names nothing.
    }
  }
  return programs.filter((program) => names.has(program.name)).map((program) => program.name);
}
