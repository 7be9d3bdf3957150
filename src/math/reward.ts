import { z } from 'zod';
import { defineReward, RULE } from '../core/define.js';
import { referenceStrings, responseText } from '../core/text.js';
import type { RewardResult } from '../core/types.js';
import { sharedCasPool } from './pool.js';
import { mathParams, resolveMathOptions } from './profiles.js';
import { verifyMath } from './verify.js';

const reference = z.union([z.string(), z.number(), z.array(z.union([z.string(), z.number()])).min(1)]);

/** 1 when the response's final answer equals the gold answer mathematically, else 0 (`details` says why). */
export const mathReward = defineReward({
  kind: 'math',
  description: 'Final answer mathematically equal to the gold answer (LaTeX, numbers, sets, intervals, equations)',
  source: 'Rule-based math verification in the style of Math-Verify (huggingface/Math-Verify)',
  params: mathParams,
  capabilities: { ...RULE, needsReference: true, cost: 'cheap', bounds: [0, 1] },
  reference,
  async score(sample, p, ref, ctx) {
    const text = responseText(sample);
    const golds = referenceStrings(ref);
    const opts = resolveMathOptions(p);
    // Several references are alternatives: any one equal scores 1.
    let first: RewardResult | undefined;
    for (const gold of golds) {
      const result = await verifyMath(gold, text, opts, sharedCasPool, ctx.signal, (wait) => ctx.queued(wait));
      if (result.status === 'scored' && result.score === 1) return result;
      if (!first || (first.status === 'unscorable' && result.status !== 'unscorable')) first = result;
    }
    return first as RewardResult;
  },
});
