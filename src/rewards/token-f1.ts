import { z } from 'zod';
import { defineReward, RULE } from '../core/define.js';
import { scored, unscorable } from '../core/outcome.js';
import { referenceStrings, responseText } from '../core/text.js';
import { conflictingResult, extractAnswer, extractorsParam } from './extract.js';
import { normalizeAnswer, normalizeParams } from './normalize.js';

const params = normalizeParams.extend({
  metric: z.enum(['f1', 'precision', 'recall']).default('f1'),
  extract: extractorsParam(['boxed', 'answer-tag', 'answer-phrase', 'whole']),
});

export interface TokenOverlap {
  precision: number;
  recall: number;
  f1: number;
}

// SQuAD v2.0 evaluate script, compute_f1: bag-of-tokens overlap; an empty side scores 1 only if both are empty.
export function tokenOverlap(prediction: string[], gold: string[]): TokenOverlap {
  if (prediction.length === 0 || gold.length === 0) {
    const same = prediction.length === gold.length ? 1 : 0;
    return { precision: same, recall: same, f1: same };
  }
  const counts = new Map<string, number>();
  for (const t of gold) counts.set(t, (counts.get(t) ?? 0) + 1);
  let common = 0;
  for (const t of prediction) {
    const left = counts.get(t) ?? 0;
    if (left > 0) {
      common++;
      counts.set(t, left - 1);
    }
  }
  if (common === 0) return { precision: 0, recall: 0, f1: 0 };
  const precision = common / prediction.length;
  const recall = common / gold.length;
  return { precision, recall, f1: (2 * precision * recall) / (precision + recall) };
}

/** SQuAD token F1 (or precision / recall) of the extracted answer, the max over references. */
export const tokenF1 = defineReward({
  kind: 'token-f1',
  description: 'SQuAD token-overlap F1 (or precision/recall) against the best-matching reference',
  source: 'SQuAD v1.1/v2.0 evaluation script (normalize_answer, f1_score, metric_max_over_ground_truths)',
  params,
  capabilities: { ...RULE, needsReference: true, bounds: [0, 1] },
  reference: z.union([z.string(), z.number(), z.array(z.union([z.string(), z.number()])).min(1)]),
  score(sample, p, reference) {
    const refs = referenceStrings(reference).map((r) => normalizeAnswer(r, p).split(/\s+/u).filter(Boolean));
    if (refs.every((r) => r.length === 0)) {
      return unscorable('unparsable-reference', 'every reference is empty after normalisation');
    }
    const found = extractAnswer(responseText(sample), p.extract);
    if (!found) return scored(0, { reason: 'no-answer' });
    const conflict = conflictingResult(found);
    if (conflict) return conflict;
    const tokens = normalizeAnswer(found.value, p).split(/\s+/u).filter(Boolean);
    let best = { precision: 0, recall: 0, f1: 0 };
    let bestAt = -1;
    refs.forEach((ref, i) => {
      if (ref.length === 0) return;
      const o = tokenOverlap(tokens, ref);
      if (bestAt < 0 || o[p.metric] > best[p.metric]) [best, bestAt] = [o, i];
    });
    return scored(best[p.metric], { ...best, matched: bestAt, rule: found.rule, tokens: tokens.length });
  },
});
