import { z } from 'zod';
import { backendsOf, callOptions } from '../backends/index.js';
import { defineReward } from '../core/define.js';
import { scored, unscorable } from '../core/outcome.js';
import { responseText } from '../core/text.js';
import type { Sample } from '../core/types.js';
import { backendParam, MODEL } from './common.js';
import { fence, fill, promptBlock } from './conversation.js';
import { prompts } from './data.js';
import { moments, preferenceProbability } from './logprob-math.js';
import { rateByLogprobs } from './rating.js';

const params = z.strictObject({
  backend: backendParam('default', 'chat'),
  levels: z.number().int().min(2).max(9).default(9).describe('ratings 1..levels (OPRM uses 9)'),
  pairwise: z
    .boolean()
    .default(false)
    .describe('score P(response ≻ reference) with the reference as the rejected answer, instead of E[rating]'),
  tieMode: z.enum(['strict', 'half']).default('strict').describe('pairwise: ties count 0 (strict) or ½'),
  topLogprobs: z.number().int().min(1).max(20).default(20).describe('alternatives asked for at the rating token'),
  minMass: z
    .number()
    .min(0)
    .max(1)
    .default(0.5)
    .describe('below this probability on rating tokens the reply is malformed, not a score'),
});

type Params = z.infer<typeof params>;

function messages(sample: Sample, response: string, p: Params) {
  const t = prompts()['ordinal-rating'];
  const vars = {
    min: 1,
    max: p.levels,
    prompt: fence(promptBlock(sample), 'conversation'),
    response: fence(response, 'answer'),
  };
  return [
    { role: 'system', content: fill(t?.system ?? '', vars) },
    { role: 'user', content: fill(t?.user ?? '', vars) },
  ];
}

/**
 * OPRM (Chen et al. 2026): the rating distribution p(s | x, y) over tokens "1".."K" at the rating position,
 * renormalised; the score is E[s] (details: variance, entropy), or for a pair P(c ≻ r) = Σ_{i>j} p_c(i)·p_r(j).
 */
export const ordinalLogprob = defineReward({
  kind: 'ordinal-logprob',
  description: 'Expected rating from the log-probs of rating tokens (OPRM); P(response ≻ reference) for pairs',
  source: 'Chen et al. 2026, Learning Ordinal Probabilistic Reward from Preferences (arXiv 2602.12660)',
  params,
  capabilities: { ...MODEL, bounds: [0, 9] },
  backendsOf: (p) => [p.backend],
  async score(sample, p, _reference, ctx) {
    const backends = backendsOf(ctx, p.backend);
    const labels = Array.from({ length: p.levels }, (_, i) => String(i + 1));
    const values = labels.map(Number);
    const o = { topLogprobs: p.topLogprobs, minMass: p.minMass };
    const rate = (response: string) =>
      rateByLogprobs(backends, p.backend, messages(sample, response, p), labels, o, callOptions(ctx));
    const chosen = await rate(responseText(sample));
    const m = moments(chosen.p, values);
    if (!p.pairwise) {
      return scored(m.mean, { distribution: chosen.p, variance: m.variance, entropy: m.entropy, mass: chosen.mass });
    }
    if (typeof sample.reference !== 'string' || sample.reference.trim() === '') {
      return unscorable(
        'no-reference',
        'pairwise ordinal-logprob needs the rejected answer as the reference (a string)',
      );
    }
    const rejected = await rate(sample.reference);
    const { win, tie } = preferenceProbability(chosen.p, rejected.p, p.tieMode);
    return scored(win, {
      tie,
      expected: m.mean,
      expectedReference: moments(rejected.p, values).mean,
      distribution: chosen.p,
      referenceDistribution: rejected.p,
    });
  },
});
