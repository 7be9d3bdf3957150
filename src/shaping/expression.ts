// A safe arithmetic expression language for OpenAI `multi` graders' `calculate_output`: numbers,
// variables, + - * / ^, parentheses and a fixed set of functions. Parsed to a tree; never `eval`.

/** A parsed expression. */
export type Expr =
  | { type: 'num'; value: number }
  | { type: 'var'; name: string }
  | { type: 'neg'; arg: Expr }
  | { type: 'bin'; op: '+' | '-' | '*' | '/' | '^'; left: Expr; right: Expr }
  | { type: 'call'; fn: string; args: Expr[] };

/** A syntax error with the 0-based character position it was found at. */
export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at position ${position}`);
    this.name = 'ExpressionError';
  }
}

/** Functions a formula may call, with their arity (−1: one or more arguments). */
export const FUNCTIONS: Record<string, { arity: number; fn: (...xs: number[]) => number }> = {
  min: { arity: -1, fn: Math.min },
  max: { arity: -1, fn: Math.max },
  abs: { arity: 1, fn: Math.abs },
  floor: { arity: 1, fn: Math.floor },
  ceil: { arity: 1, fn: Math.ceil },
  round: { arity: 1, fn: Math.round },
  exp: { arity: 1, fn: Math.exp },
  sqrt: { arity: 1, fn: Math.sqrt },
  log: { arity: 1, fn: Math.log },
};

const MAX_LENGTH = 10_000;
const MAX_DEPTH = 64;

interface Token {
  kind: 'num' | 'id' | 'op' | 'end';
  text: string;
  pos: number;
}

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  const re = /(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(\*\*|[-+*/^(),])/y;
  let pos = 0;
  while (pos < src.length) {
    if (/\s/.test(src[pos] as string)) {
      pos++;
      continue;
    }
    re.lastIndex = pos;
    const m = re.exec(src);
    if (!m) throw new ExpressionError(`unexpected character "${src[pos]}"`, pos);
    const text = m[0];
    tokens.push({ kind: m[1] ? 'num' : m[2] ? 'id' : 'op', text: text === '**' ? '^' : text, pos });
    pos = re.lastIndex;
  }
  tokens.push({ kind: 'end', text: '', pos: src.length });
  return tokens;
}

/** Parses a formula such as `0.7 * accuracy + 0.3 * max(format, 0)`; throws ExpressionError on bad syntax. */
export function parseExpression(src: string): Expr {
  if (src.length > MAX_LENGTH) throw new ExpressionError(`formula longer than ${MAX_LENGTH} characters`, MAX_LENGTH);
  const tokens = tokenize(src);
  let i = 0;
  const peek = () => tokens[i] as Token;
  const next = () => tokens[i++] as Token;
  const expect = (text: string) => {
    const t = next();
    if (t.text !== text) throw new ExpressionError(`expected "${text}" but found ${describe(t)}`, t.pos);
  };
  const describe = (t: Token) => (t.kind === 'end' ? 'the end' : `"${t.text}"`);

  // expr := term (('+'|'-') term)* ; term := unary (('*'|'/') unary)* ; unary := '-' unary | '+' unary | power
  // power := atom ('^' unary)?   (right-associative, binds tighter than unary minus: -2^2 = -4)
  const expr = (depth: number): Expr => {
    if (depth > MAX_DEPTH) throw new ExpressionError(`formula nested deeper than ${MAX_DEPTH}`, peek().pos);
    let left = term(depth);
    while (peek().text === '+' || peek().text === '-') {
      const op = next().text as '+' | '-';
      left = { type: 'bin', op, left, right: term(depth) };
    }
    return left;
  };
  const term = (depth: number): Expr => {
    let left = unary(depth);
    while (peek().text === '*' || peek().text === '/') {
      const op = next().text as '*' | '/';
      left = { type: 'bin', op, left, right: unary(depth) };
    }
    return left;
  };
  const unary = (depth: number): Expr => {
    if (depth > MAX_DEPTH) throw new ExpressionError(`formula nested deeper than ${MAX_DEPTH}`, peek().pos);
    if (peek().text === '-') {
      next();
      return { type: 'neg', arg: unary(depth + 1) };
    }
    if (peek().text === '+') {
      next();
      return unary(depth + 1);
    }
    const base = atom(depth);
    if (peek().text === '^') {
      next();
      return { type: 'bin', op: '^', left: base, right: unary(depth + 1) };
    }
    return base;
  };
  const atom = (depth: number): Expr => {
    const t = next();
    if (t.kind === 'num') return { type: 'num', value: Number(t.text) };
    if (t.kind === 'id') {
      if (peek().text !== '(') return { type: 'var', name: t.text };
      const spec = FUNCTIONS[t.text];
      if (!spec || !Object.hasOwn(FUNCTIONS, t.text)) {
        throw new ExpressionError(`unknown function "${t.text}" (known: ${Object.keys(FUNCTIONS).join(', ')})`, t.pos);
      }
      next();
      const args: Expr[] = [];
      if (peek().text !== ')') {
        args.push(expr(depth + 1));
        while (peek().text === ',') {
          next();
          args.push(expr(depth + 1));
        }
      }
      expect(')');
      if (spec.arity === -1 ? args.length === 0 : args.length !== spec.arity) {
        const want = spec.arity === -1 ? 'at least 1 argument' : `${spec.arity} argument(s)`;
        throw new ExpressionError(`${t.text}() takes ${want}, got ${args.length}`, t.pos);
      }
      return { type: 'call', fn: t.text, args };
    }
    if (t.text === '(') {
      const inner = expr(depth + 1);
      expect(')');
      return inner;
    }
    throw new ExpressionError(`expected a number, name or "(" but found ${describe(t)}`, t.pos);
  };

  const tree = expr(0);
  if (peek().kind !== 'end') throw new ExpressionError(`unexpected ${describe(peek())}`, peek().pos);
  return tree;
}

/** Names of the variables a formula reads, in first-use order. */
export function variablesOf(e: Expr, out: string[] = []): string[] {
  if (e.type === 'var' && !out.includes(e.name)) out.push(e.name);
  else if (e.type === 'neg') variablesOf(e.arg, out);
  else if (e.type === 'bin') {
    variablesOf(e.left, out);
    variablesOf(e.right, out);
  } else if (e.type === 'call') for (const a of e.args) variablesOf(a, out);
  return out;
}

/** Evaluates a parsed formula; every variable must be bound (checked by the caller via `variablesOf`). */
export function evaluate(e: Expr, vars: Readonly<Record<string, number>>): number {
  switch (e.type) {
    case 'num':
      return e.value;
    case 'var': {
      if (!Object.hasOwn(vars, e.name)) throw new Error(`unbound variable "${e.name}"`);
      return vars[e.name] as number;
    }
    case 'neg':
      return -evaluate(e.arg, vars);
    case 'bin': {
      const a = evaluate(e.left, vars);
      const b = evaluate(e.right, vars);
      if (e.op === '+') return a + b;
      if (e.op === '-') return a - b;
      if (e.op === '*') return a * b;
      if (e.op === '/') return a / b;
      return a ** b;
    }
    case 'call':
      return (FUNCTIONS[e.fn] as (typeof FUNCTIONS)[string]).fn(...e.args.map((a) => evaluate(a, vars)));
  }
}
