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

/**
 * Compares two functions at the sample points: any clear disagreement is a mismatch. Points where a
 * side is lossy prove nothing; when no point is left to prove equality because of them, the answers
 * are unequal (an overflowing answer is never equal to anything by evaluation).
 */
export function pointsVerdict(
  evalGold: (env: Map<string, number>) => PointValue,
  evalPred: (env: Map<string, number>) => PointValue,
  vars: readonly string[],
  tol: number,
): Verdict {
  let valid = 0;
  let domain = 0;
  let lossy = 0;
  let loose = false;
  for (const env of samplePoints(vars)) {
    const a = evalGold(env);
    const b = evalPred(env);
    if (a.lossy || b.lossy) {
      lossy++;
      continue;
    }
    const fa = Number.isFinite(a.f);
    const fb = Number.isFinite(b.f);
    if (fa && fb) {
      if (!close(a.f, b.f, tol, 1)) return { equal: false, rule: 'random-points' };
      // Within tolerance but beyond float noise (`x^2 + 10^{-12}`): not proof of equality.
      if (!close(a.f, b.f, NOISE, 1)) loose = true;
      valid++;
    } else if (fa !== fb) domain++;
  }
  if (lossy > 0) return { equal: false, rule: 'precision-loss' };
  if (valid >= 4 && domain === 0 && !loose) return { equal: true, rule: 'random-points' };
  return null;
}

/** `l1 - r1` and `l2 - r2` proportional with a constant non-zero factor at every sample point. */
export function proportionalVerdict(
  diffGold: (env: Map<string, number>) => PointValue,
  diffPred: (env: Map<string, number>) => PointValue,
  vars: readonly string[],
  tol: number,
): Verdict {
  let ratio: number | null = null;
  let valid = 0;
  for (const env of samplePoints(vars)) {
    const ga = diffGold(env);
    const gb = diffPred(env);
    if (ga.lossy || gb.lossy) return { equal: false, rule: 'precision-loss' };
    const a = ga.f;
    const b = gb.f;
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
    const za = Math.abs(a) < 1e-12;
    const zb = Math.abs(b) < 1e-12;
    if (za && zb) continue;
    if (za !== zb) return { equal: false, rule: 'equation' };
    const r = a / b;
    if (ratio === null) ratio = r;
    else if (!close(ratio, r, tol * 10, 0)) return { equal: false, rule: 'equation' };
    valid++;
  }
  return valid >= 4 ? { equal: true, rule: 'equation' } : null;
}
