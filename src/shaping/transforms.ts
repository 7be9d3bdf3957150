import { z } from 'zod';
import { defineComposite } from '../core/define.js';
import { failed, unscorable } from '../core/outcome.js';
import type { RewardResult, Sample } from '../core/types.js';
import { defineTransform, mapChild, only, readNumbers, SHAPING, shaped } from './node.js';

/** `scale · r + shift` (defaults 1 and 0), e.g. map a 0/1 reward to ±1 with scale 2, shift −1. */
export const affine = defineTransform({
  kind: 'affine',
  description: 'Scale and shift a reward: scale · r + shift',
  params: z.object({
    scale: z.number().default(1).describe('multiplies the reward'),
    shift: z.number().default(0).describe('added after scaling'),
  }),
  apply: (r, p) => shaped(p.scale * r + p.shift, { input: r }),
});

/** Clamps a reward into [min, max] (either bound optional), as OpenRLHF's `--reward.clip_range`. */
export const clip = defineTransform({
  kind: 'clip',
  description: 'Clip a reward to [min, max]',
  source: 'OpenRLHF --reward.clip_range (default -10..10)',
  params: z
    .object({
      min: z.number().optional().describe('lower bound (none if omitted)'),
      max: z.number().optional().describe('upper bound (none if omitted)'),
    })
    .refine((p) => p.min === undefined || p.max === undefined || p.min <= p.max, {
      message: 'min must not exceed max',
      path: ['min'],
    }),
  apply: (r, p) => shaped(Math.min(Math.max(r, p.min ?? -Infinity), p.max ?? Infinity), { input: r }),
});

/** Binarises a reward: `above` when r ≥ at (or r > at with `strict`), else `below`. */
export const threshold = defineTransform({
  kind: 'threshold',
  description: 'Binarise a reward: above if r ≥ at, else below',
  params: z.object({
    at: z.number().default(0.5).describe('the cut'),
    strict: z.boolean().default(false).describe('require r > at instead of r ≥ at'),
    above: z.number().default(1).describe('score when the reward passes'),
    below: z.number().default(0).describe('score when it does not'),
  }),
  apply: (r, p) => {
    const pass = p.strict ? r > p.at : r >= p.at;
    return shaped(pass ? p.above : p.below, { input: r, pass });
  },
});

const klParams = z.object({
  beta: z.number().min(0).default(0.05).describe('KL coefficient β (0.05: Stiennon et al., from memory)'),
  perToken: z.boolean().default(false).describe('also return per-token rewards as steps'),
});

/**
 * KL-shaped reward (Stiennon et al. 2020, eq. 2): R = r − β · Σₜ (log π(yₜ) − log π_ref(yₜ)),
 * with per-token log-probs in `metadata.logprobs` and `metadata.ref_logprobs`.
 */
export const klPenalty = defineTransform({
  kind: 'kl-penalty',
  description: 'KL-shaped reward r − β·Σ(log π − log π_ref) from per-token log-probs in metadata',
  source: 'Stiennon et al. 2020, Learning to summarize from human feedback (arXiv 2009.01325)',
  params: klParams,
  apply: (r, p, sample) => {
    const pol = readNumbers(sample, 'logprobs');
    if (!pol.ok) return pol.result;
    const ref = readNumbers(sample, 'ref_logprobs');
    if (!ref.ok) return ref.result;
    if (pol.value.length !== ref.value.length) {
      return failed(
        'invalid-sample',
        `metadata.logprobs has ${pol.value.length} tokens but metadata.ref_logprobs has ${ref.value.length}`,
      );
    }
    const perToken = pol.value.map((lp, t) => -p.beta * (lp - (ref.value[t] as number)));
    const logRatio = pol.value.reduce((acc, lp, t) => acc + lp - (ref.value[t] as number), 0);
    const details = { input: r, logRatio, beta: p.beta, penalty: -p.beta * logRatio };
    if (!p.perToken) return shaped(r - p.beta * logRatio, details);
    // Per-token form: −β·(log π − log π_ref) on every token, the reward model score added on the last.
    perToken[perToken.length - 1] = (perToken.at(-1) as number) + r;
    return shaped(r - p.beta * logRatio, details, perToken);
  },
});

/** A reference response made from a sample's reference text, to be scored like a response. */
function referenceAsResponse(sample: Sample): Sample | undefined {
  const ref = sample.reference;
  const { id: _id, group: _group, steps: _steps, ...rest } = sample;
  if (typeof ref === 'string' && ref.trim() !== '') return { ...rest, response: ref };
  if (Array.isArray(ref) && typeof ref[0] === 'string' && ref[0].trim() !== '') return { ...rest, response: ref[0] };
  return undefined;
}

/**
 * Reward-model bias (Stiennon et al. 2020, §3.4): subtract the mean reward of reference responses so they
 * score 0 on average. The mean is `referenceMean` if given, else estimated by scoring each sample's
 * reference text (as a response) with the same child over the batch.
 */
export const referenceBias = defineComposite({
  kind: 'reference-bias',
  description: 'Shift a reward so reference (human-written) responses have mean 0',
  source: 'Stiennon et al. 2020, Learning to summarize from human feedback (RM normalisation)',
  params: z.object({
    referenceMean: z.number().optional().describe('mean reward of reference responses; estimated per batch if omitted'),
  }),
  capabilities: { ...SHAPING },
  slots: { reward: 'one' },
  async run(samples, children, p) {
    const child = only(children, 'reward');
    let bias = p.referenceMean;
    let estimatedFrom: number | undefined;
    if (bias === undefined) {
      const refs = samples.map(referenceAsResponse).filter((s): s is Sample => s !== undefined);
      const scores = (await child.run(refs))
        .filter((r): r is RewardResult & { score: number } => r.status === 'scored')
        .map((r) => r.score);
      if (scores.length === 0) {
        const message = 'no reference in the batch could be scored to estimate the bias; set params.referenceMean';
        return samples.map(() => unscorable('no-reference', message));
      }
      bias = scores.reduce((a, b) => a + b, 0) / scores.length;
      estimatedFrom = scores.length;
    }
    const b = bias;
    return mapChild(child, samples, (r) =>
      shaped(r - b, { input: r, bias: b, ...(estimatedFrom ? { estimatedFrom } : {}) }),
    );
  },
});
