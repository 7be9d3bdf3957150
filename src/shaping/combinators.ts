import { z } from 'zod';
import { blockingChild, perSample, runChildren } from '../compose/children.js';
import { defineComposite } from '../core/define.js';
import { SHAPING, shaped } from './node.js';

/**
 * A node combining its `terms` sample by sample. Weight-0 terms are metrics: computed and shown in the
 * breakdown, never part of the score and never blocking it.
 */
function defineCombinator(kind: string, description: string, combine: (scores: number[], weights: number[]) => number) {
  return defineComposite({
    kind,
    description,
    params: z.object({}).strict(),
    capabilities: { ...SHAPING },
    slots: { terms: 'many' },
    async run(samples, children) {
      const terms = children.terms ?? [];
      const active = terms.map((t) => t.weight !== 0);
      const byChild = await runChildren(terms, samples);
      return perSample(byChild, samples.length).map((results) => {
        const used = results.filter((_, i) => active[i]);
        const blocking = blockingChild(
          terms.filter((_, i) => active[i]),
          used,
        );
        if (blocking) return blocking;
        if (used.length === 0) return shaped(0, { note: 'every term has weight 0' });
        const scores = used.map((r) => r.score as number);
        const weights = terms.filter((_, i) => active[i]).map((t) => t.weight ?? 1);
        return shaped(combine(scores, weights), {
          inputs: Object.fromEntries(terms.map((t, i) => [t.name, results[i]?.score ?? null])),
        });
      });
    },
  });
}

/** Weighted mean Σwᵢrᵢ / Σwᵢ (weights default 1). */
export const meanNode = defineCombinator(
  'mean',
  'Weighted mean of child rewards (weight-0 terms are metrics)',
  (xs, w) => {
    const total = w.reduce((a, b) => a + b, 0);
    return total === 0 ? 0 : xs.reduce((acc, x, i) => acc + (w[i] as number) * x, 0) / total;
  },
);

/** The smallest child reward: every property must be good (weights other than 0 are ignored). */
export const minNode = defineCombinator('min', 'Minimum of child rewards (a hard AND)', (xs) =>
  xs.reduce((a, b) => Math.min(a, b), Infinity),
);

/** The largest child reward: any property may be good (weights other than 0 are ignored). */
export const maxNode = defineCombinator('max', 'Maximum of child rewards (an OR)', (xs) =>
  xs.reduce((a, b) => Math.max(a, b), -Infinity),
);

/** The product of child rewards, e.g. correctness × format in [0, 1] (weights other than 0 are ignored). */
export const productNode = defineCombinator(
  'product',
  'Product of child rewards (a soft AND for [0,1] rewards)',
  (xs) => xs.reduce((a, b) => a * b, 1),
);
