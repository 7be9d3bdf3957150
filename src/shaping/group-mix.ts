// Group-level nodes that mix several rewards: TRL's multi-objective aggregation and C-GRPO.
import { z } from 'zod';
import { blockingChild } from '../compose/children.js';
import { defineComposite } from '../core/define.js';
import type { RewardResult } from '../core/types.js';
import { GROUP_CAPS, grouped, groupSizeParams } from './groups.js';
import { mean, stdDev } from './math.js';
import { only, shaped } from './node.js';

const nanMean = (xs: number[]) => mean(xs.filter((x) => !Number.isNaN(x)));
/** Sample std over the non-NaN values; 0 when fewer than two. */
const nanStd = (xs: number[]) => {
  const v = xs.filter((x) => !Number.isNaN(x));
  return v.length < 2 ? 0 : stdDev(v, 'sample');
};
const scaleBy = (x: number, m: number, s: number, eps: number) => (s === 0 && x === m ? 0 : (x - m) / (s + eps));

/**
 * TRL GRPOTrainer's multi-reward advantages (anchors §4.2). `sum_then_normalize`: r = Σ wₖrₖ (unscorable
 * terms skipped, as TRL's nansum), A = r − mean_g, divided by std_g + ε (`group`), std_batch + ε (`batch`) or
 * nothing (`none`). `normalize_then_sum` (GDPO): z-score each term within the group, Σ wₖzₖ, then z-score over
 * the batch (this node's samples).
 */
export const trlMultiObjective = defineComposite({
  kind: 'trl-multi-objective',
  description: "TRL's multi-reward GRPO advantage: sum_then_normalize or normalize_then_sum (GDPO)",
  source: 'TRL GRPOTrainer multi_objective_aggregation / scale_rewards (grpo_config.py, grpo_trainer.py)',
  params: z.object({
    aggregation: z.enum(['sum_then_normalize', 'normalize_then_sum']).default('sum_then_normalize'),
    scaleRewards: z.enum(['group', 'batch', 'none']).default('group').describe('sum_then_normalize only'),
    epsilon: z.number().min(0).default(1e-4),
    ...groupSizeParams,
  }),
  capabilities: GROUP_CAPS,
  slots: { terms: 'many' },
  async run(samples, children, p) {
    const terms = children.terms ?? [];
    const w = terms.map((t) => t.weight ?? 1);
    // An error in any term blocks the sample; it is unscorable only when every weighted term is.
    const usable = (row: RewardResult[]) => {
      const blocking = blockingChild(terms, row);
      if (blocking?.status === 'error') return blocking;
      return row.some((r, k) => w[k] !== 0 && r.status === 'scored')
        ? undefined
        : (blocking ?? blockingChild(terms, row));
    };
    const value = (r: RewardResult) => (r.status === 'scored' ? (r.score as number) : Number.NaN);
    const nansumWeighted = (xs: number[]) =>
      xs.reduce((acc, x, k) => (Number.isNaN(x) ? acc : acc + (w[k] as number) * x), 0);
    // Per group: the final advantage (scale 'group'), or a value for the batch-level stage.
    const forBatch = new Map<number, { value: number; raw: number; details: Record<string, unknown> }>();
    const out = await grouped('trl-multi-objective', samples, terms, usable, 2, p.groupSize, (members, rows, out) => {
      const matrix = members.map((i) => (rows[i] as RewardResult[]).map(value));
      if (p.aggregation === 'sum_then_normalize') {
        const sums = matrix.map(nansumWeighted);
        const m = mean(sums);
        const s = stdDev(sums, 'sample');
        members.forEach((i, j) => {
          const sum = sums[j] as number;
          const details = { sum, groupMean: m, groupStd: s };
          if (p.scaleRewards === 'group') out[i] = shaped(scaleBy(sum, m, s, p.epsilon), details);
          else forBatch.set(i, { value: sum - m, raw: sum, details });
        });
        return;
      }
      const zs = terms.map((_, k) => {
        const col = matrix.map((r) => r[k] as number);
        const m = nanMean(col);
        const s = nanStd(col);
        return col.map((x) => (Number.isNaN(x) ? Number.NaN : scaleBy(x, m, s, p.epsilon)));
      });
      members.forEach((i, j) => {
        const z = zs.map((col) => col[j] as number);
        const sum = nansumWeighted(z);
        forBatch.set(i, { value: sum, raw: sum, details: { z } });
      });
    });
    // Batch-level stage over every sample that reached it: the GDPO z-score, or the std of the raw sums.
    const values = [...forBatch.values()].map((e) => e.raw);
    const m = mean(values);
    const s = values.length < 2 ? 0 : stdDev(values, 'sample');
    for (const [i, { value: v, details }] of forBatch) {
      const a =
        p.aggregation === 'normalize_then_sum'
          ? scaleBy(v, m, s, p.epsilon)
          : p.scaleRewards === 'batch'
            ? scaleBy(v, 0, s, p.epsilon)
            : v;
      out[i] = shaped(a, { ...details, beforeBatchStage: v, batchStd: s });
    }
    return out;
  },
});

/**
 * C-GRPO (Zhang et al. 2026, CaRR): rubric rewards normalised by the group max, R̂ = R_r / max_g R_r, mixed
 * with the outcome. `paper`: R = R_o if R_o = 0 else (1−α)R_o + αR̂; `mix`: (1−α)R_o + αR̂;
 * `only-negative`: R = R_o if R_o > 0 else αR̂. `unnormalizedQuirk` reproduces the released code's use of the
 * raw R_r in the `paper` branch.
 */
export const cGrpo = defineComposite({
  kind: 'c-grpo',
  description: 'C-GRPO: outcome mixed with group-max-normalised rubric reward (α = 0.3)',
  source: 'Zhang et al. 2026, Chaining the Evidence (CaRR/C-GRPO, arXiv 2601.06021), THUDM/CaRR',
  params: z.object({
    alpha: z.number().min(0).max(1).default(0.3).describe('rubric_reward_ratio α'),
    mode: z.enum(['paper', 'mix', 'only-negative']).default('paper'),
    normalize: z.boolean().default(true).describe('divide rubric rewards by the group max (if > 0)'),
    unnormalizedQuirk: z.boolean().default(false).describe('use raw R_r in the paper branch, as the code does'),
    ...groupSizeParams,
  }),
  capabilities: GROUP_CAPS,
  slots: { outcome: 'one', rubric: 'one' },
  async run(samples, children, p) {
    const slots = [only(children, 'outcome'), only(children, 'rubric')];
    return grouped(
      'c-grpo',
      samples,
      slots,
      (row) => blockingChild(slots, row),
      1,
      p.groupSize,
      (members, rows, out) => {
        const ro = members.map((i) => rows[i]?.[0]?.score as number);
        const rr = members.map((i) => rows[i]?.[1]?.score as number);
        const max = Math.max(...rr);
        members.forEach((i, j) => {
          const o = ro[j] as number;
          const r = rr[j] as number;
          const norm = p.normalize && max > 0 ? r / max : r;
          const mixed = (1 - p.alpha) * o + p.alpha * (p.unnormalizedQuirk ? r : norm);
          const R =
            p.mode === 'mix'
              ? (1 - p.alpha) * o + p.alpha * norm
              : p.mode === 'paper'
                ? o === 0
                  ? o
                  : mixed
                : o > 0
                  ? o
                  : p.alpha * norm;
          out[i] = shaped(R, { outcome: o, rubric: r, rubricNormalized: norm, groupMax: max });
        });
      },
    );
  },
});
