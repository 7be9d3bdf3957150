import { z } from 'zod';
import { defineReward } from '../../core/define.js';
import { scored } from '../../core/outcome.js';
import {
  askJudge,
  fenced,
  JUDGE,
  judgeParams,
  messagesOf,
  normalized,
  promptOf,
  responseOf,
  screened,
  settle,
} from '../engine/call.js';
import { fillTemplate, resolveTemplate, templateParam } from '../engine/templates.js';
import { readRating } from '../parse/verdicts.js';

const anyText = (f: string) => (f.trim() ? { ok: true as const, value: f } : { ok: false as const });

/**
 * Critique-then-score (MM-RLHF, Zhang et al. 2025, arXiv 2502.10391): turn 1 writes a critique, turn 2 rates
 * 1–10 in light of it (a generative reading of the critique-conditioned scalar head); normalised to [0, 1].
 */
export const judgeCritique = defineReward({
  kind: 'judge-critique',
  description: 'LLM judge in two turns: a critique of the response, then a rating 1-10 given that critique',
  source: 'MM-RLHF critique-based reward model (arXiv 2502.10391), generative two-turn reading',
  params: z.strictObject({ ...judgeParams, template: templateParam('critique') }),
  capabilities: { ...JUDGE },
  backendsOf: (p) => [p.backend],
  score(sample, p, _ref, ctx) {
    const response = responseOf(sample, p);
    const settled = screened(ctx, p, response);
    if (settled) return settled;
    const t = resolveTemplate(p.template);
    const vars = { prompt: promptOf(sample), response: fenced(response) };
    return settle(async () => {
      const first = messagesOf(fillTemplate(t.system, vars), fillTemplate(t.user, vars));
      const critique = await askJudge(ctx, p, first, anyText);
      const second = [
        ...first,
        { role: 'assistant', content: critique.text },
        { role: 'user', content: fillTemplate(t.followUp ?? 'Rate the response from 1 to 10: {"rating": N}.', vars) },
      ];
      const { value } = await askJudge(ctx, p, second, (f) => readRating(f, 1, 10));
      return scored(normalized(value, 1, 10), { rating: value, critique: critique.text.slice(0, 2000) });
    });
  },
});
