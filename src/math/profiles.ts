// The `math` reward's params: a strict default for RL and a Math-Verify-compatible profile. Explicit
// params always win over the profile's choices.
import { z } from 'zod';
import { MATH_EXTRACTORS } from './extract.js';
import type { MathOptions } from './verify.js';

export const mathParams = z.object({
  compat: z
    .enum(['none', 'math-verify'])
    .default('none')
    .describe(
      "profile: rewardkit's strict defaults (none) or Math-Verify's choices (math-verify); explicit params win",
    ),
  extract: z
    .array(z.enum(MATH_EXTRACTORS))
    .min(1)
    .optional()
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
    .enum(['exact', 'match-digits', 'float-rounding'])
    .optional()
    .describe(
      '0.333 vs 1/3: different (exact), equal when rounding to the shown digits (match-digits), or both rounded to floatRounding places (float-rounding, Math-Verify)',
    ),
  floatRounding: z
    .number()
    .int()
    .min(1)
    .max(15)
    .default(6)
    .describe('decimal places both sides are rounded to under rounding: float-rounding'),
  chains: z
    .enum(['strict', 'last'])
    .optional()
    .describe('equation chains x = a = b: every link must hold (strict) or only the last side counts (last)'),
  decimalComma: z
    .enum(['unambiguous', 'never'])
    .default('unambiguous')
    .describe('1,22 / 0,111 / 1000,99 read as decimals when the comma cannot be a thousands separator, or never'),
  setRelation: z
    .boolean()
    .default(false)
    .describe('accept a relation (-2 \\le x \\le 7) for a gold written as a set or interval (x \\in [-2, 7])'),
  looseTuples: z
    .boolean()
    .optional()
    .describe('accept a bare list 1, 3 for a gold tuple or open interval (1, 3) when the items match in order'),
  tolerance: z.number().positive().max(0.01).default(1e-9).describe('relative tolerance for values that are not exact'),
  timeoutMs: z.number().int().min(1).max(60_000).default(2_000).describe('hard CAS budget per verification (ms)'),
  maxAnswerLength: z.number().int().min(1).default(1_000).describe('longer extracted answers score 0'),
});

export type MathParams = z.infer<typeof mathParams>;

type Profiled = Pick<MathOptions, 'extract' | 'rounding' | 'chains' | 'looseTuples'>;

const PROFILES: Record<MathParams['compat'], Profiled> = {
  // Strict for RL: a rounded decimal is not the exact value, every link of a chain must hold, an
  // intermediate boxed value is a second answer.
  none: {
    extract: ['boxed', 'answer-tag', 'final-answer', 'latex', 'whole', 'last-number'],
    rounding: 'exact',
    chains: 'strict',
    looseTuples: false,
  },
  // Math-Verify 0.8 `verify()` defaults: float_rounding=6, last link of a chain, "The final answer is X.
  // I hope it is correct." ahead of \boxed{}, a bare pair for an open interval.
  'math-verify': {
    extract: ['minerva', 'boxed', 'answer-tag', 'final-answer', 'latex', 'whole', 'last-number'],
    rounding: 'float-rounding',
    chains: 'last',
    looseTuples: true,
  },
};

const resolved = new WeakMap<MathParams, MathOptions>();

/** The options one verification runs with: the profile's choices under any explicit params. */
export function resolveMathOptions(p: MathParams): MathOptions {
  let hit = resolved.get(p);
  if (!hit) {
    const profile = PROFILES[p.compat];
    const { compat: _compat, ...given } = p;
    const explicit = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
    hit = { ...profile, ...explicit } as MathOptions;
    resolved.set(p, hit);
  }
  return hit;
}
