import { z } from 'zod';
import { defineReward } from '../../core/define.js';
import { scored, unscorable } from '../../core/outcome.js';
import {
  askAll,
  fenced,
  JUDGE,
  judgeParams,
  messagesOf,
  normalized,
  promptOf,
  RATING_SCHEMA,
  responseOf,
  screened,
} from '../engine/call.js';
import { fillTemplate, resolveTemplate, templateParam } from '../engine/templates.js';
import { readRating } from '../parse/verdicts.js';

const structured = z
  .boolean()
  .default(true)
  .describe('ask for JSON by schema (response_format); replies are repaired either way');

/** Pointwise rating 1–10 of one response, normalised to [0, 1] as (r − 1) / 9. */
export const judgePointwise = defineReward({
  kind: 'judge-pointwise',
  description: 'LLM judge: one rating 1-10 of the response, normalised to [0, 1]',
  source: 'LLM-as-a-judge single-answer grading (Zheng et al. 2023, MT-Bench); rating read from the final JSON',
  params: z.strictObject({ ...judgeParams, template: templateParam('pointwise'), structured }),
  capabilities: { ...JUDGE },
  backendsOf: (p) => [p.backend],
  score(sample, p, _ref, ctx) {
    const response = responseOf(sample, p);
    const settled = screened(ctx, p, response);
    if (settled) return settled;
    const t = resolveTemplate(p.template);
    const vars = { prompt: promptOf(sample), response: fenced(response) };
    const messages = messagesOf(fillTemplate(t.system, vars), fillTemplate(t.user, vars));
    const ask = {
      messages,
      read: (f: string) => readRating(f, 1, 10),
      schema: p.structured ? RATING_SCHEMA : undefined,
    };
    return askAll(ctx, p, [ask], ([r]) => scored(normalized(r as number, 1, 10), { rating: r }));
  },
});

const contextParams = z.strictObject({
  ...judgeParams,
  template: templateParam('context'),
  structured,
  from: z
    .enum(['metadata', 'reference'])
    .default('metadata')
    .describe('where the context is read: metadata.context or reference.context'),
});

function contextOf(
  sample: { metadata?: Record<string, unknown>; reference?: unknown },
  from: 'metadata' | 'reference',
): string | undefined {
  const holder = from === 'metadata' ? sample.metadata : sample.reference;
  const v = holder && typeof holder === 'object' ? (holder as Record<string, unknown>).context : undefined;
  if (typeof v === 'string') return v.trim() === '' ? undefined : v;
  return v !== undefined && v !== null ? JSON.stringify(v) : undefined;
}

/** Context-conditioned rating: the same response is judged against the user's stated context. */
export const judgeContext = defineReward({
  kind: 'judge-context',
  description:
    'LLM judge: rating 1-10 of how well the response fits the context in metadata.context (or reference.context)',
  source: 'Context-aware preference modeling (Pitis et al. 2024, arXiv 2407.14916): judge under an explicit context',
  params: contextParams,
  capabilities: { ...JUDGE },
  backendsOf: (p) => [p.backend],
  score(sample, p, _ref, ctx) {
    const context = contextOf(sample, p.from);
    if (context === undefined) return unscorable('missing-input', `judge-context needs a non-empty ${p.from}.context`);
    const response = responseOf(sample, p);
    const settled = screened(ctx, p, response);
    if (settled) return settled;
    const t = resolveTemplate(p.template);
    const vars = { prompt: promptOf(sample), response: fenced(response), context };
    const messages = messagesOf(fillTemplate(t.system, vars), fillTemplate(t.user, vars));
    const ask = {
      messages,
      read: (f: string) => readRating(f, 1, 10),
      schema: p.structured ? RATING_SCHEMA : undefined,
    };
    return askAll(ctx, p, [ask], ([r]) => scored(normalized(r as number, 1, 10), { rating: r }));
  },
});
