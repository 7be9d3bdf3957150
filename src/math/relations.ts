// Inequalities and `\ne` read as sets of reals: `x > 3` = (3, ∞), `1 < x \le 2` = (1, 2],
// `-x > -1` = (-∞, 1) (a linear side solved for its variable), `1 \le |z| \le 2` = [-2, -1] ∪ [1, 2],
// `x \ne 3` = (-∞, 3) ∪ (3, ∞).
import { evaluate, parseFast } from './fast-eval.js';
import { type Rational, rat } from './rational.js';
import type { Answer } from './structure.js';

const RELATIONS = /\\(?:leq?|geq?|leqslant|geqslant|lt|gt|neq?)(?![a-zA-Z])|<|>/;
const VARIABLE = /^(?:[a-zA-Z]|\\[a-zA-Z]+)(?:_\{?\w+\}?)?(?:\(\s*[a-zA-Z0-9]+\s*\))?$/;

type Parse = (text: string) => Answer;

const inf = (neg: boolean): Answer => ({ type: 'expr', tex: neg ? '-\\infty' : '\\infty', percent: false });

function seq(lo: Answer, loOpen: boolean, hi: Answer, hiOpen: boolean): Answer {
  return { type: 'seq', open: loOpen ? '(' : '[', close: hiOpen ? ')' : ']', items: [lo, hi], fromInequality: true };
}

interface Relation {
  less: boolean;
  strict: boolean;
  ne: boolean;
}

function relation(op: string): Relation {
  const ne = /^\\ne/.test(op);
  return {
    ne,
    less: op === '<' || /^\\l/.test(op),
    strict: ne || op === '<' || op === '>' || op === '\\lt' || op === '\\gt',
  };
}

/** `x > 3`, `1 < x \le 2`, `3 \ge x`, `-x > -1`, `x \ne 3` as intervals or unions; null otherwise. */
export function inequalityInterval(s: string, parse: Parse): Answer | null {
  const pieces: string[] = [];
  const ops: Relation[] = [];
  let rest = s;
  for (let i = 0; i < 3; i++) {
    const m = RELATIONS.exec(rest);
    if (!m) break;
    pieces.push(rest.slice(0, m.index).trim());
    ops.push(relation(m[0]));
    rest = rest.slice(m.index + m[0].length);
  }
  if (ops.length === 0) return null;
  pieces.push(rest.trim());
  if (pieces.some((p) => !p)) return null;
  if (ops.length === 1) return single(pieces[0] as string, ops[0] as Relation, pieces[1] as string, parse);
  const [o1, o2] = ops as [Relation, Relation];
  if (ops.length === 2 && !o1.ne && !o2.ne && o1.less === o2.less) {
    const [a, mid, c] = pieces as [string, string, string];
    const [lo, hi, loStrict, hiStrict] = o1.less ? [a, c, o1.strict, o2.strict] : [c, a, o2.strict, o1.strict];
    const abs = /^\|\s*((?:[a-zA-Z]|\\[a-zA-Z]+)(?:_\{?\w+\}?)?)\s*\|$/.exec(mid);
    if (abs) {
      // lo ≤ |v| ≤ hi  ⇔  v ∈ [-hi, -lo] ∪ [lo, hi]
      const neg = (t: string) => parse(`-(${t})`);
      return {
        type: 'union',
        parts: [seq(neg(hi), hiStrict, neg(lo), loStrict), seq(parse(lo), loStrict, parse(hi), hiStrict)],
      };
    }
    if (VARIABLE.test(mid)) return seq(parse(lo), loStrict, parse(hi), hiStrict);
  }
  return null;
}

function single(a: string, op: Relation, b: string, parse: Parse): Answer | null {
  let aVar = VARIABLE.test(a);
  const bVar = VARIABLE.test(b);
  let value = aVar ? b : a;
  let rel = op;
  if (aVar === bVar) {
    const solved = solveLinear(a, b);
    if (!solved) return null;
    aVar = true;
    value = solved.root;
    // Dividing by a negative coefficient flips the relation.
    if (solved.negative) rel = { ...op, less: !op.less };
  }
  if (rel.ne)
    return {
      type: 'union',
      parts: [seq(inf(true), true, parse(value), true), seq(parse(value), true, inf(false), true)],
    };
  // x < v or v > x: the variable is below v.
  const below = aVar ? rel.less : !rel.less;
  return below ? seq(inf(true), true, parse(value), rel.strict) : seq(parse(value), rel.strict, inf(false), true);
}

/** `a·v + b <op> c·v + d` with rational coefficients in one variable: the root and the sign of a - c. */
function solveLinear(left: string, right: string): { root: string; negative: boolean } | null {
  const diff = `(${left})-(${right})`;
  const f = parseFast(diff);
  const name = f?.vars.length === 1 ? (f.vars[0] as string) : null;
  if (!name || !/^[a-zA-Z]$/.test(name)) return null;
  const at = (t: number): Rational | null => {
    const g = parseFast(diff.replace(new RegExp(`(?<![\\\\a-zA-Z])${name}(?![a-zA-Z])`, 'g'), `(${t})`));
    return g && g.vars.length === 0 ? evaluate(g.root, new Map()).r : null;
  };
  const f0 = at(0);
  const f1 = at(1);
  const f2 = at(2);
  if (!f0 || !f1 || !f2) return null;
  // Linear iff f(2) - f(1) = f(1) - f(0); the slope must not vanish.
  const s1 = rat(f1.n * f0.d - f0.n * f1.d, f1.d * f0.d);
  const s2 = rat(f2.n * f1.d - f1.n * f2.d, f2.d * f1.d);
  if (!s1 || !s2 || s1.n !== s2.n || s1.d !== s2.d || s1.n === 0n) return null;
  const root = rat(-f0.n * s1.d, f0.d * s1.n);
  if (!root) return null;
  const tex = root.d === 1n ? `${root.n}` : `\\frac{${root.n}}{${root.d}}`;
  return { root: tex, negative: s1.n < 0n };
}
