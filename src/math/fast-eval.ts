// A small LaTeX arithmetic parser and evaluator: the main-thread fast path. It knows numbers, + - * / ^,
// \frac, \sqrt, \pi, e, \infty, n!, implicit products and single-letter variables; anything else returns null and
// goes to the CAS. Values are exact rationals when possible, floats otherwise.
import { add, div, exactRoot, mul, parseDecimal, powInt, type Rational, rat, sub, toNumber } from './rational.js';

type Node =
  | { t: 'num'; r: Rational; text: string }
  | { t: 'const'; name: 'pi' | 'e' | 'infty' }
  | { t: 'var'; name: string }
  | { t: 'neg'; a: Node }
  | { t: 'bin'; op: '+' | '-' | '*' | '/' | '^'; a: Node; b: Node }
  | { t: 'root'; a: Node; k: Node }
  | { t: 'fn'; name: Fn; a: Node; base?: Node }
  | { t: 'binom'; n: Node; k: Node }
  | { t: 'fact'; a: Node };

type Fn = 'sin' | 'cos' | 'tan' | 'ln' | 'log';
const FUNCTIONS = new Set(['\\sin', '\\cos', '\\tan', '\\ln', '\\log']);

/** A parsed expression with its free variables. */
export interface FastExpr {
  root: Node;
  vars: string[];
  /** Contains a decimal literal such as `0.333` (a possibly rounded value). */
  decimal: boolean;
}

/**
 * A value: exact when `r` is set; `f` is always the float value. `lossy` marks a float that lost the
 * information needed to compare it (overflow, underflow, absorption, trig of a huge argument): such a
 * value never proves two answers equal.
 */
export interface Value {
  r: Rational | null;
  f: number;
  lossy?: true;
}

const GREEK =
  /^\\(alpha|beta|gamma|delta|epsilon|varepsilon|zeta|eta|theta|vartheta|kappa|lambda|mu|nu|xi|rho|sigma|tau|phi|varphi|chi|psi|omega|Gamma|Delta|Theta|Lambda|Xi|Sigma|Phi|Psi|Omega)(?![a-zA-Z])/;
const TOKEN =
  /^(?:(\d+(?:\.\d+)?|\.\d+)|([a-zA-Z])(?:_(\d|[a-zA-Z]|\{[a-zA-Z0-9]+\}))?|(\\(?:frac|sqrt|pi|infty|cdot|times|div|sin|cos|tan|ln|log|binom)(?![a-zA-Z]))|([-+*/^(){}[\]_!]))/;

function tokenize(tex: string): string[] | null {
  const tokens: string[] = [];
  // Whitespace separates tokens (`\\sin x` is not `\\sinx`) and is otherwise ignored.
  let s = tex.trim();
  while (s.length > 0) {
    const greek = GREEK.exec(s);
    if (greek) {
      tokens.push(`v:${greek[1]}`);
      s = s.slice(greek[0].length).trimStart();
      continue;
    }
    const m = TOKEN.exec(s);
    if (!m) return null;
    if (m[1] !== undefined) tokens.push(`n:${m[1]}`);
    else if (m[2] !== undefined) tokens.push(`v:${m[0]}`);
    else tokens.push((m[4] ?? m[5]) as string);
    s = s.slice(m[0].length).trimStart();
    if (tokens.length > 2000) return null;
  }
  return tokens;
}

class Parser {
  i = 0;
  depth = 0;
  decimal = false;
  readonly vars = new Set<string>();
  constructor(readonly tokens: string[]) {}

  peek(): string | undefined {
    return this.tokens[this.i];
  }
  take(expected?: string): string {
    const tok = this.tokens[this.i];
    if (tok === undefined || (expected !== undefined && tok !== expected)) throw new SyntaxError('unexpected');
    this.i++;
    return tok;
  }

  expr(): Node {
    if (++this.depth > 200) throw new SyntaxError('too deep');
    let sign: '-' | null = null;
    if (this.peek() === '+' || this.peek() === '-') sign = this.take() === '-' ? '-' : null;
    let node = this.term();
    if (sign) node = { t: 'neg', a: node };
    while (this.peek() === '+' || this.peek() === '-') {
      const op = this.take() as '+' | '-';
      node = { t: 'bin', op, a: node, b: this.term() };
    }
    this.depth--;
    return node;
  }

