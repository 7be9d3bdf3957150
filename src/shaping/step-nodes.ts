import { z } from 'zod';
import { blockingChild } from '../compose/children.js';
import { type CompositeDefinition, defineComposite, defineReward, RULE } from '../core/define.js';
import { failed, scored, unscorable } from '../core/outcome.js';
import type { RewardResult } from '../core/types.js';
import { only, readNumbers, SHAPING, shaped } from './node.js';
import { stepInputs } from './step-input.js';
import {
  type Aggregation,
  aggregate,
  firstError,
  implicitPrm,
  renormMix,
  renormSignShift,
  stepClip,
  stepDelta,
  withSuccess,
} from './steps.js';

const STEP_CAPS = { ...SHAPING, stepLevel: true };
const gaoSource =
  'Gao et al. 2024, On Designing Effective RL Reward at Training Time for LLM Reasoning (arXiv 2410.15115)';

/** A Gao et al. mechanism: shapes per-step PRM scores, scales by α, adds the `outcome` child at the last step. */
function defineGao(kind: string, description: string, shape: (prm: number[], eta: number) => number[]) {
  return defineComposite({
    kind,
    description,
    source: gaoSource,
    params: z.object({
      eta: z.number().default(0.5).describe('clip threshold η (not stated in the paper; 0.5 is our default)'),
      alpha: z.number().default(1).describe('scale α of the process rewards'),
    }),
    capabilities: STEP_CAPS,
    slots: { steps: 'optional', outcome: 'optional' },
    async run(samples, children, p) {
      const inputs = await stepInputs(children.steps?.[0], samples);
      const outcome = children.outcome?.[0];
      const outcomes = outcome ? await outcome.run(samples) : undefined;
      return inputs.map((input, i) => {
        if (!input.ok) return input.result;
        const o = outcomes?.[i];
        if (outcome && o) {
          const blocking = blockingChild([outcome], [o]);
          if (blocking) return blocking;
        }
        const success = (o?.score as number | undefined) ?? 0;
        const steps = withSuccess(shape(input.value, p.eta), p.alpha, success);
        // The return from the first step (γ = 1) is the sample's score.
        return shaped(
          steps.reduce((a, b) => a + b, 0),
          { prm: input.value, success },
          steps,
        );
      });
    },
  });
}

/** PR-Clip: every step reward min(p − η, 0) ≤ 0, so repeating steps never pays. */
export const stepClipNode = defineGao('step-clip', 'Process rewards clipped to min(p − η, 0) (PR-Clip)', (prm, eta) =>
  stepClip(prm, eta),
);
/** PR-Delta: differences of consecutive PRM scores, so the return telescopes and stays bounded. */
export const stepDeltaNode = defineGao(
  'step-delta',
  'Process rewards as differences of consecutive scores (PR-Delta)',
  (prm) => stepDelta(prm),
);
/** PR-Clip-Delta: clip, then delta (the paper's best). */
export const stepClipDeltaNode = defineGao(
  'step-clip-delta',
  'Process rewards clipped then differenced (PR-Clip-Delta, best in the paper)',
  (prm, eta) => stepDelta(stepClip(prm, eta)),
);

const aggregation = z.enum(['min', 'max', 'sum', 'mean', 'product', 'last']);

/** Reduces per-step scores to one score: min (Lightman-style), sum, mean, max, product or last. */
export const stepAggregate = defineComposite({
  kind: 'step-aggregate',
  description: 'Aggregate per-step scores (min, sum, mean, max, product, last) into one score',
  source: 'Lightman et al. 2023 (min/product of step scores); Yuan et al. 2024 (min/sum/mean)',
  params: z.object({ how: aggregation.default('min').describe('how steps are combined') }),
  capabilities: STEP_CAPS,
  slots: { steps: 'optional' },
  async run(samples, children, p) {
    const inputs = await stepInputs(children.steps?.[0], samples);
    return inputs.map((input) =>
      input.ok ? shaped(aggregate(input.value, p.how), { how: p.how, steps: input.value.length }) : input.result,
    );
  },
});

/**
 * Implicit PRM step rewards (Yuan et al. 2024) from `metadata.logprobs`, `metadata.ref_logprobs` and optional
 * `metadata.step_ends` (token index of each step's last token; default: every token is a step).
 */
