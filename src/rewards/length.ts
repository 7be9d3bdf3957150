import { z } from 'zod';
import { defineReward, RULE } from '../core/define.js';
import { scored } from '../core/outcome.js';
import { responseText } from '../core/text.js';
import { stripThinking } from './extract.js';
import { ENCODINGS, tokenCounter } from './token-count.js';

const params = z
  .object({
    unit: z
      .enum(['chars', 'words', 'tokens'])
      .default('words')
      .describe('chars = code points; words = whitespace-separated'),
    encoding: z.enum(ENCODINGS).default('o200k_base').describe('OpenAI encoding for unit=tokens'),
    scope: z
      .enum(['all', 'answer', 'thinking'])
      .default('all')
      .describe('all = the whole response; answer = outside <think>; thinking = inside <think>'),
    mode: z
      .enum(['count', 'range', 'target'])
      .default('count')
      .describe('count = the raw length; range = 1 inside [min, max]; target = closeness to target'),
    min: z.number().min(0).optional(),
    max: z.number().min(0).optional(),
    slack: z
      .number()
      .min(0)
      .default(0)
      .describe('range: outside [min, max] the score falls linearly to 0 over this many units'),
    target: z.number().min(0).optional(),
    scale: z
      .number()
      .positive()
      .optional()
      .describe('target: distance at which the score reaches 0 (default = target)'),
  })
  .superRefine((p, ctx) => {
    if (p.mode === 'range' && p.min === undefined && p.max === undefined) {
      ctx.addIssue({ code: 'custom', path: ['max'], message: 'mode "range" needs min and/or max' });
    }
    if (p.min !== undefined && p.max !== undefined && p.min > p.max) {
      ctx.addIssue({ code: 'custom', path: ['min'], message: 'min must not exceed max' });
    }
    if (p.mode === 'target' && p.target === undefined) {
      ctx.addIssue({ code: 'custom', path: ['target'], message: 'mode "target" needs a target length' });
    }
    if (p.mode === 'target' && p.target === 0 && p.scale === undefined) {
      ctx.addIssue({ code: 'custom', path: ['scale'], message: 'target 0 needs an explicit scale' });
    }
  });
type Params = z.infer<typeof params>;

function scoped(text: string, scope: Params['scope']): string {
  if (scope === 'all') return text;
  if (scope === 'answer') return stripThinking(text);
  const inside = [...text.matchAll(/<think>([\s\S]*?)(?:<\/think>|$)/g)].map((m) => m[1] as string);
  return inside.join('\n');
}

async function measure(text: string, p: Params): Promise<number> {
  if (p.unit === 'chars') {
    let n = 0;
    for (const _ of text) n++;
    return n;
  }
  if (p.unit === 'words') return text.split(/\s+/u).filter(Boolean).length;
  return (await tokenCounter(p.encoding)).count(text);
}

// Range: 1 inside [min, max], then linear decay to 0 over `slack` units (a hard 0/1 window when slack = 0).
export function rangeScore(n: number, min: number, max: number, slack: number): number {
  const distance = n < min ? min - n : n > max ? n - max : 0;
  if (distance === 0) return 1;
  return slack > 0 ? Math.max(0, 1 - distance / slack) : 0;
}

// Target: LCPO length penalty α·|n − target| (Aggarwal & Welleck 2025, arXiv 2503.04697) as 1 − |n − target|/scale, floored at 0.
export function targetScore(n: number, target: number, scale: number): number {
  return Math.max(0, 1 - Math.abs(n - target) / scale);
}

/** Response length in characters, words or tokens: the raw count, or a [0,1] reward for a range or a target. */
export const lengthReward = defineReward({
  kind: 'length',
  description: 'Length in chars/words/tokens (OpenAI encodings): raw count, within [min,max], or closeness to a target',
  source: 'target mode: LCPO length penalty (Aggarwal & Welleck 2025, arXiv 2503.04697), normalised',
  params,
  capabilities: { ...RULE, cost: 'cheap' },
  async score(sample, p) {
    const n = await measure(scoped(responseText(sample), p.scope), p);
    const details = { length: n, unit: p.unit };
    if (p.mode === 'count') return scored(n, details);
    if (p.mode === 'range')
      return scored(rangeScore(n, p.min ?? 0, p.max ?? Number.POSITIVE_INFINITY, p.slack), details);
    const target = p.target as number;
    return scored(targetScore(n, target, p.scale ?? target), details);
  },
});
