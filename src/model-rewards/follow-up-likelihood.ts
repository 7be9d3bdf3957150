import { z } from 'zod';
import { type Backends, backendsOf, type CallOptions, callOptions } from '../backends/index.js';
import { defineReward } from '../core/define.js';
import { scored } from '../core/outcome.js';
import type { Sample } from '../core/types.js';
import { backendParam, formatParam, MODEL, promptLogprobsParam, promptTokens } from './common.js';
import { conversation, render } from './conversation.js';
import { FOLLOW_UP_DIMENSIONS, followUpLists } from './data.js';
import { mean, spanLogprobs } from './logprob-math.js';

const params = z.strictObject({
  backend: backendParam('default', 'completions'),
  dimensions: z
    .array(z.enum(FOLLOW_UP_DIMENSIONS))
    .min(1)
    .default([...FOLLOW_UP_DIMENSIONS])
    .describe('helpfulness dimensions whose follow-ups are scored (data/follow-ups.json)'),
  format: formatParam,
  promptLogprobs: promptLogprobsParam,
});

type Params = z.infer<typeof params>;

/** ℓ(f | x, y): mean log-prob of the follow-up's tokens when it is the user's next turn. */
async function followUpLikelihood(
  backends: Backends,
  sample: Sample,
  followUp: string,
  p: Params,
  options: CallOptions,
): Promise<number> {
  const { text, spans } = render([...conversation(sample), { role: 'user', content: followUp }], p.format);
  const [start, end] = spans.at(-1) as [number, number];
  const tokens = await promptTokens(backends, p.backend, text, p.promptLogprobs, options);
  return mean(spanLogprobs(p.backend, tokens, start, end, text.length).logprobs);
}

/**
 * FLR (Zhang et al. 2025): FLR(x, y) = mean_{f∈F+} ℓ(f|x,y) − mean_{f∈F−} ℓ(f|x,y), ℓ the length-normalised
 * log-likelihood of follow-up f as the user's next turn, averaged over the chosen dimensions. The follow-up
 * lists are our own wording of the paper's six dimensions.
 */
export const followUpLikelihoodReward = defineReward({
  kind: 'follow-up-likelihood',
  description: 'FLR: how much likelier a satisfied than a dissatisfied user follow-up is after the response',
  source: 'Zhang et al. 2025, Aligning LMs Using Follow-up Likelihood as Reward (arXiv 2409.13948, AAAI 2025)',
  params,
  capabilities: MODEL,
  backendsOf: (p) => [p.backend],
  async score(sample, p, _reference, ctx) {
    const backends = backendsOf(ctx, p.backend);
    const lists = followUpLists();
    const options = callOptions(ctx);
    const perDimension: Record<string, number> = {};
    await Promise.all(
      p.dimensions.map(async (dim) => {
        const { positive, negative } = lists[dim] as { positive: string[]; negative: string[] };
        const [pos, neg] = await Promise.all(
          [positive, negative].map((fs) =>
            Promise.all(fs.map((f) => followUpLikelihood(backends, sample, f, p, options))),
          ),
        );
        perDimension[dim] = mean(pos as number[]) - mean(neg as number[]);
      }),
    );
    const ordered = Object.fromEntries(p.dimensions.map((d) => [d, perDimension[d] as number]));
    return scored(mean(Object.values(ordered)), { dimensions: ordered });
  },
});