  term(): Node {
    let node = this.factor();
    for (;;) {
      const tok = this.peek();
      if (tok === '*' || tok === '\\cdot' || tok === '\\times') {
        this.take();
        node = { t: 'bin', op: '*', a: node, b: this.factor() };
      } else if (tok === '/' || tok === '\\div') {
        this.take();
        node = { t: 'bin', op: '/', a: node, b: this.factor() };
      } else if (tok !== undefined && startsPrimary(tok) && !tok.startsWith('n:')) {
        node = { t: 'bin', op: '*', a: node, b: this.factor() };
      } else return node;
    }
  }

  factor(): Node {
    if (this.peek() === '-') {
      this.take();
      return { t: 'neg', a: this.factor() };
    }
    let base = this.primary();
    while (this.peek() === '!') {
      this.take();
      base = { t: 'fact', a: base };
    }
    if (this.peek() !== '^') return base;
    this.take();
    const tok = this.peek();
    if (tok === '{') return { t: 'bin', op: '^', a: base, b: this.group() };
    if (tok?.startsWith('n:') && tok.length === 3) return { t: 'bin', op: '^', a: base, b: this.primary() };
    if (tok?.startsWith('v:') && tok.length === 3) return { t: 'bin', op: '^', a: base, b: this.primary() };
    throw new SyntaxError('ambiguous exponent');
  }

  group(): Node {
    this.take('{');
    const node = this.expr();
    this.take('}');
    return node;
  }

  /** A `\frac`/`\sqrt` argument: a braced group or a single digit/letter (`\frac12`). */
  argument(): Node {
    const tok = this.peek();
    if (tok === '{') return this.group();
    if (tok && /^n:\d\d+$/.test(tok)) {
      // `\frac12`: the first digit is one argument, the rest is the next token.
      this.tokens[this.i] = `n:${tok.slice(3)}`;
      this.tokens.splice(this.i, 0, tok.slice(0, 3));
    }
    const one = this.peek();
    if ((one?.startsWith('n:') && one.length === 3) || (one?.startsWith('v:') && one.length === 3))
      return this.primary();
    throw new SyntaxError('bad argument');
  }

  /** `\\sin x`, `\\sin^2 x`, `\\cos(x)^2`, `\\ln 2x`, `\\log_2 8`, read as compute-engine reads them. */
  func(name: Fn): Node {
    let base: Node | undefined;
    if (name === 'log' && this.peek() === '_') {
      this.take();
      base = this.argument();
    }
    let power: Node | undefined;
    if (this.peek() === '^') {
      this.take();
      power = this.argument();
      // \\sin^{-1} is the inverse function: left to the CAS.
      if (power.t !== 'num') throw new SyntaxError('function power');
    }
    let a: Node;
    if (this.peek() === '(') a = this.primary();
    else {
      // Without parentheses the argument is an implicit product: `\\sin 2x` = sin(2x); it stops at `+`,
      // explicit operators and the next function (`2\\sin x\\cos x`).
      a = this.factor();
      for (let tok = this.peek(); tok !== undefined && startsPrimary(tok) && !tok.startsWith('n:'); tok = this.peek()) {
        if (FUNCTIONS.has(tok) || tok === '\\binom') break;
        a = { t: 'bin', op: '*', a, b: this.factor() };
      }
    }
    const node: Node = base ? { t: 'fn', name, a, base } : { t: 'fn', name, a };
    return power ? { t: 'bin', op: '^', a: node, b: power } : node;
  }

  primary(): Node {
    const tok = this.take();
    if (tok.startsWith('n:')) {
      const text = tok.slice(2);
      if (text.includes('.')) this.decimal = true;
      const r = parseDecimal(text);
      if (!r) throw new SyntaxError('number');
      return { t: 'num', r, text };
    }
    if (tok.startsWith('v:')) {
      const name = tok.slice(2).replace(/[{}]/g, '');
      if (name === 'e') return { t: 'const', name: 'e' };
      if (name === 'i') throw new SyntaxError('complex numbers go to the CAS');
      this.vars.add(name);
      return { t: 'var', name };
    }
    if (tok === '\\pi') return { t: 'const', name: 'pi' };
    if (tok === '\\infty') return { t: 'const', name: 'infty' };
    if (tok === '(') {
      const node = this.expr();
      this.take(')');
      return node;
    }
    if (tok === '{') {
      this.i--;
      return this.group();
    }
    if (tok === '\\frac') {
      const a = this.argument();
      return { t: 'bin', op: '/', a, b: this.argument() };
    }
    if (tok === '\\binom') {
      const n = this.argument();
      return { t: 'binom', n, k: this.argument() };
    }
    if (FUNCTIONS.has(tok)) return this.func(tok.slice(1) as Fn);
    if (tok === '\\sqrt') {
      let k: Node = { t: 'num', r: { n: 2n, d: 1n }, text: '2' };
      if (this.peek() === '[') {
        this.take();
        k = this.expr();
        this.take(']');
      }
      return { t: 'root', a: this.argument(), k };
    }
    throw new SyntaxError('unexpected token');
  }
}

