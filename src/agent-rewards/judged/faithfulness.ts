import { z } from 'zod';
import { defineReward } from '../../core/define.js';
import { scored, unscorable } from '../../core/outcome.js';
import type { Sample } from '../../core/types.js';
import { askAll, fenced, JUDGE, judgeParams, messagesOf, promptOf, screened } from '../../judges/engine/call.js';
import { fillTemplate } from '../../judges/engine/templates.js';
import { MET_SCHEMA } from '../../judges/kinds/items.js';
import { readMet } from '../../judges/parse/verdicts.js';
import { normalizeAnswer } from '../answers.js';
import { copiedShare } from '../retrieval/carr.js';
import { finalTurn, sources } from '../retrieval/trajectory.js';
import { agentTemplateParam, resolveAgentTemplate } from './templates.js';

/** Sentences of an answer: split after . ! ? followed by space; blank pieces dropped. */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+/)
    .map((s) => s.trim())
    .filter((s) => /[\p{L}\p{N}]/u.test(s));
}

function evidenceOf(sample: Sample): string {
  const tools = sources(sample).map((s) => s.text);
  if (tools.length > 0) return tools.join('\n\n');
  const c = sample.metadata?.context;
  return typeof c === 'string' ? c : '';
}

/**
 * Sentence-level faithfulness (TRM, "faithfulness to correctness"): the judge decides, for each sentence of
 * the final answer, whether the retrieved evidence (the trajectory's tool results, else `metadata.context`)
 * backs it; score = share of backed sentences, `steps` = 1/0 per sentence. An answer that copies the
 * evidence verbatim (word 8-gram share above `maxCopied`) scores 0 with no call: copying is not answering.
 * Example: `{kind: trm-faithfulness, params: {backend: judge}}`.
 */
export const trmFaithfulness = defineReward({
  kind: 'trm-faithfulness',
  description: 'TRM sentence-level faithfulness: share of answer sentences an LLM judge finds backed by the evidence',
  source: 'TRM (faithfulness-to-correctness reward; sentence-level faithfulness judge) — template in our words',
  params: z.strictObject({
    ...judgeParams,
    template: agentTemplateParam('sentence-faithfulness'),
    structured: z.boolean().default(true).describe('ask for JSON by schema (response_format)'),
    maxSentences: z.number().int().min(1).default(32).describe('an answer with more sentences is unscorable'),
    maxCopied: z
      .number()
      .min(0)
      .max(1)
      .default(0.5)
      .describe('word 8-gram share copied from the evidence that scores 0'),
  }),
  capabilities: { ...JUDGE, stepLevel: true },
  backendsOf: (p) => [p.backend],
  score(sample, p, _ref, ctx) {
    const evidence = evidenceOf(sample);
    if (evidence.trim() === '')
      return unscorable('missing-input', 'trm-faithfulness needs tool results in the response or metadata.context');
    const answer = finalTurn(sample);
    const settled = screened(ctx, p, answer);
    if (settled) return settled;
    const copied = copiedShare(normalizeAnswer(answer), normalizeAnswer(evidence));
    if (copied > p.maxCopied)
      return scored(0, { reason: 'the answer copies the evidence verbatim', copied, judged: false });
    const parts = sentences(answer);
    if (parts.length === 0) return scored(0, { reason: 'no sentence to judge', judged: false });
    if (parts.length > p.maxSentences)
      return unscorable(
        'missing-input',
        `trm-faithfulness: ${parts.length} sentences, above maxSentences ${p.maxSentences}`,
      );
    const t = resolveAgentTemplate(p.template);
    const asks = parts.map((sentence) => {
      const vars = { prompt: promptOf(sample), evidence: fenced(evidence), sentence: fenced(sentence) };
      return {
        messages: messagesOf(fillTemplate(t.system, vars), fillTemplate(t.user, vars)),
        read: readMet,
        schema: p.structured ? MET_SCHEMA : undefined,
      };
    });
    return askAll(ctx, p, asks, (backed) => {
      const steps = backed.map(Number);
      return scored(steps.reduce((a, b) => a + b, 0) / steps.length, { sentences: parts.length }, steps);
    });
  },
});
