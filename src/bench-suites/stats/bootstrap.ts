import { mulberry32 } from '../../core/prng.js';

/** Default resamples and seed for every interval (fixed, so a run is reproducible). */
export const BOOTSTRAP = { resamples: 1000, seed: 20240613 };

const quantile = (sorted: readonly number[], q: number): number => {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo);
};

/**
 * Percentile bootstrap 95% interval of `statistic` over `units` (Efron 1979): resample with replacement,
 * recompute, take the 2.5th and 97.5th percentiles. Resamples where the statistic is undefined are skipped.
 */
export function bootstrapInterval<U>(
  units: readonly U[],
  statistic: (sample: readonly U[]) => number | null,
  options: { resamples?: number; seed?: number } = {},
): [number, number] | null {
  const n = units.length;
  if (n === 0) return null;
  const rand = mulberry32(options.seed ?? BOOTSTRAP.seed);
  const values: number[] = [];
  const draw: U[] = new Array(n);
  for (let b = 0; b < (options.resamples ?? BOOTSTRAP.resamples); b++) {
    for (let i = 0; i < n; i++) draw[i] = units[Math.floor(rand() * n)] as U;
    const v = statistic(draw);
    if (v !== null && Number.isFinite(v)) values.push(v);
  }
  if (values.length === 0) return null;
  values.sort((a, b) => a - b);
  return [quantile(values, 0.025), quantile(values, 0.975)];
}

/** Mean of numbers, null when empty. */
export const meanOf = (xs: readonly number[]): number | null =>
  xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;
