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
import { cachedRating, rateByLogprobs } from './rating.js';

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

// The system prompt depends only on the scale (its data file uses {{min}} and {{max}} alone): built once per scale.
const systemByLevels = new Map<number, string>();

function messages(sample: Sample, response: string, p: Params) {
  const t = prompts()['ordinal-rating'];
  let system = systemByLevels.get(p.levels);
  if (system === undefined) systemByLevels.set(p.levels, (system = fill(t?.system ?? '', { min: 1, max: p.levels })));
  const vars = {
    min: 1,
    max: p.levels,
    prompt: fence(promptBlock(sample), 'conversation'),
    response: fence(response, 'answer'),
  };
  return [
    { role: 'system', content: system },
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
  score(sample, p, _reference, ctx) {
    const backends = backendsOf(ctx, p.backend);
    const labels = Array.from({ length: p.levels }, (_, i) => String(i + 1));
    const values = labels.map(Number);
    const ask = (response: string) => ({
      messages: messages(sample, response, p),
      labels,
      topLogprobs: p.topLogprobs,
      minMass: p.minMass,
    });
    const chosenAsk = ask(responseText(sample));
    if (!p.pairwise) {
      const single = (chosen: Dist) => {
        const m = moments(chosen.p, values);
        return scored(m.mean, { distribution: chosen.p, variance: m.variance, entropy: m.entropy, mass: chosen.mass });
      };
      // A cache hit answers without a promise (re-runs from the cache).
      const hit = cachedRating(backends, p.backend, chosenAsk);
      return hit ? single(hit) : rateByLogprobs(backends, p.backend, chosenAsk, callOptions(ctx)).then(single);
    }
    if (typeof sample.reference !== 'string' || sample.reference.trim() === '') {
      return unscorable(
        'no-reference',
        'pairwise ordinal-logprob needs the rejected answer as the reference (a string)',
      );
    }
    const options = callOptions(ctx);
    return Promise.all([
      rateByLogprobs(backends, p.backend, chosenAsk, options),
      rateByLogprobs(backends, p.backend, ask(sample.reference), options),
    ]).then(([chosen, rejected]) => pair(chosen, rejected, values, p));
  },
});

type Dist = { p: number[]; mass: number };

/** The pairwise result: P(c ≻ r), with both distributions and expectations in the details. */
function pair(chosen: Dist, rejected: Dist, values: number[], p: Params) {
  const { win, tie } = preferenceProbability(chosen.p, rejected.p, p.tieMode);
  return scored(win, {
    tie,
    expected: moments(chosen.p, values).mean,
    expectedReference: moments(rejected.p, values).mean,
    distribution: chosen.p,
    referenceDistribution: rejected.p,
  });
}
