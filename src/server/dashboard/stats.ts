import type { Bin, Stats } from './api-types.js';

/** Quantile `q` of ascending `sorted` by linear interpolation (Hyndman & Fan type 7, numpy's default); null when empty. */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] as number;
  return a + (b - a) * (at - lo);
}

const ascending = (a: number, b: number): number => a - b;

/** n, mean, p10/p50/p90, min and max of `values` (sorted in place). */
export function summarize(values: number[]): Stats {
  values.sort(ascending);
  const n = values.length;
  let sum = 0;
  for (const v of values) sum += v;
  return {
    n,
    mean: n ? sum / n : null,
    p10: quantile(values, 0.1),
    p50: quantile(values, 0.5),
    p90: quantile(values, 0.9),
    min: n ? (values[0] as number) : null,
    max: n ? (values[n - 1] as number) : null,
  };
}

/** `bins` equal-width bins over [lo, hi], the last one closed; one bin when lo == hi. */
export function histogram(values: readonly number[], lo: number, hi: number, bins: number): Bin[] {
  if (!(hi > lo)) return [{ lo, hi: lo, n: values.length }];
  const width = (hi - lo) / bins;
  const out: Bin[] = Array.from({ length: bins }, (_, i) => ({ lo: lo + i * width, hi: lo + (i + 1) * width, n: 0 }));
  for (const v of values) {
    if (v < lo || v > hi) continue;
    const bin = out[Math.min(bins - 1, Math.floor((v - lo) / width))] as Bin;
    bin.n++;
  }
  return out;
}

/** Two-sample Kolmogorov-Smirnov statistic sup_x |F_a(x) - F_b(x)| over ascending `a` and `b` (as scipy.stats.ks_2samp's D). */
export function ksStatistic(a: readonly number[], b: readonly number[]): number | null {
  if (a.length === 0 || b.length === 0) return null;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < a.length && j < b.length) {
    const x = Math.min(a[i] as number, b[j] as number);
    while (i < a.length && (a[i] as number) <= x) i++;
    while (j < b.length && (b[j] as number) <= x) j++;
    d = Math.max(d, Math.abs(i / a.length - j / b.length));
  }
  return d;
}
