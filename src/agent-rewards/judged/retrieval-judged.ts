import { z } from 'zod';
import { defineReward } from '../../core/define.js';
import { scored } from '../../core/outcome.js';
import { referenceStrings } from '../../core/text.js';
import type { Sample } from '../../core/types.js';
import { type Ask, askAll, fenced, JUDGE, judgeParams, messagesOf, promptOf } from '../../judges/engine/call.js';
import { fillTemplate } from '../../judges/engine/templates.js';
import { MET_SCHEMA } from '../../judges/kinds/items.js';
import { readMet } from '../../judges/parse/verdicts.js';
import { answerParam, finalAnswer, normalizeAnswer } from '../answers.js';
import { finalTurn, sources } from '../retrieval/trajectory.js';
import { agentTemplateParam, resolveAgentTemplate } from './templates.js';

const common = {
  ...judgeParams,
  answer: answerParam,
  template: agentTemplateParam('passage-relevance'),
  maxPassages: z.number().int().min(1).default(40).describe('retrieved passages judged, at most (the first ones)'),
};

/** Passages of each search result: blank-line-separated pieces of every tool result, per call. */
export function passagesPerCall(sample: Sample): string[][] {
  return sources(sample).map((s) =>
    s.text
      .split(/\n\s*\n/)
      .map((x) => x.trim())
      .filter(Boolean),
  );
}

/** Outcome: 1 when the final answer equals a reference answer (normalised). */
function outcomeOf(
  sample: Sample,
  format: z.infer<typeof answerParam>,
  gold: string[],
): { answer: string | null; correct: number } {
  const answer = finalAnswer(finalTurn(sample), format);
  return { answer, correct: answer !== null && gold.map(normalizeAnswer).includes(answer) ? 1 : 0 };
}

function relevanceAsks(
  sample: Sample,
  template: Parameters<typeof resolveAgentTemplate>[0],
  passages: string[],
): Array<Ask<boolean>> {
  const t = resolveAgentTemplate(template);
  return passages.map((passage) => {
    const vars = { prompt: promptOf(sample), passage: fenced(passage) };
    return {
      messages: messagesOf(fillTemplate(t.system, vars), fillTemplate(t.user, vars)),
      read: readMet,
      schema: MET_SCHEMA,
    };
  });
}

// Scores are weighted sums: no fixed bounds.
const { bounds: _bounds, ...UNBOUNDED } = JUDGE;

const reference = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);
const tokens = (s: string) => s.split(/\s+/).filter(Boolean).length;

/**
 * R3-RAG reward (Li et al. 2025; weights not published — reconstruction): R = w_o·outcome + w_p·(share of
 * retrieved passages an LLM judge finds relevant) + w_f·format, where outcome is exact match of the final
 * answer with the reference and format is 1 when an answer is given. No retrieval gives process 0.
 * Example: `{kind: r3-rag, params: {weights: {outcome: 1, process: 0.5, format: 0.1}}}`.
 */
export const r3Rag = defineReward({
  kind: 'r3-rag',
  description:
    'R3-RAG: outcome exact match + judged relevance of retrieved passages + format (weights: reconstruction)',
  source:
    'R3-RAG (Li et al. 2025): outcome + document-relevance process + format rewards, summed — weights reconstructed',
  params: z.strictObject({
    ...common,
    weights: z
      .strictObject({
        outcome: z.number().min(0).default(1),
        process: z.number().min(0).default(0.5),
        format: z.number().min(0).default(0.1),
      })
      .default({ outcome: 1, process: 0.5, format: 0.1 })
      .describe('weights of outcome, process and format (reconstruction)'),
  }),
  reference,
  capabilities: { ...UNBOUNDED, needsReference: true, stepLevel: true },
  backendsOf: (p) => [p.backend],
  score(sample, p, ref, ctx) {
    const { answer, correct } = outcomeOf(sample, p.answer, referenceStrings(ref));
    const passages = passagesPerCall(sample).flat().slice(0, p.maxPassages);
    const w = p.weights;
    return askAll(ctx, p, relevanceAsks(sample, p.template, passages), (relevant) => {
      const steps = relevant.map(Number);
      const process = steps.length === 0 ? 0 : steps.reduce((a, b) => a + b, 0) / steps.length;
      const format = answer === null ? 0 : 1;
      const total = w.outcome * correct + w.process * process + w.format * format;
      return scored(total, { outcome: correct, process, format, answer }, steps);
    });
  },
});

/**
 * Search-R2 information-density reward (He et al. arXiv 2602.03647; density formula not published —
 * reconstruction): ρ = mean over search calls of (words in passages judged relevant / words retrieved);
 * R = R_o + λ·ρ. A trajectory with no search gets ρ = 0. With `densityOnlyIfCorrect` ρ counts only when the
 * answer is right, so retrieving one short relevant snippet and answering wrong earns nothing.
 * Example: `{kind: search-r2-density, params: {lambda: 0.5}}`.
 */
export const searchR2Density = defineReward({
  kind: 'search-r2-density',
  description: 'Search-R2: outcome + λ · information density of the retrieved evidence (density: reconstruction)',
  source: 'Search-R2 (He et al. arXiv 2602.03647) hybrid outcome + information-density process reward — reconstruction',
  params: z.strictObject({
    ...common,
    lambda: z.number().min(0).default(0.5).describe('weight λ of the density term (reconstruction)'),
    densityOnlyIfCorrect: z.boolean().default(false).describe('add λ·ρ only when the outcome is correct'),
  }),
  reference,
  capabilities: { ...UNBOUNDED, needsReference: true },
  backendsOf: (p) => [p.backend],
  score(sample, p, ref, ctx) {
    const { answer, correct } = outcomeOf(sample, p.answer, referenceStrings(ref));
    const calls = passagesPerCall(sample);
    const flat: Array<{ call: number; text: string }> = calls
      .flatMap((ps, call) => ps.map((text) => ({ call, text })))
      .slice(0, p.maxPassages);
    return askAll(
      ctx,
      p,
      relevanceAsks(
        sample,
        p.template,
        flat.map((x) => x.text),
      ),
      (relevant) => {
        const perCall = calls.map((_, call) => {
          const mine = flat.map((x, i) => ({ ...x, ok: relevant[i] })).filter((x) => x.call === call);
          const all = mine.reduce((a, x) => a + tokens(x.text), 0);
          return all === 0 ? 0 : mine.filter((x) => x.ok).reduce((a, x) => a + tokens(x.text), 0) / all;
        });
        const density = perCall.length === 0 ? 0 : perCall.reduce((a, b) => a + b, 0) / perCall.length;
        const gated = p.densityOnlyIfCorrect && correct === 0 ? 0 : density;
        return scored(correct + p.lambda * gated, { outcome: correct, density, perCall, answer });
      },
    );
  },
});
