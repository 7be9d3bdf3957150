// Structural comparison of a gold answer with a predicted one. Leaves go to a judge that may answer
// "undecided" (null); the main thread uses the fast judge and sends undecided cases to the CAS worker.
import { type Answer, isLabel, labelKey, parseAnswer } from './structure.js';

/** equal + the rule that decided, or null when the judge cannot decide without the CAS. */
export type Verdict = { equal: boolean; rule: string } | null;

/** How several answers compare: the same set (default), every gold answer present, or any one shared. */
export type ListPolicy = 'set' | 'all' | 'any';
/** How `\%` is read: must match on both sides (default), as /100, or dropped. */
export type PercentPolicy = 'exact' | 'value' | 'ignore';

/** Equation chains (`x = 5+5+1 = 11`): every link must hold (`strict`) or only the last side counts (`last`). */
export type ChainPolicy = 'strict' | 'last';

export interface CompareOptions {
  lists: ListPolicy;
  percent: PercentPolicy;
  chains: ChainPolicy;
  /** Accept a relation (`-2 \\le x \\le 7`) for a gold written as a set or interval (`[-2, 7]`). */
  setRelation?: boolean;
  /** Accept a bare list `1, 3` for a gold tuple or open interval `(1, 3)` with the items in order. */
  looseTuples?: boolean;
}

/** Compares two leaf expressions or two equations; `null` means undecided. */
export interface Judge {
  scalar(gold: string, pred: string): Verdict;
  /** Are `l1 = r1` and `l2 = r2` the same equation (l - r proportional)? */
  equation(gold: [string, string], pred: [string, string]): Verdict;
}

const yes = (rule: string): Verdict => ({ equal: true, rule });
const no = (rule: string): Verdict => ({ equal: false, rule });

/** Compares gold with pred; null when a leaf needs the CAS. */
export function compareAnswers(gold: Answer, pred: Answer, judge: Judge, opts: CompareOptions): Verdict {
  if (gold.type === 'set' && !gold.braces && gold.items.length === 1)
    return compareAnswers(gold.items[0] as Answer, pred, judge, opts);
  if (pred.type === 'set' && pred.items.length === 1 && gold.type !== 'set')
    return compareAnswers(gold, pred.items[0] as Answer, judge, opts);
  if (opts.looseTuples && gold.type === 'seq' && gold.open === '(' && gold.close === ')' && pred.type === 'set') {
    // Math-Verify reads a bare pair `1, 3` as the tuple `(1, 3)`.
    if (!pred.braces && pred.items.length === gold.items.length)
      return tag(
        allOf(gold.items.map((g, i) => () => compareAnswers(g, pred.items[i] as Answer, judge, opts))),
        'loose-tuple',
      );
  }
  if (gold.type === 'set' || pred.type === 'set') {
    const g = gold.type === 'set' ? gold.items : [gold];
    const p = pred.type === 'set' ? pred.items : [pred];
    return compareSets(g, p, judge, opts);
  }
  if (gold.type === 'choice' || pred.type === 'choice') {
    return gold.type === 'choice' && pred.type === 'choice'
      ? verdict(gold.letter === pred.letter, 'choice')
      : no('choice');
  }
  if (gold.type === 'equation' || pred.type === 'equation') return compareEquations(gold, pred, judge, opts);
  if (gold.type === 'text' || pred.type === 'text') return compareText(gold, pred);
  if (gold.type === 'seq' || pred.type === 'seq') return compareSeq(gold, pred, judge, opts);
  if (gold.type === 'union' || pred.type === 'union') {
    if (gold.type !== 'union' || pred.type !== 'union') return no('union');
    return tag(compareSets(gold.parts, pred.parts, judge, { ...opts, lists: 'set' }), 'union');
  }
  if (gold.type === 'matrix' || pred.type === 'matrix') return compareMatrix(gold, pred, judge, opts);
  return compareExpr(gold, pred, judge, opts);
}

function verdict(equal: boolean, rule: string): Verdict {
  return { equal, rule };
}

function tag(v: Verdict, rule: string): Verdict {
  return v === null ? null : { equal: v.equal, rule: v.equal ? `${rule}(${v.rule})` : `${rule}: ${v.rule}` };
}

function compareExpr(gold: Answer, pred: Answer, judge: Judge, opts: CompareOptions): Verdict {
  if (gold.type !== 'expr' || pred.type !== 'expr') return no('type');
  if (opts.percent === 'exact' && gold.percent !== pred.percent) return no('percent');
  const scale = (a: { tex: string; percent: boolean }) =>
    opts.percent === 'value' && a.percent ? `\\frac{${a.tex}}{100}` : a.tex;
  return judge.scalar(scale(gold), scale(pred));
}

function compareText(gold: Answer, pred: Answer): Verdict {
  const text = (a: Answer) => (a.type === 'text' ? a.value : a.type === 'expr' ? a.tex.toLowerCase() : null);
  const g = text(gold);
  const p = text(pred);
  return verdict(g !== null && p !== null && g.replace(/\s+/g, '') === p.replace(/\s+/g, ''), 'text');
}

/** Tuples and intervals: same brackets, same length, equal items in order. */
function compareSeq(gold: Answer, pred: Answer, judge: Judge, opts: CompareOptions): Verdict {
  if (gold.type !== 'seq' || pred.type !== 'seq') return no('tuple-vs-other');
  // An inequality answer only matches a gold that is surely an interval, never a bare pair (anti-hack).
  if (pred.fromInequality && !gold.fromInequality && !surelyInterval(gold) && !opts.setRelation)
    return no('inequality-vs-tuple');
  if (gold.open !== pred.open || gold.close !== pred.close) return no('brackets');
  if (gold.items.length !== pred.items.length) return no('length');
  return tag(allOf(gold.items.map((g, i) => () => compareAnswers(g, pred.items[i] as Answer, judge, opts))), 'tuple');
}

