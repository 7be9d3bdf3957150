// Test-only reward kinds: a slow one, a throwing one and a counting one, to pin runner behaviour.
import { z } from 'zod';
import { createRegistry } from '../src/catalog.js';
import { defineReward, RULE } from '../src/core/define.js';
import { scored } from '../src/core/outcome.js';
import { responseText } from '../src/core/text.js';

export const calls = { count: 0 };

export const slow = defineReward({
  kind: 'test-slow',
  description: 'waits params.ms then scores 1 (test only)',
  params: z.object({ ms: z.number().default(50) }),
  capabilities: { ...RULE, pure: false },
  score: async (_s, p, _r, ctx) => {
    await new Promise((resolve) => setTimeout(resolve, p.ms));
    return scored(ctx.signal.aborted ? -1 : 1);
  },
});

export const throwing = defineReward({
  kind: 'test-throw',
  description: 'throws an ordinary Error (test only)',
  params: z.object({}),
  capabilities: RULE,
  score: () => {
    throw new Error('boom');
  },
});

export const counting = defineReward({
  kind: 'test-count',
  description: 'scores the response length and counts calls (test only)',
  params: z.object({}),
  capabilities: RULE,
  score: (sample) => {
    calls.count++;
    return scored(responseText(sample).length);
  },
});

/** Like test-count, with the capabilities a test sets (only cheap-and-up kinds are deduplicated). */
const countingAs = (kind: string, capabilities: Partial<typeof RULE>) =>
  defineReward({
    kind,
    description: 'scores the response length and counts calls (test only)',
    params: z.object({}),
    capabilities: { ...RULE, ...capabilities },
    score: (sample) => {
      calls.count++;
      return scored(responseText(sample).length);
    },
  });
export const countingCheap = countingAs('test-count-cheap', { cost: 'cheap' });

export const nonFinite = defineReward({
  kind: 'test-nan',
  description: 'returns NaN (test only)',
  params: z.object({}),
  capabilities: RULE,
  score: () => scored(Number.NaN),
});

export const testRegistry = () => createRegistry([slow, throwing, counting, countingCheap, nonFinite]);
