import type { ToolCall } from './parse.js';
import { pyEqual } from './py-equal.js';

/** How calls are matched: ToolRL's default partial credit, or its REFINED / INTERMEDIATE / COARSE ablations. */
export type Matching = 'partial' | 'strict' | 'intermediate' | 'coarse';

/** ToolRL `match_score` (rlla.py): 1 for equal lists, else multiset Jaccard (0 when either is empty; 0 under strict). */
export function matchScore(a: readonly string[], b: readonly string[], strict = false): number {
  if (a.length === b.length && a.every((x, i) => x === b[i])) return 1;
  if (strict || a.length === 0 || b.length === 0) return 0;
  const count = (list: readonly string[]) =>
    list.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>());
  const ca = count(a);
  const cb = count(b);
  let shared = 0;
  for (const [k, n] of ca) shared += Math.min(n, cb.get(k) ?? 0);
  const union = a.length + b.length - shared;
  return union > 0 ? shared / union : 0;
}

/** ToolRL tool-call correctness (rlla.py `compute_tool_call_reward`): (max − min)·S/Smax + min, max for an exact match. */
export function toolCallCorrectness(
  truth: readonly ToolCall[],
  predicted: readonly ToolCall[],
  range: { max: number; min: number },
  matching: Matching = 'partial',
): { score: number; matched: number; possible: number } {
  if (pyEqual(truth, predicted)) return { score: range.max, matched: 1, possible: 1 };
  if (matching === 'coarse') return { score: range.min, matched: 0, possible: 1 };
  const strict = matching === 'strict';
  let matched = matchScore(
    truth.map((t) => t.name),
    predicted.map((p) => p.name),
    strict,
  );
  let possible = 1;
  const used = new Set<number>();
  for (const gt of truth) {
    const keys = Object.keys(gt.parameters);
    possible += matching === 'intermediate' ? 1 : 1 + keys.length;
    let best = -1;
    let bestScore = 0;
    for (let i = 0; i < predicted.length; i++) {
      const pd = predicted[i] as ToolCall;
      if (used.has(i) || pd.name !== gt.name) continue;
      if (matching === 'intermediate') {
        if (pyEqual(gt, pd)) {
          best = i;
          bestScore = 1;
          break;
        }
        continue;
      }
      const keyScore = matchScore(keys, Object.keys(pd.parameters), strict);
      const valueScore = keys.filter(
        (k) => Object.hasOwn(pd.parameters, k) && pyEqual(pd.parameters[k], gt.parameters[k]),
      ).length;
      // Strictly better only: the first of equal candidates wins, and a 0 never consumes a call.
      if (keyScore + valueScore > bestScore) {
        bestScore = keyScore + valueScore;
        best = i;
      }
    }
    if (best >= 0) {
      used.add(best);
      matched += bestScore;
    }
  }
  return { score: ((range.max - range.min) * matched) / possible + range.min, matched, possible };
}
