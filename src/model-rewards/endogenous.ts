import { z } from 'zod';
import { backendsOf, callOptions } from '../backends/index.js';
import { defineReward } from '../core/define.js';
import { refuseImages } from '../core/images.js';
import { failed, scored, unscorable } from '../core/outcome.js';
import { responseText } from '../core/text.js';
import { backendParam, formatParam, MODEL, promptLogprobsParam, promptTokens } from './common.js';
import { conversation, render } from './conversation.js';
import { spanLogprobs } from './logprob-math.js';

const params = z.strictObject({
  source: z
    .enum(['metadata', 'backend'])
    .default('metadata')
    .describe('metadata: logits sent with the sample (exact); backend: served log-probs (value terms unknown)'),
  backend: backendParam('policy', 'completions'),
  alpha: z.number().positive().default(1).describe('α, the soft-max temperature of the soft Q-function'),
  terminalValue: z
    .number()
    .default(0)
    .describe('V after the last token (0 is our reading; a reconstruction, so a parameter)'),
  normalize: z.enum(['sum', 'mean']).default('sum').describe('sum of token rewards (paper) or their mean'),
  format: formatParam,
  promptLogprobs: promptLogprobsParam,
});

type Params = z.infer<typeof params>;

/**
 * Endogenous reward (Li et al. 2025, inverse soft Bellman): r̂_h = Q̂(s_h, a_h) − V(s_{h+1}), with Q̂ the chosen
 * token's logit and V(s) = α·logsumexp(f(s,·)/α); `logsumexp[h]` is logsumexp(f(s_h,·)/α). V after the last
 * token is `terminalValue` (reconstruction). Returns the per-token rewards.
 */
export function endogenousTokenRewards(
  chosenLogits: readonly number[],
  logsumexp: readonly number[],
  alpha: number,
  terminalValue: number,
): number[] {
  return chosenLogits.map((q, h) => {
    const next = h + 1 < logsumexp.length ? alpha * (logsumexp[h + 1] as number) : terminalValue;
    return q - next;
  });
}

function numbers(value: unknown): number[] | undefined {
  return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'number' && Number.isFinite(v))
    ? (value as number[])
    : undefined;
}

function finish(tokenRewards: number[], p: Params, details: Record<string, unknown>) {
  const sum = tokenRewards.reduce((a, b) => a + b, 0);
  return scored(p.normalize === 'sum' ? sum : sum / tokenRewards.length, { ...details, tokens: tokenRewards.length });
}

/**
 * Endogenous reward: from `metadata.token_logits` (chosen-token logits) and `metadata.logsumexp` (per position,
 * of logits/α), exactly as the paper defines it; or from a backend's log-probs, where the value terms cannot be
 * recovered, as α·Σ_h log π(a_h|s_h) + V(s_1) − V(s_{H+1}) with V(s_1) taken as 0 (flagged: reconstruction;
 * V(s_1) is the same for every response to a prompt, so rankings within a prompt are unchanged).
 */
export const endogenous = defineReward({
  kind: 'endogenous',
  description: 'Endogenous reward from logits (inverse soft Bellman): Σ Q(s,a) − V(next), no reward model needed',
  source: 'Li et al. 2025, Generalist Reward Models: Found Inside Large Language Models (arXiv 2506.23235)',
  params,
  capabilities: MODEL,
  backendsOf: (p) => (p.source === 'backend' ? [p.backend] : []),
  async score(sample, p, _reference, ctx) {
    if (p.source === 'metadata') {
      const logits = numbers(sample.metadata?.token_logits);
      const lse = numbers(sample.metadata?.logsumexp);
      if (!logits || !lse) {
        return unscorable('missing-input', 'endogenous needs metadata.token_logits and metadata.logsumexp (numbers)');
      }
      if (lse.length !== logits.length && lse.length !== logits.length + 1) {
        return failed(
          'invalid-sample',
          `metadata.logsumexp has ${lse.length} entries; expected ${logits.length} or ${logits.length + 1}`,
        );
      }
      const rewards = endogenousTokenRewards(logits, lse, p.alpha, p.terminalValue);
      return finish(rewards, p, { source: 'metadata' });
    }
    const backends = backendsOf(ctx, p.backend);
    const response = responseText(sample);
    refuseImages(sample, 'this model reward'); // an image-only response is not empty
    if (response.trim() === '') return unscorable('empty-response', 'the response is empty');
    const { text, spans } = render(conversation(sample, response), p.format);
    const [start, end] = spans.at(-1) as [number, number];
    const tokens = await promptTokens(backends, p.backend, text, p.promptLogprobs, callOptions(ctx));
    const { logprobs } = spanLogprobs(p.backend, tokens, start, end, text.length);
    const rewards = logprobs.map((lp) => p.alpha * lp);
    rewards[rewards.length - 1] = (rewards.at(-1) as number) - p.terminalValue;
    return finish(rewards, p, {
      source: 'backend',
      reconstruction: 'V(s_1) taken as 0 (not recoverable from log-probs)',
    });
  },
});
