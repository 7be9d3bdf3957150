// Inequalities and `\ne` read as sets of reals: `x > 3` = (3, ∞), `1 < x \le 2` = (1, 2],
// `-x > -1` = (-∞, 1) (a negated variable), `1 \le |z| \le 2` = [-2, -1] ∪ [1, 2],
// `x \ne 3` = (-∞, 3) ∪ (3, ∞).
import type { Answer } from './structure.js';

const RELATIONS = /\\(?:leq?|geq?|leqslant|geqslant|lt|gt|neq?)(?![a-zA-Z])|<|>/;
const VARIABLE = /^(?:[a-zA-Z]|\\[a-zA-Z]+)(?:_\{?\w+\}?)?(?:\(\s*[a-zA-Z0-9]+\s*\))?$/;
const NEGATED = /^-\s*((?:[a-zA-Z]|\\[a-zA-Z]+)(?:_\{?\w+\}?)?)$/;

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
    // `-x > -1` is `x < 1`: a negated variable flips the relation. Other forms (`2x > 10`) are steps, not
    // answers in solved form, and stay unread.
    const negA = NEGATED.exec(a);
    const negB = NEGATED.exec(b);
    if (negA && !negB && !VARIABLE.test(b)) value = `-(${b})`;
    else if (negB && !negA && !VARIABLE.test(a)) {
      value = `-(${a})`;
      aVar = false;
    } else return null;
    if (negA) aVar = true;
    rel = { ...op, less: !op.less };
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
