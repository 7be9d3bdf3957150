import { z } from 'zod';
import { defineReward } from '../../core/define.js';
import { scored } from '../../core/outcome.js';
import { referenceStrings } from '../../core/text.js';
import {
  askAll,
  fenced,
  JUDGE,
  judgeParams,
  messagesOf,
  promptOf,
  responseOf,
  screened,
  type VerdictSchema,
} from '../engine/call.js';
import { fillTemplate, resolveTemplate, templateParam } from '../engine/templates.js';
import { readEquivalence } from '../parse/verdicts.js';

const SCHEMA: VerdictSchema = {
  name: 'equivalence',
  schema: {
    type: 'object',
    properties: {
      reasoning: { type: 'string' },
      verdict: { type: 'string', enum: ['correct', 'incorrect', 'invalid'] },
    },
    required: ['reasoning', 'verdict'],
    additionalProperties: false,
  },
};

const params = z.strictObject({
  ...judgeParams,
  template: templateParam('verifier'),
  structured: z.boolean().default(true).describe('ask for JSON by schema (response_format)'),
  withQuestion: z
    .boolean()
    .default(true)
    .describe('show the question to the judge (One Token to Fool: hiding it lowers false positives)'),
});

const reference = z.union([
  z.string().min(1),
  z.number(),
  z.array(z.union([z.string(), z.number()])).min(1),
  z.looseObject({ answer: z.union([z.string().min(1), z.number()]) }),
]);

/**
 * Reference-based verifier: 1 when the judge finds the final answer equivalent to the reference, 0 when it
 * is incorrect or the response is invalid (not a genuine attempt). The One-Token setting (Zhao et al. 2025),
 * with CompassVerifier's three outcomes and xVerify-style equivalence; master keys never reach the judge.
 */
export const judgeVerifier = defineReward({
  kind: 'judge-verifier',
  description: 'LLM verifier: is the final answer equivalent to the reference (correct 1 / incorrect 0 / invalid 0)',
  source: 'One Token to Fool LLM-as-a-Judge (arXiv 2507.08794); CompassVerifier (correct/incorrect/invalid); xVerify',
  params,
  reference,
  capabilities: { ...JUDGE, needsReference: true },
  backendsOf: (p) => [p.backend],
  score(sample, p, ref: z.infer<typeof reference>, ctx) {
    const response = responseOf(sample, p);
    const settled = screened(ctx, p, response);
    if (settled) return settled;
    const gold =
      typeof ref === 'object' && !Array.isArray(ref) ? String(ref.answer) : referenceStrings(ref).join(' or ');
    const t = resolveTemplate(p.template);
    const vars = {
      prompt: p.withQuestion ? promptOf(sample) : '(not shown)',
      response: fenced(response),
      reference: gold,
    };
    const messages = messagesOf(fillTemplate(t.system, vars), fillTemplate(t.user, vars));
    const ask = { messages, read: readEquivalence, schema: p.structured ? SCHEMA : undefined };
    return askAll(ctx, p, [ask], ([v]) => scored(v === 'correct' ? 1 : 0, { verdict: v }));
  },
});