function startsPrimary(tok: string): boolean {
  return (
    tok === '(' ||
    tok === '{' ||
    tok === '\\frac' ||
    tok === '\\sqrt' ||
    tok === '\\pi' ||
    tok === '\\infty' ||
    tok === '\\binom' ||
    FUNCTIONS.has(tok) ||
    /^[nv]:/.test(tok)
  );
}

/** Parses a LaTeX expression the fast path understands, or returns null. */
export function parseFast(tex: string): FastExpr | null {
  if (tex.length === 0 || tex.length > 500) return null;
  const tokens = tokenize(tex);
  if (!tokens || tokens.length === 0) return null;
  const parser = new Parser(tokens);
  try {
    const root = parser.expr();
    if (parser.i !== tokens.length) return null;
    return { root, vars: [...parser.vars].sort(), decimal: parser.decimal };
  } catch {
    return null;
  }
}

const float = (f: number): Value => ({ r: null, f });
const lossy = (f: number): Value => ({ r: null, f, lossy: true });

/** A rational with its float, marked lossy when the float overflowed to ±∞ or underflowed to 0. */
function ofRational(r: Rational): Value {
  const f = toNumber(r);
  return Number.isFinite(f) && (f !== 0 || r.n === 0n) ? { r, f } : { r, f, lossy: true };
}

/** An exact result, or its float when the rational grew too large (lossy when 0 or ±∞: it was neither). */
function exact(r: Rational | null, f: number): Value {
  if (r) return ofRational(r);
  return Number.isFinite(f) && f !== 0 ? float(f) : lossy(f);
}

/** Trig of an argument past 2^50 has no correct digits in a double. */
const HUGE_ARGUMENT = 2 ** 50;

/** Evaluates at a point (variable -> value); exact where every step stays rational. */
export function evaluate(node: Node, env: ReadonlyMap<string, number>): Value {
  switch (node.t) {
    case 'num':
      return ofRational(node.r);
    case 'const':
      return float(node.name === 'pi' ? Math.PI : node.name === 'e' ? Math.E : Number.POSITIVE_INFINITY);
    case 'var':
      return float(env.get(node.name) ?? Number.NaN);
    case 'neg': {
      const a = evaluate(node.a, env);
      return a.r ? exact(rat(-a.r.n, a.r.d), -a.f) : carry(float(-a.f), a);
    }
    case 'root': {
      const a = evaluate(node.a, env);
      return carry(root(a, evaluate(node.k, env)), a);
    }
    case 'fn':
      return fn(node, env);
    case 'binom':
      return binomial(evaluate(node.n, env), evaluate(node.k, env));
    case 'fact':
      return factorial(evaluate(node.a, env));
    case 'bin': {
      const a = evaluate(node.a, env);
      const b = evaluate(node.b, env);
      return carry(binary(node.op, a, b), a, b);
    }
  }
}

/** A float result keeps the lossy mark of any operand (an exact one was computed without their floats). */
function carry(v: Value, ...from: Value[]): Value {
  return !v.lossy && !v.r && from.some((x) => x.lossy) ? { r: v.r, f: v.f, lossy: true } : v;
}

function root(a: Value, k: Value): Value {
  if (k.r && k.r.n === 1n && k.r.d === 1n) return a; // the first root of a is a, negative or not
  const kInt = k.r && k.r.d === 1n && k.r.n >= 2n && k.r.n <= 64n ? Number(k.r.n) : null;
  if (a.r && kInt !== null) {
    const r = exactRoot(a.r, kInt);
    if (r) return ofRational(r);
  }
  if (kInt !== null && kInt % 2 === 1 && a.f < 0) return float(-((-a.f) ** (1 / kInt)));
  return float(a.f < 0 ? Number.NaN : a.f ** (1 / k.f));
}

