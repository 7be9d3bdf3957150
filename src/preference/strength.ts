// Preference strength from an ensemble of reward models (Secrets of RLHF II, arXiv 2401.06080, section 3).

/** Ensemble strength of one pair: the mean and population std of d_m = r_m(chosen) − r_m(rejected). */
export interface Strength {
  mean: number;
  std: number;
  /** Models that scored both sides (the others are listed in the row's report). */
  n: number;
}

// μ̂ = (1/M) Σ_m d_m, σ̂ = sqrt((1/M) Σ_m (d_m − μ̂)²) — population std, as in the paper.
export function preferenceStrength(diffs: readonly number[]): Strength {
  const n = diffs.length;
  if (n === 0) return { mean: Number.NaN, std: Number.NaN, n: 0 };
  const mean = diffs.reduce((a, b) => a + b, 0) / n;
  const std = Math.sqrt(diffs.reduce((a, d) => a + (d - mean) ** 2, 0) / n);
  return { mean, std, n };
}

/** What a pair's strength suggests: mislabelled (μ̂ < 0 beyond the ambiguity band), ambiguous (|μ̂| ≤ band), ok. */
export type StrengthFlag = 'mislabelled' | 'ambiguous' | 'ok';

export function strengthFlag(mean: number, ambiguousBand: number): StrengthFlag {
  if (Math.abs(mean) <= ambiguousBand) return 'ambiguous';
  return mean < 0 ? 'mislabelled' : 'ok';
}

/** The q-quantile (0..1) of sorted values, linear between closest ranks (numpy's default). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo);
}

/** One decile of pairs sorted by μ̂ ascending, as the paper's analysis groups them. */
export interface DecileRow {
  decile: number;
  n: number;
  meanMu: number;
  meanSigma: number;
  /** Share of pairs in the decile with μ̂ < 0. */
  negative: number;
}

/** Pairs sorted by μ̂ and cut into ten groups of (nearly) equal size. */
export function strengthDeciles(points: ReadonlyArray<{ mean: number; std: number }>): DecileRow[] {
  const sorted = [...points].sort((a, b) => a.mean - b.mean);
  const rows: DecileRow[] = [];
  for (let d = 0; d < 10; d++) {
    const part = sorted.slice(Math.floor((d * sorted.length) / 10), Math.floor(((d + 1) * sorted.length) / 10));
    if (part.length === 0) continue;
    rows.push({
      decile: d + 1,
      n: part.length,
      meanMu: part.reduce((a, p) => a + p.mean, 0) / part.length,
      meanSigma: part.reduce((a, p) => a + p.std, 0) / part.length,
      negative: part.filter((p) => p.mean < 0).length / part.length,
    });
  }
  return rows;
}
