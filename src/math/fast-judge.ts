// The main-thread judge: exact rationals and float evaluation of simple expressions, no CAS.
import type { Judge, Verdict } from './compare.js';
import { evaluate, type FastExpr, parseFast } from './fast-eval.js';
import { comparisonKey } from './normalize.js';
import { close, NOISE, pointsVerdict, proportionalVerdict } from './points.js';
import { decimalDigits, ratEqual } from './rational.js';

/** How a decimal answer is compared with a value that is not exactly that decimal. */
export type RoundingPolicy = 'exact' | 'match-digits' | 'float-rounding';

export interface JudgeOptions {
  /** Relative tolerance for values that are not exact rationals (default 1e-9). */
  tolerance: number;
  rounding: RoundingPolicy;
  /** Decimal places both sides are rounded to under `float-rounding` (Math-Verify's float_rounding, 6). */
  floatRounding?: number;
}

const EMPTY = new Map<string, number>();

/** A pure decimal literal (`0.333`, `-2.50`), the only thing the rounding policy applies to. */
function pureDecimal(tex: string): number | null {
  return decimalDigits(tex.replace(/\s+/g, ''));
}

/** Decides a rounded decimal against a non-exact value; null leaves it to the CAS. */
export function roundedVerdict(decimalTex: string, decimal: number, other: number, opts: JudgeOptions): Verdict {
  const digits = pureDecimal(decimalTex) as number;
  const half = 0.5 * 10 ** -digits * (1 + 1e-9);
  if (opts.rounding === 'float-rounding') {
    // Math-Verify: both rounded to float_rounding places, then compared.
    const places = opts.floatRounding ?? 6;
    const round = (x: number) => Math.round(x * 10 ** places);
    return { equal: round(decimal) === round(other), rule: 'float-rounding' };
  }
  if (Math.abs(decimal - other) > half) return { equal: false, rule: 'numeric' };
  if (opts.rounding === 'match-digits') return { equal: true, rule: 'rounded-decimal' };
  return null;
}

/** Builds the fast judge; `cache` keeps parses of gold answers across a batch. */
export function fastJudge(opts: JudgeOptions, cache?: Map<string, FastExpr | null>): Judge {
  const parse = (tex: string): FastExpr | null => {
    if (!cache) return parseFast(tex);
    let hit = cache.get(tex);
    if (hit === undefined && !cache.has(tex)) {
      hit = parseFast(tex);
      if (cache.size > 10_000) cache.clear();
      cache.set(tex, hit);
    }
    return hit ?? null;
  };
  return {
    scalar(gold, pred) {
      if (comparisonKey(gold) === comparisonKey(pred)) return { equal: true, rule: 'string' };
      const g = parse(gold);
      const p = parse(pred);
      if (!g || !p) return null;
      const vars = [...new Set([...g.vars, ...p.vars])];
      if (vars.length > 0) {
        return pointsVerdict(
          (env) => evaluate(g.root, env),
          (env) => evaluate(p.root, env),
          vars,
          opts.tolerance,
        );
      }
      const a = evaluate(g.root, EMPTY);
      const b = evaluate(p.root, EMPTY);
      const gd = pureDecimal(gold) !== null;
      const pd = pureDecimal(pred) !== null;
      if (a.r && b.r) {
        const rule = g.root.t === 'num' && p.root.t === 'num' ? 'number' : 'exact';
        if (ratEqual(a.r, b.r)) return { equal: true, rule };
        // 0.333 vs 1/3 under `match-digits`: the decimal side is compared after rounding the other.
        if (opts.rounding !== 'exact' && gd !== pd) {
          const v = gd ? roundedVerdict(gold, a.f, b.f, opts) : roundedVerdict(pred, b.f, a.f, opts);
          if (v) return v;
        }
        return { equal: false, rule };
      }
      // An overflowed, underflowed or absorbed value is never equal to anything by evaluation.
      if (a.lossy || b.lossy) return { equal: false, rule: 'precision-loss' };
      // Past exact rationals, infinity (the literal `\\infty`, or a rational too large for a double)
      // equals only the same infinity, and only when neither side is an exact finite value.
      if (Math.abs(a.f) === Number.POSITIVE_INFINITY || Math.abs(b.f) === Number.POSITIVE_INFINITY)
        return a.r || b.r ? { equal: false, rule: 'infinity' } : { equal: a.f === b.f, rule: 'infinity' };
      if (!Number.isFinite(a.f) || !Number.isFinite(b.f)) return null;
      // A decimal inside an irrational expression is an approximation: only the CAS may call it equal.
      const approximate = (g.decimal && !gd) || (p.decimal && !pd);
      if (pd && b.r && !a.r) return roundedVerdict(pred, b.f, a.f, opts);
      if (gd && a.r && !b.r) return roundedVerdict(gold, a.f, b.f, opts);
      // Near zero, or within tolerance but beyond float noise (`\\pi + 10^{-12}`): the CAS decides exactly.
      if (Math.max(Math.abs(a.f), Math.abs(b.f)) < 1e-12) return a.f === b.f ? { equal: true, rule: 'numeric' } : null;
      if (!close(a.f, b.f, opts.tolerance, 0)) return { equal: false, rule: 'numeric' };
      return close(a.f, b.f, NOISE, 0) && !approximate ? { equal: true, rule: 'numeric' } : null;
    },
    equation([gl, gr], [pl, pr]) {
      const g = parse(`(${gl})-(${gr})`);
      const p = parse(`(${pl})-(${pr})`);
      if (!g || !p) return null;
      const vars = [...new Set([...g.vars, ...p.vars])];
      if (vars.length === 0) return null;
      return proportionalVerdict(
        (env) => evaluate(g.root, env),
        (env) => evaluate(p.root, env),
        vars,
        opts.tolerance,
      );
    },
  };
}