export const implicitPrmNode = defineReward({
  kind: 'implicit-prm',
  description: 'Implicit PRM: step rewards β·Σ log(π/π_ref) over each step, aggregated by min, sum or mean',
  source: 'Yuan et al. 2024, Free Process Rewards without Process Labels (arXiv 2412.01981)',
  params: z.object({
    beta: z.number().positive().default(1).describe('β (their eval code uses 0.001; rankings do not depend on it)'),
    variant: z.enum(['single', 'accumulative']).default('single').describe('step rewards r_t or cumulative q_t'),
    how: z.enum(['min', 'sum', 'mean']).default('min').describe('aggregation of the steps into the score'),
  }),
  capabilities: { ...RULE, stepLevel: true },
  score(sample, p): RewardResult {
    const lp = readNumbers(sample, 'logprobs');
    if (!lp.ok) return lp.result;
    const ref = readNumbers(sample, 'ref_logprobs');
    if (!ref.ok) return ref.result;
    const n = lp.value.length;
    if (ref.value.length !== n) {
      return failed(
        'invalid-sample',
        `metadata.logprobs has ${n} tokens but metadata.ref_logprobs has ${ref.value.length}`,
      );
    }
    let ends = Array.from({ length: n }, (_, i) => i);
    if (sample.metadata?.step_ends !== undefined) {
      const given = readNumbers(sample, 'step_ends');
      if (!given.ok) return given.result;
      const bad = given.value.findIndex(
        (e, k) => !Number.isInteger(e) || e < 0 || e >= n || (k > 0 && e <= (given.value[k - 1] as number)),
      );
      if (bad >= 0) {
        return failed('invalid-sample', `metadata.step_ends[${bad}] must be a token index in 0..${n - 1}, increasing`);
      }
      ends = given.value;
    }
    const { q, r } = implicitPrm(lp.value, ref.value, ends, p.beta);
    const steps = p.variant === 'single' ? r : q;
    return shaped(aggregate(steps, p.how), { variant: p.variant, how: p.how, q }, steps);
  },
});

/** ReNorm (both readings are reconstructions): calibrates process scores in [0,1] with an outcome in [0,1]. */
export const renormNode = defineComposite({
  kind: 'renorm',
  description: 'ReNorm: process steps take the outcome sign (p + r_o − 1), or λ·mean(p) + (1−λ)·r_o (reconstructions)',
  source: 'Xu et al. 2025, Hybrid Reward Normalization (PPR/ReNorm, arXiv 2509.25598); equation not published',
  params: z.object({
    reading: z.enum(['sign-shift', 'mix']).default('sign-shift').describe('which reconstruction'),
    lambda: z.number().min(0).max(1).default(0.5).describe('process weight λ of the mix reading'),
    how: z.enum(['sum', 'mean']).default('sum').describe('sign-shift: how the step rewards become the score'),
  }),
  capabilities: STEP_CAPS,
  slots: { outcome: 'one', steps: 'optional' },
  async run(samples, children, p) {
    const outcome = only(children, 'outcome');
    const [inputs, outcomes] = await Promise.all([stepInputs(children.steps?.[0], samples), outcome.run(samples)]);
    return inputs.map((input, i) => {
      const o = outcomes[i] as RewardResult;
      const blocking = blockingChild([outcome], [o]);
      if (blocking) return blocking;
      if (!input.ok) return input.result;
      const ro = o.score as number;
      if (ro < 0 || ro > 1)
        return failed('child-failed', `${outcome.name}: renorm needs an outcome in [0, 1], got ${ro}`);
      const bad = input.value.findIndex((x) => x < 0 || x > 1);
      if (bad >= 0)
        return failed('invalid-sample', `renorm needs process scores in [0, 1]; step ${bad} is ${input.value[bad]}`);
      if (p.reading === 'mix') {
        return shaped(renormMix(input.value, ro, p.lambda), { reading: p.reading, outcome: ro, lambda: p.lambda });
      }
      const steps = renormSignShift(input.value, ro);
      return shaped(aggregate(steps, p.how), { reading: p.reading, outcome: ro }, steps);
    });
  },
});

/**
 * First-error step localisation: the first step scoring below `threshold`. `match` scores 1 when it equals
 * the reference index (0-based, −1 = no error, ProcessBench's convention); `index` scores the index itself.
 */
export const firstErrorNode: CompositeDefinition<{ threshold: number; mode: 'match' | 'index' }> = defineComposite({
  kind: 'first-error',
  description: 'Locate the first erroneous step (score < threshold); score 1 if it matches the reference index',
  source: 'ProcessBench (Zheng et al. 2024) first-error convention; Lightman et al. 2023 step labels',
  params: z.object({
    threshold: z.number().default(0.5).describe('a step scoring below this is an error'),
    mode: z.enum(['match', 'index']).default('match').describe('match the reference index, or score the index'),
  }),
  capabilities: STEP_CAPS,
  slots: { steps: 'optional' },
  async run(samples, children, p) {
    const inputs = await stepInputs(children.steps?.[0], samples);
    return inputs.map((input, i) => {
      if (!input.ok) return input.result;
      const predicted = firstError(input.value, p.threshold);
      if (p.mode === 'index') return scored(predicted, { predicted });
      const ref = samples[i]?.reference;
      if (ref === undefined || ref === null || ref === '') {
        return unscorable('no-reference', 'first-error (match) needs the index of the first wrong step as reference');
      }
      const expected = typeof ref === 'string' && /^-?\d+$/.test(ref.trim()) ? Number(ref) : ref;
      if (typeof expected !== 'number' || !Number.isInteger(expected) || expected < -1) {
        return failed('invalid-reference', 'reference must be a step index (0-based) or −1 for no error');
      }
      return scored(predicted === expected ? 1 : 0, { predicted, expected });
    });
  },
});

export type { Aggregation };
