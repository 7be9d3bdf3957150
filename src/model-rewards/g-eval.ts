import { z } from 'zod';
import { backendsOf, callOptions } from '../backends/index.js';
import { defineReward } from '../core/define.js';
import { scored } from '../core/outcome.js';
import { responseText } from '../core/text.js';
import { backendParam, MODEL } from './common.js';
import { fence, fill, promptBlock } from './conversation.js';
import { G_EVAL_CRITERIA, gEvalCriteria, prompts } from './data.js';
import { moments } from './logprob-math.js';
import { cachedRating, rateByLogprobs } from './rating.js';

const params = z
  .strictObject({
    backend: backendParam('default', 'chat'),
    criterion: z
      .enum(G_EVAL_CRITERIA)
      .default('helpfulness')
      .describe('built-in criterion (data/g-eval-criteria.json)'),
    custom: z
      .strictObject({ criterion: z.string().min(1), steps: z.array(z.string().min(1)).min(1) })
      .optional()
      .describe('your own criterion and evaluation steps, instead of a built-in one'),
    min: z.number().int().min(0).max(9).default(1).describe('lowest score'),
    max: z.number().int().min(1).max(9).default(5).describe('highest score (single-digit tokens only)'),
    topLogprobs: z.number().int().min(1).max(20).default(20),
    minMass: z.number().min(0).max(1).default(0.5).describe('below this probability on score tokens: malformed'),
  })
  .refine((p) => p.max > p.min, { path: ['max'], message: 'max must be greater than min' });

/** G-Eval (Liu et al. 2023, §2.3): score = Σ_s s·p(s), p renormalised over the score tokens min..max. */
export const gEval = defineReward({
  kind: 'g-eval',
  description: 'G-Eval: probability-weighted score of one criterion from the log-probs of the score tokens',
  source: 'Liu et al. 2023, G-Eval: NLG Evaluation using GPT-4 with Better Human Alignment (arXiv 2303.16634)',
  params,
  capabilities: { ...MODEL, bounds: [0, 9] },
  backendsOf: (p) => [p.backend],
  score(sample, p, _reference, ctx) {
    const backends = backendsOf(ctx, p.backend);
    const c = p.custom ?? gEvalCriteria()[p.criterion];
    const t = prompts()['g-eval'];
    const vars = {
      min: p.min,
      max: p.max,
      criterion: c?.criterion ?? '',
      steps: (c?.steps ?? []).map((s, i) => `${i + 1}. ${s}`).join('\n'),
      prompt: fence(promptBlock(sample), 'source'),
      response: fence(responseText(sample), 'response'),
    };
    const messages = [
      { role: 'system', content: fill(t?.system ?? '', vars) },
      { role: 'user', content: fill(t?.user ?? '', vars) },
    ];
    const labels = Array.from({ length: p.max - p.min + 1 }, (_, i) => String(p.min + i));
    const ask = { messages, labels, topLogprobs: p.topLogprobs, minMass: p.minMass };
    const finish = (dist: { p: number[]; mass: number }) => {
      const m = moments(dist.p, labels.map(Number));
      return scored(m.mean, { distribution: dist.p, variance: m.variance, mass: dist.mass });
    };
    // A cache hit answers without a promise (re-runs from the cache).
    const hit = cachedRating(backends, p.backend, ask);
    return hit ? finish(hit) : rateByLogprobs(backends, p.backend, ask, callOptions(ctx)).then(finish);
  },
});
