// From candidate scores to every number a benchmark reports: row outcomes, subset scores with bootstrap intervals,
// the headline (with a stratified interval), overall and macro accuracy, and the length baselines.
import { mulberry32 } from '../../core/prng.js';
import { BOOTSTRAP, bootstrapInterval, meanOf } from '../stats/bootstrap.js';
import type { BenchItem, CandidateScore, Mode, Suite } from '../suite.js';

export interface SubsetResult {
  n: number;
  /** The suite's own statistic for the subset (accuracy, F1, PRMScore, Ties formula...). */
  score: number | null;
  /** Bootstrap 95% interval of `score`. */
  interval: [number, number] | null;
  /** Mean row credit. */
  accuracy: number | null;
  unscored: number;
}

export interface Baseline {
  score: number | null;
  overall: number | null;
  subsets: Record<string, number | null>;
}

export interface BenchResults {
  suite: string;
  mode: Mode;
  rows: number;
  unscored: number;
  /** The benchmark's headline, by its own formula. */
  score: number | null;
  interval: [number, number] | null;
  /** Mean credit over all rows, and the unweighted mean of the subsets' mean credit. */
  overall: number | null;
  macro: number | null;
  subsets: Record<string, SubsetResult>;
  extra: Record<string, unknown>;
  /** What always picking the longer / the shorter response scores (null for step-level suites). */
  baselines: { longer: Baseline; shorter: Baseline } | null;
  bootstrap: { resamples: number; seed: number };
  warnings: string[];
}

/** One row as written to rows.jsonl: enough for `bench compare` and the report. */
export interface RowRecord {
  key: string;
  subset: string;
  credit: number;
  unscored: boolean;
  reason?: string;
  /** Every scored candidate (or step) with its label role and length in characters. */
  points: Array<{ role: 'chosen' | 'rejected'; score: number; length: number }>;
}

interface Scored {
  item: BenchItem;
  credit: number;
  unit: unknown;
}

function groupUnits(rows: readonly Scored[]): Record<string, unknown[]> {
  const by: Record<string, unknown[]> = {};
  for (const r of rows) (by[r.item.subset] ??= []).push(r.unit);
  return by;
}

function accuracyParts(rows: readonly Scored[]): { overall: number | null; macro: number | null } {
  const by: Record<string, number[]> = {};
  for (const r of rows) (by[r.item.subset] ??= []).push(r.credit);
  return {
    overall: meanOf(rows.map((r) => r.credit)),
    macro: meanOf(Object.values(by).map((xs) => meanOf(xs) as number)),
  };
}

/** The headline's interval: resample rows within each subset (stratified), recompute the headline. */
function headlineInterval(
  suite: Suite,
  by: Record<string, unknown[]>,
  resamples: number,
  seed: number,
): [number, number] | null {
  const rand = mulberry32(seed + 1);
  const values: number[] = [];
  for (let b = 0; b < resamples; b++) {
    const draw: Record<string, unknown[]> = {};
    for (const [k, units] of Object.entries(by)) draw[k] = units.map(() => units[Math.floor(rand() * units.length)]);
    const v = suite.headline(draw).score;
    if (v !== null && Number.isFinite(v)) values.push(v);
  }
  if (values.length === 0) return null;
  values.sort((a, b) => a - b);
  const q = (p: number) => {
    const pos = (values.length - 1) * p;
    const lo = Math.floor(pos);
    return (values[lo] as number) + ((values[Math.ceil(pos)] as number) - (values[lo] as number)) * (pos - lo);
  };
  return [q(0.025), q(0.975)];
}

function baseline(suite: Suite, items: readonly BenchItem[], sign: 1 | -1): Baseline {
  const rows = items.map((item) => {
    const scores: CandidateScore[] = item.candidates.map((c) => ({ score: sign * c.length }));
    return { item, ...suite.outcome(item, scores, 'pointwise') };
  });
  const by = groupUnits(rows);
  return {
    score: suite.headline(by).score,
    overall: accuracyParts(rows).overall,
    subsets: Object.fromEntries(Object.entries(by).map(([k, u]) => [k, suite.subsetScore(u)])),
  };
}

