import { z } from 'zod';
import { defineComposite, RULE } from '../core/define.js';
import { scored } from '../core/outcome.js';
import { blockingChild, perSample, runChildren } from './children.js';

const params = z.object({
  normalize: z.boolean().default(false).describe('divide by the sum of absolute weights'),
});

/** Σ wᵢ·rᵢ over `terms` (weight defaults to 1); weight-0 terms are computed and logged but never change the score. */
export const weightedSum = defineComposite({
  kind: 'weighted-sum',
  description: 'Weighted sum of child rewards; weight-0 terms are logged metrics only',
  params,
  capabilities: { ...RULE },
  slots: { terms: 'many' },
  async run(samples, children, p) {
    const terms = children.terms ?? [];
    const weights = terms.map((t) => t.weight ?? 1);
    const active = terms.filter((_, i) => weights[i] !== 0);
    const byChild = await runChildren(terms, samples);
    const total = weights.reduce((a, w) => a + Math.abs(w), 0);
    // One shared (frozen) object: every result reports the same weights.
    const details = Object.freeze({ weights: Object.fromEntries(terms.map((t, i) => [t.name, weights[i]])) });
    return perSample(byChild, samples.length).map((results) => {
      const blocking = blockingChild(
        active,
        results.filter((_, i) => weights[i] !== 0),
      );
      if (blocking) return blocking;
      let sum = 0;
      results.forEach((r, i) => {
        if (weights[i] !== 0) sum += (weights[i] as number) * (r.score as number);
      });
      return scored(p.normalize && total > 0 ? sum / total : sum, details);
    });
  },
});
