import type { RE2JS } from 're2js';
import { z } from 'zod';
import { compileRegex, regexProblem } from '../../rewards/safe-regex.js';
import { readByPattern, readFinalTag, readPreference, readRmR1Verdict } from '../parse/verdicts.js';
import { PREFERENCE_SCHEMA, pairwiseKind, pairwiseParams, twoTurns } from './pairwise.js';

/** Pairwise comparison with position swap; ties allowed. Score 1 win, 0.5 tie, 0 loss (mean of both orders). */
export const judgePairwise = pairwiseKind({
  kind: 'judge-pairwise',
  description: 'LLM judge: the response against reference.response, both orders; 1 win, 0.5 tie, 0 loss',
  source: 'MT-Bench pairwise judging with position swap (Zheng et al. 2023); JudgeBench double game (arXiv 2410.12784)',
  params: z.strictObject({
    ...pairwiseParams('pairwise'),
    structured: z.boolean().default(true).describe('ask for JSON by schema (response_format)'),
  }),
  spec: { single: (p) => ({ read: readPreference, schema: p.structured ? PREFERENCE_SCHEMA : undefined }) },
});

/** RM-R1 chain-of-rubrics: verdict from the last 80 characters; both verdicts present is judge-invalid. */
export const judgeChainOfRubrics = pairwiseKind({
  kind: 'judge-chain-of-rubrics',
  description: 'RM-R1 chain-of-rubrics judge: type, rubric or own solution, eval, <answer>[[A]]</answer>; both orders',
  source: 'RM-R1 (Chen et al. 2025, arXiv 2505.02387; RM-R1-UIUC/RM-R1 lm_as_judge.py verdict rule)',
  params: z.strictObject({
    ...pairwiseParams('chain-of-rubrics'),
    window: z
      .number()
      .int()
      .min(10)
      .max(2000)
      .default(80)
      .describe('characters at the end read for the verdict (RM-R1: 80)'),
  }),
  spec: { single: (p) => ({ read: (f: string) => readRmR1Verdict(f, p.window) }) },
});

/** BR-RM two turns: adaptive branching (criteria + hypotheses), then branch-conditioned rethinking and [[A]]/[[B]]. */
export const judgeBranchRethink = pairwiseKind({
  kind: 'judge-branch-rethink',
  description: 'BR-RM two-turn judge: pick critical criteria and hypotheses, then re-read and give [[A]] or [[B]]',
  source: 'Think Twice / BR-RM (Jiao et al. 2025, arXiv 2510.23596); tags are ours (not confirmed in the paper)',
  params: z.strictObject({
    ...pairwiseParams('branch-rethink'),
    criteria: z
      .array(z.string().min(1))
      .min(2)
      .default([
        'factual accuracy',
        'reasoning soundness',
        'instruction following',
        'safety',
        'completeness',
        'clarity and style',
      ])
      .describe('the universal criteria set turn 1 picks from'),
  }),
  spec: {
    ask: (ctx, p, t, vars) =>
      twoTurns((f) => readFinalTag(f, 'A', 'B'))(ctx, p, t, { ...vars, criteria: p.criteria.join(', ') }),
  },
});

/** WebArbiter: which candidate next action is better; default verdict `[[1]]`/`[[2]]`, or your own pattern. */
export const judgeWebAction = pairwiseKind({
  kind: 'judge-web-action',
  description: 'WebArbiter judge: the response (next web action) against reference.action; [[1]] or [[2]], both orders',
  source: 'WebArbiter (Zhang et al. 2026, arXiv 2601.21872); verdict tag is ours (configurable)',
  params: z.strictObject({
    ...pairwiseParams('web-action'),
    verdictPattern: z
      .string()
      .min(1)
      .refine((v) => regexProblem(v, 'i') === null, { message: 'not a valid RE2 pattern' })
      .optional()
      .describe(
        'RE2 regex (linear time) whose group 1 is "1" or "2" (last match wins); default: [[1]] / [[2]], both in the tail is invalid',
      ),
  }),
  spec: {
    single: (p) => {
      const re = p.verdictPattern === undefined ? undefined : compileRegex(p.verdictPattern, 'i');
      const lastGroup = (f: string): string | undefined => {
        const m = (re as RE2JS).matcher(f);
        let group: string | undefined;
        while (m.find()) group = m.group(1) ?? undefined;
        return group;
      };
      return { read: (f: string) => (re ? readByPattern(f, lastGroup, '1', '2') : readFinalTag(f, '1', '2')) };
    },
  },
});
