import { z } from 'zod';
import { defineReward, RULE } from '../core/define.js';
import { referenceStrings, responseText } from '../core/text.js';
import type { RewardResult } from '../core/types.js';
import { MATH_EXTRACTORS } from './extract.js';
import { sharedCasPool } from './pool.js';
import { verifyMath } from './verify.js';

const params = z.object({
  extract: z
    .array(z.enum(MATH_EXTRACTORS))
    .min(1)
    .default(['boxed', 'answer-tag', 'final-answer', 'latex', 'whole', 'last-number'])
    .describe('where to look for the final answer, in order; the first rule that finds one decides'),
  multiple: z
    .enum(['reject', 'last'])
    .default('reject')
    .describe('several different final answers: every one must be right (reject) or only the last counts'),
  lists: z
    .enum(['set', 'all', 'any'])
    .default('set')
    .describe('answer lists: same set (set), every gold answer present (all, lenient), one shared (any, lenient)'),
  percent: z
    .enum(['exact', 'value', 'ignore'])
    .default('exact')
    .describe('10\\% vs 10: must match (exact), read as 0.1 (value), or the sign is dropped (ignore)'),
  degrees: z.enum(['ignore', 'radians']).default('ignore').describe('45^\\circ = 45 (ignore) or = \\pi/4 (radians)'),
  rounding: z
    .enum(['exact', 'match-digits'])
    .default('exact')
    .describe('0.333 vs 1/3: different (exact) or equal when rounding the value to the shown digits (match-digits)'),
  tolerance: z.number().positive().max(0.01).default(1e-9).describe('relative tolerance for values that are not exact'),
  timeoutMs: z.number().int().min(1).max(60_000).default(2_000).describe('hard CAS budget per verification (ms)'),
  maxAnswerLength: z.number().int().min(1).default(1_000).describe('longer extracted answers score 0'),
});

const reference = z.union([z.string(), z.number(), z.array(z.union([z.string(), z.number()])).min(1)]);

/** 1 when the response's final answer equals the gold answer mathematically, else 0 (`details` says why). */
export const mathReward = defineReward({
  kind: 'math',
  description: 'Final answer mathematically equal to the gold answer (LaTeX, numbers, sets, intervals, equations)',
  source: 'Rule-based math verification in the style of Math-Verify (huggingface/Math-Verify)',
  params,
  capabilities: { ...RULE, needsReference: true, cost: 'cheap', bounds: [0, 1] },
  reference,
  async score(sample, p, ref, ctx) {
    const text = responseText(sample);
    const golds = referenceStrings(ref);
    // Several references are alternatives: any one equal scores 1.
    let first: RewardResult | undefined;
    for (const gold of golds) {
      const result = await verifyMath(gold, text, p, sharedCasPool, ctx.signal);
      if (result.status === 'scored' && result.score === 1) return result;
      if (!first || (first.status === 'unscorable' && result.status !== 'unscorable')) first = result;
    }
    return first as RewardResult;
  },
});
