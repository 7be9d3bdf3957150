import { mulberry32 } from '../../core/prng.js';
import { BOOTSTRAP } from './bootstrap.js';

/** Regularised lower incomplete gamma P(a, x) by its series (Numerical Recipes 6.2), for the χ² tail. */
function lowerGammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  let sum = 1 / a;
  let term = sum;
  for (let n = 1; n < 500; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
  }
  const lnGammaHalf = 0.5723649429247001; // ln Γ(1/2) = ln √π, the only a used here
  return Math.exp(-x + a * Math.log(x) - lnGammaHalf) * sum;
}

/**
 * McNemar's test with continuity correction (McNemar 1947; Edwards 1948): b = rows only A got right, c = rows only
 * B got right, χ² = (|b − c| − 1)² / (b + c) on 1 degree of freedom. With b + c < 25 the exact two-sided
 * binomial p-value is used instead, as is usual for few discordant pairs.
 */
export function mcnemar(
  b: number,
  c: number,
): { b: number; c: number; statistic: number | null; p: number; exact: boolean } {
  const n = b + c;
  if (n === 0) return { b, c, statistic: null, p: 1, exact: true };
  if (n < 25) {
    const k = Math.min(b, c);
    let tail = 0;
    let coef = 1; // C(n, 0)
    for (let i = 0; i <= k; i++) {
      if (i > 0) coef = (coef * (n - i + 1)) / i;
      tail += coef;
    }
    return { b, c, statistic: null, p: Math.min(1, (2 * tail) / 2 ** n), exact: true };
  }
  const statistic = (Math.abs(b - c) - 1) ** 2 / n;
  return { b, c, statistic, p: 1 - lowerGammaP(0.5, statistic / 2), exact: false };
}

/**
 * Paired bootstrap of mean(a) − mean(b) over the same rows (Koehn 2004 style): a 95% percentile interval and the
 * two-sided share of resamples whose difference falls on the other side of 0.
 */
export function pairedBootstrap(
  a: readonly number[],
  b: readonly number[],
  options: { resamples?: number; seed?: number } = {},
): { difference: number; interval: [number, number]; p: number } {
  if (a.length !== b.length || a.length === 0) throw new Error('paired bootstrap needs two equal, non-empty lists');
  const n = a.length;
  const diff = a.map((x, i) => x - (b[i] as number));
  const observed = diff.reduce((s, x) => s + x, 0) / n;
  const rand = mulberry32(options.seed ?? BOOTSTRAP.seed);
  const resamples = options.resamples ?? BOOTSTRAP.resamples;
  const values: number[] = [];
  for (let r = 0; r < resamples; r++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += diff[Math.floor(rand() * n)] as number;
    values.push(s / n);
  }
  values.sort((x, y) => x - y);
  const q = (p: number) =>
    values[Math.min(values.length - 1, Math.max(0, Math.round((values.length - 1) * p)))] as number;
  const below = values.filter((v) => v <= 0).length / resamples;
  const above = values.filter((v) => v >= 0).length / resamples;
  return { difference: observed, interval: [q(0.025), q(0.975)], p: Math.min(1, 2 * Math.min(below, above)) };
}