function fn(node: Extract<Node, { t: 'fn' }>, env: ReadonlyMap<string, number>): Value {
  const arg = evaluate(node.a, env);
  const x = arg.f;
  if (node.name === 'sin' || node.name === 'cos' || node.name === 'tan') {
    if (Math.abs(x) > HUGE_ARGUMENT) return lossy(Number.NaN);
    const v = node.name === 'sin' ? Math.sin(x) : node.name === 'cos' ? Math.cos(x) : Math.tan(x);
    // tan at (a float near) a pole: the value is an artefact of rounding pi/2.
    return carry(Math.abs(v) > 1e15 ? lossy(v) : float(v), arg);
  }
  if (x <= 0) return carry(float(Number.NaN), arg);
  const base = node.base ? evaluate(node.base, env).f : node.name === 'log' ? 10 : Math.E;
  return carry(float(base > 0 && base !== 1 ? Math.log(x) / Math.log(base) : Number.NaN), arg);
}

function binary(op: '+' | '-' | '*' | '/' | '^', a: Value, b: Value): Value {
  const both = a.r && b.r;
  switch (op) {
    case '+':
      return both ? exact(add(a.r!, b.r!), a.f + b.f) : sum(a.f, b.f);
    case '-':
      return both ? exact(sub(a.r!, b.r!), a.f - b.f) : sum(a.f, -b.f);
    case '*':
      return both ? exact(mul(a.r!, b.r!), a.f * b.f) : checked(a.f * b.f, a.f, b.f);
    case '/':
      if (b.f === 0 && (!b.r || b.r.n === 0n)) return float(Number.NaN);
      return both ? exact(div(a.r!, b.r!), a.f / b.f) : checked(a.f / b.f, a.f, b.f);
    case '^': {
      if (a.r && b.r && b.r.d === 1n) return exact(powInt(a.r, Number(b.r.n)), a.f ** b.f);
      if (a.r && b.r && b.r.d <= 64n && a.r.n >= 0n) {
        const r = exactRoot(a.r, Number(b.r.d));
        if (r) return exact(powInt(r, Number(b.r.n)), a.f ** b.f);
      }
      if (a.f < 0 && !Number.isInteger(b.f)) return float(Number.NaN);
      return checked(a.f ** b.f, a.f, b.f);
    }
  }
}

/** Overflow to infinity, or underflow to 0 from non-zero operands, loses the value (`\\pi \\cdot 0` is 0). */
function checked(v: number, x: number, y: number): Value {
  if (
    (!Number.isFinite(v) && Number.isFinite(x) && Number.isFinite(y)) ||
    (v === 0 && x !== 0 && y !== 0 && Number.isFinite(y))
  )
    return lossy(v);
  return float(v);
}

/** x + y in floats; a non-zero term absorbed by a much larger one (`x + 10^{-30}`) makes it lossy. */
function sum(x: number, y: number): Value {
  const v = x + y;
  if ((v === x && y !== 0 && Number.isFinite(x)) || (v === y && x !== 0 && Number.isFinite(y))) return lossy(v);
  return float(v);
}

/** n! exactly for integers up to 500, as an overflowing float above that; NaN for non-integers. */
function factorial(n: Value): Value {
  const k = n.r?.d === 1n ? n.r.n : null;
  if (k === null || k < 0n) return carry(float(Number.NaN), n);
  if (k > 500n) return lossy(Number.POSITIVE_INFINITY);
  let out = 1n;
  for (let i = 2n; i <= k; i++) out *= i;
  return exact(rat(out), Number(out));
}

/** C(n, k) exactly for integers 0 <= k <= n <= 10000; anything else is left undefined (NaN). */
function binomial(n: Value, k: Value): Value {
  if (!n.r || !k.r || n.r.d !== 1n || k.r.d !== 1n || k.r.n < 0n || n.r.n > 10_000n || k.r.n > n.r.n)
    return float(Number.NaN);
  let kk = n.r.n - k.r.n;
  if (k.r.n < kk) kk = k.r.n;
  let out = 1n;
  for (let i = 1n; i <= kk; i++) out = (out * (n.r.n - kk + i)) / i;
  return exact(rat(out), Number(out));
}
