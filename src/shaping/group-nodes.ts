import { z } from 'zod';
import { defineGroupNode, groupSizeParams } from './groups.js';
import { mean, stdDev } from './math.js';

/** GRPO advantage (Shao et al. 2024; TRL scale_rewards="group"): (r − mean_g) / (std_g + ε); a constant group gives 0. */
export function grpoNormalize(xs: readonly number[], std: 'sample' | 'population', epsilon: number): number[] {
  const m = mean(xs);
  const s = stdDev(xs, std);
  return xs.map((x) => (s === 0 ? 0 : (x - m) / (s + epsilon)));
}

/** Dr. GRPO (Liu et al. 2025; TRL scale_rewards="none"): r − mean_g, no division by the std. */
export function meanCenter(xs: readonly number[]): number[] {
  const m = mean(xs);
  return xs.map((x) => x - m);
}

/** RLOO (Ahmadian et al. 2024): baseline_i = mean of the other G − 1 rewards; advantage r_i − baseline_i. */
export function rlooBaselines(xs: readonly number[]): number[] {
  const total = xs.reduce((a, b) => a + b, 0);
  return xs.map((x) => (total - x) / (xs.length - 1));
}

/** Fractional ranks (1 = lowest, ties share their average rank). */
export function fractionalRanks(xs: readonly number[]): number[] {
  const order = xs.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(xs.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (
      end + 1 < order.length &&
      (order[end + 1] as readonly [number, number])[0] === (order[start] as readonly [number, number])[0]
    )
      end++;
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) ranks[(order[k] as readonly [number, number])[1]] = rank;
    start = end + 1;
  }
  return ranks;
}

/** PC-GRPO curriculum weight (reconstruction): difficulty d = 1 − mean group reward, w = 4d(1 − d) or a Gaussian at 0.5. */
export function curriculumWeight(meanReward: number, shape: 'quadratic' | 'gaussian', sigma: number): number {
  const d = 1 - meanReward;
  return shape === 'quadratic' ? 4 * d * (1 - d) : Math.exp(-((d - 0.5) ** 2) / (2 * sigma * sigma));
}

/** Group-normalised advantage as in GRPO: (r − mean) / (std + ε) over the rollouts of one prompt. */
export const grpoNormalizeNode = defineGroupNode({
  kind: 'grpo-normalize',
  description: 'GRPO advantage: (r − group mean) / (group std + ε) over the rollouts of one prompt',
  source: 'Shao et al. 2024 DeepSeekMath (GRPO); TRL GRPOTrainer scale_rewards="group" (ε = 1e-4, std unbiased)',
  params: z.object({
    std: z.enum(['sample', 'population']).default('sample').describe('n − 1 (torch, TRL) or n in the std'),
    epsilon: z.number().min(0).default(1e-4).describe('added to the std (TRL: 1e-4)'),
    ...groupSizeParams,
  }),
  map: (xs, p) => ({
    values: grpoNormalize(xs, p.std, p.epsilon),
    details: { mean: mean(xs), std: stdDev(xs, p.std) },
  }),
});

/** Dr. GRPO: subtract the group mean only. */
export const drGrpoNode = defineGroupNode({
  kind: 'dr-grpo',
  description: 'Dr. GRPO advantage: r − group mean (no std division)',
  source: 'Liu et al. 2025, Understanding R1-Zero-Like Training (Dr. GRPO); TRL scale_rewards="none"',
  params: z.object({ ...groupSizeParams }),
  map: (xs) => ({ values: meanCenter(xs), details: { mean: mean(xs) } }),
});

/** RLOO: subtract the mean of the other rollouts of the prompt (leave-one-out baseline). */
export const rlooNode = defineGroupNode({
  kind: 'rloo',
  description: 'RLOO advantage: r minus the mean reward of the other rollouts of the prompt',
  source: 'Ahmadian et al. 2024, Back to Basics: REINFORCE-style optimisation (RLOO)',
  params: z.object({ ...groupSizeParams }),
  map: (xs) => {
    const baselines = rlooBaselines(xs);
    return {
      values: xs.map((x, i) => x - (baselines[i] as number)),
      details: baselines.map((baseline) => ({ baseline })),
    };
  },
});

/** Rank normalisation: (rank − 1)/(G − 1) in [0, 1] with ties averaged; `centered` maps it to [−1, 1]. */
export const rankNormalizeNode = defineGroupNode({
  kind: 'rank-normalize',
  description: 'Rank of the reward within its group, scaled to [0, 1] (or [−1, 1] when centered); ties averaged',
  source: 'Fractional ranking (ties share the mean rank), scaled by G − 1',
  params: z.object({
    centered: z.boolean().default(false).describe('map to [−1, 1] instead of [0, 1]'),
    ...groupSizeParams,
  }),
  map: (xs, p) => {
    const ranks = fractionalRanks(xs);
    const values = ranks.map((r) => (r - 1) / (xs.length - 1)).map((u) => (p.centered ? 2 * u - 1 : u));
    return { values, details: ranks.map((rank) => ({ rank })) };
  },
});
