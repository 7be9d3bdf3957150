import { z } from 'zod';
import { defineComposite, RULE } from '../core/define.js';
import { scored } from '../core/outcome.js';
import type { RewardResult } from '../core/types.js';
import { blockingChild } from './children.js';

const params = z.object({
  threshold: z.number().default(1).describe('the condition passes when its score is at least this'),
  otherwise: z.number().default(0).describe('score given when the condition fails'),
});

/** Scores `reward` only for samples whose `when` condition passes; the rest get `otherwise` and `reward` is never run. */
export const gate = defineComposite({
  kind: 'gate',
  description: 'Score the "reward" node only if the "when" node passes (e.g. correctness gated on format)',
  params,
  capabilities: { ...RULE },
  slots: { when: 'one', reward: 'one' },
  async run(samples, children, p) {
    const when = children.when?.[0];
    const then = children.reward?.[0];
    if (!when || !then) throw new Error('gate needs "when" and "reward"');
    const conditions = await when.run(samples);
    const passing = samples.filter((_, i) => {
      const c = conditions[i] as RewardResult;
      return c.status === 'scored' && (c.score as number) >= p.threshold;
    });
    const thenResults = await then.run(passing);
    let next = 0;
    return conditions.map((c) => {
      const blocking = blockingChild([when], [c]);
      if (blocking) return blocking;
      if ((c.score as number) < p.threshold) return scored(p.otherwise, { gate: 'closed', condition: c.score });
      const r = thenResults[next++] as RewardResult;
      return blockingChild([then], [r]) ?? scored(r.score as number, { gate: 'open', condition: c.score });
    });
  },
});
