// Random-point checks shared by the fast judge and the CAS judge. The points are fixed (the reward is
// pure), non-integer, and include negatives, so `\sqrt{x^2}` and `x` disagree and poles at small
// integers are avoided.
import type { Verdict } from './compare.js';

/** Agreement closer than this (relative) is float noise; between this and the tolerance the CAS must decide. */
export const NOISE = 1e-13;

const TABLE = [-2.3171, 0.4137, 2.6457, -0.7389, 1.2913, -1.5511, 3.1891, 0.8123];

/** The sample points for a list of variables: TABLE.length points, each variable shifted differently. */
export function samplePoints(vars: readonly string[]): Array<Map<string, number>> {
  return TABLE.map(
    (_, i) => new Map(vars.map((v, k) => [v, (TABLE[(i + 3 * k) % TABLE.length] as number) * (1 + 0.137 * k)])),
  );
}

/**
 * |a - b| within `tol` relative to the larger magnitude (floor 1 at sample points, 1e-15 for constants).
 * Never true for a non-finite value: infinity minus anything is within any relative tolerance of
 * infinity, which made `\\infty` a master key.
 */
export function close(a: number, b: number, tol: number, floor: number): boolean {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  if (a === b) return true;
  return Math.abs(a - b) <= tol * Math.max(floor, Math.abs(a), Math.abs(b));
}

/** A value at one sample point; `lossy` when its float lost the value (overflow, underflow, absorption). */
export interface PointValue {
  f: number;
  lossy?: true;
}

/** Points where both sides are finite and agree that an equality from the sample points needs. */
export const ENOUGH = 4;

/**
 * Extra points for answers whose domain misses most of TABLE (`\\arcsin(5x)`, `\\sqrt{x-5}`):
 * magnitudes 1e-3 to 1e3 in steps of 10^(1/8), both signs, jittered off integers and powers of ten.
 */
const WIDE: number[] = Array.from(
  { length: 49 },
  (_, j) => 10 ** ((j - 24) / 8) * (1 + 0.0317 * ((j % 3) + 1)),
).flatMap((m) => [m, -m]);

type Env = Map<string, number>;
type Eval = (env: Env) => PointValue;

/** What the sample points showed: a verdict, and how many points had both sides finite and agreeing. */
export interface Agreement {
  verdict: Verdict;
  /** Points where both sides are finite and agree (0 when a verdict of unequal came first). */
  valid: number;
}

interface Tally {
  valid: number;
  domain: number;
  lossy: number;
  loose: boolean;
  found: Env[];
}

/**
 * One point. `extra` points (outside TABLE) use a relative comparison (floor 1e-3, so tiny values are not
 * all "equal") and skip lossy values instead of counting them. Returns a verdict of unequal or null.
 */
function visit(env: Env, a: Eval, b: Eval, tol: number, t: Tally, extra: boolean): Verdict {
  const x = a(env);
  const y = b(env);
  if (x.lossy || y.lossy) {
    if (!extra) t.lossy++;
    return null;
  }
  const fa = Number.isFinite(x.f);
  const fb = Number.isFinite(y.f);
  if (fa && fb) {
    const floor = extra ? 1e-3 : 1;
    if (!close(x.f, y.f, tol, floor)) return { equal: false, rule: 'random-points' };
    // Within tolerance but beyond float noise (`x^2 + 10^{-12}`): not proof of equality.
    if (!close(x.f, y.f, NOISE, floor)) t.loose = true;
    t.valid++;
    if (t.found.length < 3) t.found.push(env);
  } else if (fa !== fb) t.domain++;
  return null;
}

/** The k-th variable of extra point i, shifted per variable like samplePoints. */
function widePoint(vars: readonly string[], i: number): Env {
  return new Map(vars.map((v, k) => [v, (WIDE[(i + 7 * k) % WIDE.length] as number) * (1 + 0.137 * k)]));
}

/** Points close to one where both sides were finite: the shared domain may be a narrow interval. */
function around(env: Env, i: number): Env {
  const t = TABLE[i] as number;
  return new Map([...env].map(([v, x]) => [v, x + 0.01 * t * Math.max(Math.abs(x), 0.05)]));
}

/**
 * Compares two functions at sample points: any clear disagreement is a mismatch. When TABLE leaves
 * fewer than ENOUGH points where both sides are finite (a domain such as [-1, 1] or x > 5), a wide
 * scan of magnitudes and then points around those found search the shared domain. Points where a side
 * is lossy prove nothing; on TABLE they make the answers unequal (an overflowing answer is never equal
 * to anything by evaluation). `valid` is what a symbolic equality must be confirmed by.
 */
export function sampleAgreement(evalGold: Eval, evalPred: Eval, vars: readonly string[], tol: number): Agreement {
  const t: Tally = { valid: 0, domain: 0, lossy: 0, loose: false, found: [] };
  const unequal = (verdict: Verdict): Agreement => ({ verdict, valid: 0 });
  for (const env of samplePoints(vars)) {
    const v = visit(env, evalGold, evalPred, tol, t, false);
    if (v) return unequal(v);
  }
  if (t.lossy > 0) return unequal({ equal: false, rule: 'precision-loss' });
  if (t.valid < ENOUGH) {
    for (let i = 0; i < WIDE.length && t.valid < 2 * ENOUGH; i++) {
      const v = visit(widePoint(vars, i), evalGold, evalPred, tol, t, true);
      if (v) return unequal(v);
    }
  }
  if (t.valid > 0 && t.valid < ENOUGH) {
    for (const env of [...t.found]) {
      for (let i = 0; i < TABLE.length; i++) {
        const v = visit(around(env, i), evalGold, evalPred, tol, t, true);
        if (v) return unequal(v);
      }
    }
  }
  const equal = t.valid >= ENOUGH && t.domain === 0 && !t.loose;
  return { verdict: equal ? { equal: true, rule: 'random-points' } : null, valid: t.valid };
}

/** sampleAgreement's verdict alone. */
export function pointsVerdict(evalGold: Eval, evalPred: Eval, vars: readonly string[], tol: number): Verdict {
  return sampleAgreement(evalGold, evalPred, vars, tol).verdict;
}

/**
 * `l1 - r1` and `l2 - r2` proportional with a constant non-zero factor at every sample point. A point
 * where only one side is finite means different domains (`y = (\\sqrt{x})^2` is not `y = x`): never proof of equality.
 */
export function proportionalVerdict(
  diffGold: (env: Map<string, number>) => PointValue,
  diffPred: (env: Map<string, number>) => PointValue,
  vars: readonly string[],
  tol: number,
): Verdict {
  let ratio: number | null = null;
  let valid = 0;
  let domain = 0;
  for (const env of samplePoints(vars)) {
    const ga = diffGold(env);
    const gb = diffPred(env);
    if (ga.lossy || gb.lossy) return { equal: false, rule: 'precision-loss' };
    const a = ga.f;
    const b = gb.f;
    const fa = Number.isFinite(a);
    const fb = Number.isFinite(b);
    if (fa !== fb) domain++;
    if (!fa || !fb) continue;
    const za = Math.abs(a) < 1e-12;
    const zb = Math.abs(b) < 1e-12;
    if (za && zb) continue;
    if (za !== zb) return { equal: false, rule: 'equation' };
    const r = a / b;
    if (ratio === null) ratio = r;
    else if (!close(ratio, r, tol * 10, 0)) return { equal: false, rule: 'equation' };
    valid++;
  }
  return valid >= 4 && domain === 0 ? { equal: true, rule: 'equation' } : null;
}
