// Group-level nodes that weight or standardise rewards across a prompt's rollouts: BLEUBERI's z-score mix
// and PC-GRPO's difficulty curriculum.
import { z } from 'zod';
import { blockingChild } from '../compose/children.js';
import { defineComposite, type NodeHandle } from '../core/define.js';
import { failed } from '../core/outcome.js';
import type { RewardResult } from '../core/types.js';
import { curriculumWeight } from './group-nodes.js';
import { GROUP_CAPS, grouped, groupSizeParams } from './groups.js';
import { mean, stdDev } from './math.js';
import { only, shaped } from './node.js';

/** z-scores within one group; a constant column gives zeros. */
function zScores(xs: readonly number[], std: 'sample' | 'population', epsilon: number): number[] {
  const m = mean(xs);
  const s = stdDev(xs, std);
  return xs.map((x) => (s === 0 ? 0 : (x - m) / (s + epsilon)));
}

/**
 * BLEUBERI's `bleu_rm` reward (Chang et al. 2025): z-score each term within the group, then average them
 * (weighted by term weights; weight-0 terms are logged only).
 */
export const groupZscoreMix = defineComposite({
  kind: 'group-zscore-mix',
  description: 'Z-score each reward within its group, then take their (weighted) mean (BLEUBERI bleu_rm)',
  source: 'Chang et al. 2025, BLEUBERI (lilakk/BLEUBERI training/utils.py, bleu_rm)',
  params: z.object({
    std: z.enum(['population', 'sample']).default('population').describe('n (numpy) or n − 1 in the std'),
    epsilon: z.number().min(0).default(0).describe('added to the std'),
    ...groupSizeParams,
  }),
  capabilities: GROUP_CAPS,
  slots: { terms: 'many' },
  async run(samples, children, p) {
    const terms = (children.terms ?? []).filter((t) => t.weight !== 0);
    const metrics = (children.terms ?? []).filter((t) => t.weight === 0);
    await Promise.all(metrics.map((m) => m.run(samples)));
    const w = terms.map((t) => t.weight ?? 1);
    const total = w.reduce((a, b) => a + b, 0);
    const usable = (row: RewardResult[]) => blockingChild(terms, row);
    return grouped('group-zscore-mix', samples, terms, usable, 2, p.groupSize, (members, rows, out) => {
      const zs = terms.map((_, k) =>
        zScores(
          members.map((i) => rows[i]?.[k]?.score as number),
          p.std,
          p.epsilon,
        ),
      );
      members.forEach((i, j) => {
        const z = Object.fromEntries(terms.map((t, k) => [t.name, zs[k]?.[j] as number]));
        const sum = zs.reduce((acc, col, k) => acc + (w[k] as number) * (col[j] as number), 0);
        out[i] = shaped(total === 0 ? 0 : sum / total, { z });
      });
    });
  },
});

/**
 * PC-GRPO's difficulty-aware curriculum (a reconstruction; constants not published). Difficulty d = 1 − mean
 * of the `reward` child (in [0, 1]) over the group; the node scores `target` (default: the reward itself)
 * times w(d) = 4d(1 − d), or exp(−(d − 0.5)²/2σ²), so medium-difficulty groups weigh most. Put a
 * `grpo-normalize` node in `target` to weight advantages, as the paper does.
 */
export const curriculumWeightNode = defineComposite({
  kind: 'curriculum-weight',
  description: 'PC-GRPO medium-difficulty weight: target · w(d), d = 1 − group mean reward (reconstruction)',
  source: 'Reconstruction of PC-GRPO (Jeddi et al., arXiv 2512.14944) difficulty-aware curriculum',
  params: z.object({
    shape: z.enum(['quadratic', 'gaussian']).default('quadratic').describe('4d(1−d), or exp(−(d−0.5)²/2σ²)'),
    sigma: z.number().positive().default(0.2).describe('width of the gaussian shape'),
    ...groupSizeParams,
  }),
  capabilities: GROUP_CAPS,
  slots: { reward: 'one', target: 'optional' },
  async run(samples, children, p) {
    const reward = only(children, 'reward');
    const target = children.target?.[0];
    const slots: NodeHandle[] = target ? [reward, target] : [reward];
    const usable = (row: RewardResult[]) => {
      const blocking = blockingChild(slots, row);
      if (blocking) return blocking;
      const r = row[0]?.score as number;
      if (r < 0 || r > 1)
        return failed('child-failed', `${reward.name}: curriculum-weight needs rewards in [0, 1], got ${r}`);
      return undefined;
    };
    return grouped('curriculum-weight', samples, slots, usable, 1, p.groupSize, (members, rows, out) => {
      const m = mean(members.map((i) => rows[i]?.[0]?.score as number));
      const weight = curriculumWeight(m, p.shape, p.sigma);
      for (const i of members) {
        const value = rows[i]?.[target ? 1 : 0]?.score as number;
        out[i] = shaped(value * weight, { input: value, difficulty: 1 - m, weight });
      }
    });
  },
});
