import { z } from 'zod';
import { backendsOf, callOptions, malformed } from '../backends/index.js';
import { defineReward } from '../core/define.js';
import { refuseImages } from '../core/images.js';
import { scored, unscorable } from '../core/outcome.js';
import { responseText } from '../core/text.js';
import { aggregate, implicitPrm } from '../shaping/steps.js';
import { backendParam, formatParam, MODEL, promptLogprobsParam, promptTokens } from './common.js';
import { conversation, render } from './conversation.js';
import { spanLogprobs } from './logprob-math.js';

const params = z.strictObject({
  policy: backendParam('policy', 'policy-model'),
  reference: backendParam('reference', 'reference-model'),
  beta: z.number().positive().default(1).describe('β (their eval code uses 0.001; rankings do not depend on it)'),
  variant: z.enum(['single', 'accumulative']).default('single').describe('step rewards r_t or cumulative q_t'),
  how: z.enum(['min', 'sum', 'mean']).default('min').describe('aggregation of the steps into the score'),
  separator: z.string().min(1).default('\n\n').describe('steps are the response split on this'),
  format: formatParam,
  promptLogprobs: promptLogprobsParam,
});

/** Token index of each step's last token: steps are the response split on `separator`. */
export function stepEnds(response: string, separator: string, starts: readonly number[]): number[] {
  const ends: number[] = [];
  let from = 0;
  for (;;) {
    const at = response.indexOf(separator, from);
    const stepEnd = at < 0 ? response.length : at;
    if (stepEnd > from || at < 0) {
      let last = -1;
      for (let i = 0; i < starts.length && (starts[i] as number) < stepEnd; i++) last = i;
      if (last >= 0 && last !== ends.at(-1)) ends.push(last);
    }
    if (at < 0) break;
    from = at + separator.length;
  }
  return ends;
}

/**
 * Implicit PRM (Yuan et al. 2024) from two served models: per-token log π and log π_ref of the response by
 * prompt log-probs, then r_t = β·Σ_{step t} log(π/π_ref) and the step aggregation of src/shaping.
 */
export const implicitPrmModel = defineReward({
  kind: 'implicit-prm-model',
  description: 'Implicit PRM step rewards β·log(π/π_ref) computed from a policy and a reference backend',
  source: 'Yuan et al. 2024, Free Process Rewards without Process Labels (arXiv 2412.01981)',
  params,
  capabilities: { ...MODEL, stepLevel: true },
  backendsOf: (p) => [p.policy, p.reference],
  async score(sample, p, _reference, ctx) {
    const backends = backendsOf(ctx, p.policy);
    const response = responseText(sample);
    refuseImages(sample, 'this model reward'); // an image-only response is not empty
    if (response.trim() === '') return unscorable('empty-response', 'the response is empty');
    const { text, spans } = render(conversation(sample, response), p.format);
    const [start, end] = spans.at(-1) as [number, number];
    const options = callOptions(ctx);
    const [pol, ref] = await Promise.all(
      [p.policy, p.reference].map(async (name) => {
        const tokens = await promptTokens(backends, name, text, p.promptLogprobs, options);
        return spanLogprobs(name, tokens, start, end, text.length);
      }),
    );
    if (!pol || !ref) throw new Error('unreachable');
    if (pol.tokens.length !== ref.tokens.length || pol.tokens.some((t, i) => t !== ref.tokens[i])) {
      throw malformed(
        p.reference,
        'the policy and reference tokenise the response differently (same tokenizer needed)',
      );
    }
    const ends = stepEnds(
      response,
      p.separator,
      pol.starts.map((s) => Math.max(0, s - start)),
    );
    const { q, r } = implicitPrm(pol.logprobs, ref.logprobs, ends, p.beta);
    const steps = p.variant === 'single' ? r : q;
    return scored(aggregate(steps, p.how), { variant: p.variant, how: p.how, q, tokens: pol.tokens.length }, steps);
  },
});
