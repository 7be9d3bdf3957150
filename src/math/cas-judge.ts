// The CAS judge (runs in the worker): the fast judge first, then @cortex-js/compute-engine for parsing,
// symbolic difference, numeric evaluation with tolerance and random-point checks. It always decides.
import { ComputeEngine, type Expression } from '@cortex-js/compute-engine';
import { type CompareOptions, compareAnswers, type Judge, type Verdict } from './compare.js';
import { fastJudge, type JudgeOptions, roundedVerdict } from './fast-judge.js';
import { close, ENOUGH, type PointValue, proportionalVerdict, sampleAgreement } from './points.js';
import { decimalDigits } from './rational.js';
import type { Answer } from './structure.js';

let engine: ComputeEngine | undefined;
const parses = new Map<string, Expression>();

function ce(): ComputeEngine {
  engine ??= new ComputeEngine();
  return engine;
}

/** Parses LaTeX once per distinct string (gold answers repeat across a batch). */
function parse(tex: string): Expression {
  let hit = parses.get(tex);
  if (!hit) {
    // Decimals become exact fractions, so `1.5\sqrt{2}` and `\frac{3\sqrt{2}}{2}` cancel exactly.
    const exact = tex.replace(
      /(?<![\d.])(\d+)\.(\d{1,30})(?![\d.])/g,
      (_, w: string, f: string) => `\\frac{${w}${f}}{1${'0'.repeat(f.length)}}`,
    );
    hit = ce().parse(exact);
    if (parses.size > 5_000) parses.clear();
    parses.set(tex, hit);
  }
  return hit;
}

function realAt(expr: Expression, env: Map<string, number>, tol: number): PointValue {
  const value = expr.subs(Object.fromEntries(env)).N();
  const re = value.re;
  const im = value.im;
  if (Number.isFinite(im) && Math.abs(im) > tol * Math.max(1, Math.abs(re))) return { f: Number.NaN };
  // Past 1e300 a double has overflowed or is about to: the value proves nothing.
  return Math.abs(re) > 1e300 && Number.isFinite(re) ? { f: re, lossy: true } : { f: re };
}

function unknowns(...exprs: Expression[]): string[] {
  return [...new Set(exprs.flatMap((e) => [...e.unknowns]))].sort();
}

/** The CAS judge; never returns null. */
export function casJudge(opts: JudgeOptions): Judge {
  const fast = fastJudge(opts);
  return {
    scalar(gold, pred) {
      const quick = fast.scalar(gold, pred);
      if (quick) return quick;
      const a = parse(gold);
      const b = parse(pred);
      if (!a.isValid || !b.isValid) return { equal: false, rule: 'unparsable' };
      const vars = unknowns(a, b);
      if (vars.length === 0) {
        const diff = symbolicDifference(a, b);
        if (diff !== null) return diff;
        return constants(gold, pred, a, b, opts);
      }
      // Sample points first: cheap, and decisive unless the two sides have different domains.
      const tol = opts.tolerance;
      const sampled = sampleAgreement(
        (env) => realAt(a, env, tol),
        (env) => realAt(b, env, tol),
        vars,
        tol,
      );
      if (sampled.verdict) return sampled.verdict;
      const diff = symbolicDifference(a, b);
      if (diff?.equal === false) return diff;
      // compute-engine's isIdenticallyEqual samples points too, but skips those where a side is not real
      // and says true when the rest agree: `\\arcsin(5x)` and `\\arcsin(x)` are both real together only
      // at x = 0 among its points. A symbolic equality therefore stands only when our own points found
      // enough finite values where both sides agree (and none where they differ).
      const symbolic = diff?.equal === true || a.isIdenticallyEqual(b) === true;
      if (!symbolic) return { equal: false, rule: 'undecided' };
      return sampled.valid >= ENOUGH ? { equal: true, rule: 'symbolic' } : { equal: false, rule: 'unconfirmed' };
    },
    equation(gold, pred) {
      const quick = fast.equation(gold, pred);
      if (quick) return quick;
      const a = parse(`(${gold[0]})-(${gold[1]})`);
      const b = parse(`(${pred[0]})-(${pred[1]})`);
      if (!a.isValid || !b.isValid) return { equal: false, rule: 'unparsable' };
      const vars = unknowns(a, b);
      const tol = opts.tolerance;
      if (vars.length === 0) return { equal: false, rule: 'equation' };
      return (
        proportionalVerdict(
          (env) => realAt(a, env, tol),
          (env) => realAt(b, env, tol),
          vars,
          tol,
        ) ?? {
          equal: false,
          rule: 'equation',
        }
      );
    },
  };
}

/** a - b simplified: exactly 0 is equal; an exact non-zero rational (`10^{-12}`) is different, never "close". */
function symbolicDifference(a: Expression, b: Expression): Verdict {
  const d = ce().box(['Subtract', a, b]).simplify();
  // `isSame`, not `is`: `is` compares with a tolerance and would call 10^{-12} zero.
  if (d.isSame(0)) return { equal: true, rule: 'symbolic' };
  if ((d as { isNumberLiteral?: boolean }).isNumberLiteral === true && d.isRational === true)
    return { equal: false, rule: 'symbolic' };
  return null;
}

/** Two constant expressions: exact decimals stay exact; complex values compare both parts. */
function constants(gold: string, pred: string, a: Expression, b: Expression, opts: JudgeOptions): Verdict {
  const x = a.N();
  const y = b.N();
  const parts = [x.re, y.re, x.im, y.im];
  if (parts.some((v) => Number.isNaN(v))) return { equal: a.isSame(b), rule: 'structural' };
  // Infinite or overflowing values are equal only structurally (`\\infty` = `+\\infty`), never numerically.
  if (parts.some((v) => !Number.isFinite(v) || Math.abs(v) > 1e300)) return { equal: a.isSame(b), rule: 'infinity' };
  const decimalSide =
    decimalDigits(pred.trim()) !== null ? 'pred' : decimalDigits(gold.trim()) !== null ? 'gold' : null;
  if (decimalSide && x.im === 0 && y.im === 0) {
    const [dec, decValue, other] = decimalSide === 'pred' ? [pred, y.re, x.re] : [gold, x.re, y.re];
    return roundedVerdict(dec.trim(), decValue, other, opts) ?? { equal: false, rule: 'rounded-decimal' };
  }
  // A decimal inside a larger expression (`1.41421356237 \\cdot 1`) is an approximation too.
  if (opts.rounding === 'exact' && (/\d\.\d/.test(gold) || /\d\.\d/.test(pred)))
    return { equal: false, rule: 'inexact-decimal' };
  const equal = close(x.re, y.re, opts.tolerance, 1e-15) && close(x.im, y.im, opts.tolerance, 1e-15);
  return { equal, rule: 'numeric' };
}

/** Full comparison with the CAS judge; undecided never comes back. */
export function casCompare(gold: Answer, pred: Answer, opts: CompareOptions & JudgeOptions): Verdict {
  return compareAnswers(gold, pred, casJudge(opts), opts) ?? { equal: false, rule: 'undecided' };
}