function surelyInterval(a: Answer): boolean {
  if (a.type !== 'seq' || a.items.length !== 2) return false;
  if ((a.open === '(') !== (a.close === ')')) return true;
  return a.items.some((i) => i.type === 'expr' && /\\infty/.test(i.tex));
}

function compareMatrix(gold: Answer, pred: Answer, judge: Judge, opts: CompareOptions): Verdict {
  if (gold.type !== 'matrix' || pred.type !== 'matrix') return no('matrix-vs-other');
  if (gold.rows.length !== pred.rows.length || gold.rows.some((r, i) => r.length !== pred.rows[i]?.length))
    return no('matrix-shape');
  const cells = gold.rows.flatMap((row, i) =>
    row.map((g, j) => () => compareAnswers(g, pred.rows[i]?.[j] as Answer, judge, opts)),
  );
  return tag(allOf(cells), 'matrix');
}

/** True if every check is true; false as soon as one is false; null if some are undecided. */
function allOf(checks: Array<() => Verdict>): Verdict {
  let undecided = false;
  let rule = 'empty';
  for (const check of checks) {
    const v = check();
    if (v === null) undecided = true;
    else if (!v.equal) return v;
    else rule = v.rule;
  }
  return undecided ? null : yes(rule);
}

/** Set-like comparison under the list policy; a missing or extra answer is a mismatch under `set`. */
function compareSets(gold: Answer[], pred: Answer[], judge: Judge, opts: CompareOptions): Verdict {
  if (gold.length === 0 || pred.length === 0) return verdict(gold.length === pred.length, 'set');
  const m = gold.map((g) => pred.map((p) => compareAnswers(g, p, judge, opts)));
  const covered = (vs: Verdict[]) => (vs.some((v) => v?.equal) ? true : vs.some((v) => v === null) ? null : false);
  const goldCovered = m.map(covered);
  const predCovered = pred.map((_, j) => covered(m.map((row) => row[j] as Verdict)));
  const all = (xs: Array<boolean | null>) => (xs.includes(false) ? false : xs.includes(null) ? null : true);
  let result: boolean | null;
  if (opts.lists === 'any') result = m.flat().some((v) => v?.equal) ? true : m.flat().includes(null) ? null : false;
  else if (opts.lists === 'all') result = all(goldCovered);
  else {
    const g = all(goldCovered);
    const p = all(predCovered);
    result = g === false || p === false ? false : g === null || p === null ? null : true;
  }
  if (result === null) return null;
  const missing = goldCovered.includes(false);
  return result ? yes(`set-${opts.lists}`) : no(missing ? 'set: missing answers' : 'set: extra answers');
}

/** Equations: same equation up to a factor, or a labelled answer `x = v`, `(p,q) = (3,2)` read as its value. */
function compareEquations(gold: Answer, pred: Answer, judge: Judge, opts: CompareOptions): Verdict {
  const g = opts.chains === 'last' ? lastLink(gold) : gold;
  const p = opts.chains === 'last' ? lastLink(pred) : pred;
  if (g.type === 'equation' && p.type === 'equation' && g.sides.length === 2 && p.sides.length === 2) {
    const [gl, gr] = g.sides as [string, string];
    const [pl, pr] = p.sides as [string, string];
    if (isLabel(gl) && isLabel(pl)) {
      if (labelKey(gl) !== labelKey(pl)) return no('equation: different label');
      return tag(compareAnswers(parseValue(gr), parseValue(pr), judge, opts), 'labelled');
    }
    return judge.equation([gl, gr], [pl, pr]);
  }
  const gv = assignedValue(g, judge, opts.chains, true);
  const pv = assignedValue(p, judge, opts.chains, false);
  if (gv === null || pv === null) return null;
  if (gv === false || pv === false) return no('equation-vs-value');
  return tag(compareAnswers(gv, pv, judge, opts), 'value');
}

/** Under `chains: last`, `x = a = b = c` is `x = c` (label kept) and `a = b = c` is `c`. */
function lastLink(a: Answer): Answer {
  if (a.type !== 'equation' || a.sides.length < 3) return a;
  const first = a.sides[0] as string;
  const last = a.sides[a.sides.length - 1] as string;
  return isLabel(first) ? { type: 'equation', sides: [first, last] } : parseValue(last);
}

/** The value side of a labelled answer, parsed like an answer (`(3,2)` is a tuple). */
const parseValue = (tex: string): Answer => parseAnswer(tex, 1);

/**
 * `x = 3` -> 3; `2+3 = 5` -> 5 when every side agrees (under `chains: strict`); an equation in unknowns has
 * no single value.
 */
function assignedValue(a: Answer, judge: Judge, chains: ChainPolicy, isGold: boolean): Answer | null | false {
  if (a.type !== 'equation') return a;
  const last = a.sides[a.sides.length - 1] as string;
  // Math-Verify reads a predicted equation compared with a value as its last side (a gold one only when
  // it is an assignment: `2x + z = 1` is not the value 1).
  if (chains === 'last' && (!isGold || isLabel(a.sides[0] as string))) return parseValue(last);
  for (const side of a.sides.slice(0, -1)) {
    if (isLabel(side)) continue;
    if (/[a-zA-Z]/.test(side.replace(/\\(?:frac|sqrt|cdot|times|div|pi)/g, ''))) return false;
    const v = judge.scalar(last, side);
    if (v === null) return null;
    if (!v.equal) return false;
  }
  return parseValue(last);
}