function points(item: BenchItem, scores: readonly CandidateScore[] | null, stepLevel: boolean): RowRecord['points'] {
  if (!scores) return [];
  if (stepLevel) {
    const steps = scores[0]?.steps ?? [];
    return steps.flatMap((score, j) => {
      const role = item.stepRoles?.[j];
      return role ? [{ role, score, length: item.steps?.[j]?.length ?? 0 }] : [];
    });
  }
  return scores.map((s, j) => ({
    role: item.roles[j] ?? 'rejected',
    score: s.score,
    length: item.candidates[j]?.length ?? 0,
  }));
}

/** Every number of a run; `problems` says why a row had no scores. */
export function evaluate(
  suite: Suite,
  items: readonly BenchItem[],
  scores: ReadonlyMap<string, CandidateScore[] | null>,
  problems: ReadonlyMap<string, string>,
  mode: Mode,
  options: { resamples?: number; seed?: number } = {},
): { results: BenchResults; rows: RowRecord[] } {
  const resamples = options.resamples ?? BOOTSTRAP.resamples;
  const seed = options.seed ?? BOOTSTRAP.seed;
  const scored: Scored[] = items.map((item) => ({ item, ...suite.outcome(item, scores.get(item.key) ?? null, mode) }));
  const by = groupUnits(scored);
  const unscoredBy: Record<string, number> = {};
  for (const r of scored) if (!scores.get(r.item.key)) unscoredBy[r.item.subset] = (unscoredBy[r.item.subset] ?? 0) + 1;
  const subsets: Record<string, SubsetResult> = {};
  for (const [name, units] of Object.entries(by)) {
    const credits = scored.filter((r) => r.item.subset === name).map((r) => r.credit);
    subsets[name] = {
      n: units.length,
      score: suite.subsetScore(units),
      interval: bootstrapInterval(units, (u) => suite.subsetScore(u), { resamples, seed }),
      accuracy: meanOf(credits),
      unscored: unscoredBy[name] ?? 0,
    };
  }
  const head = suite.headline(by);
  const unscored = Object.values(unscoredBy).reduce((a, b) => a + b, 0);
  const warnings: string[] = [];
  if (unscored > 0) {
    const reasons = new Map<string, number>();
    for (const p of problems.values()) {
      const r = p.split(':')[0] as string;
      reasons.set(r, (reasons.get(r) ?? 0) + 1);
    }
    warnings.push(
      `${unscored} of ${items.length} rows could not be scored and count as the benchmark counts a failed judgment (${[...reasons].map(([r, n]) => `${n} ${r}`).join(', ')}; see rows.jsonl)`,
    );
  }
  const results: BenchResults = {
    suite: suite.name,
    mode,
    rows: items.length,
    unscored,
    score: head.score,
    interval: headlineInterval(suite, by, resamples, seed),
    ...accuracyParts(scored),
    subsets,
    extra: head.extra ?? {},
    baselines: suite.stepLevel ? null : { longer: baseline(suite, items, 1), shorter: baseline(suite, items, -1) },
    bootstrap: { resamples, seed },
    warnings,
  };
  const rows: RowRecord[] = scored.map((r) => {
    const s = scores.get(r.item.key) ?? null;
    const reason = problems.get(r.item.key);
    return {
      key: r.item.key,
      subset: r.item.subset,
      credit: r.credit,
      unscored: s === null,
      ...(reason ? { reason } : {}),
      points: points(r.item, s, suite.stepLevel),
    };
  });
  return { results, rows };
}

/** Row keys must be unique: a repeated key would merge two rows' scores. */
export function checkUniqueKeys(items: readonly BenchItem[]): void {
  const seen = new Map<string, string>();
  for (const item of items) {
    const first = seen.get(item.key);
    if (first) throw new Error(`${item.where}: row id "${item.key}" repeats ${first}; ids must be unique in a run`);
    seen.set(item.key, item.where);
  }
}
