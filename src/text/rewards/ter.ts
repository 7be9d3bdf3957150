import { z } from 'zod';
import { scored } from '../../core/outcome.js';
import { Ter } from '../ter.js';
import { defineTextReward, fieldParam } from './input.js';

const params = z.object({
  normalized: z.boolean().default(false).describe('tokenize punctuation the mteval way'),
  noPunct: z.boolean().default(false).describe('drop . , ? : ; ! " ( )'),
  caseSensitive: z.boolean().default(false),
  field: fieldParam,
});

/** 1 − TER (sacreBLEU), floored at 0: edits per reference word, so fewer edits is a higher reward. */
export const terReward = defineTextReward({
  kind: 'ter',
  description: 'sacreBLEU-exact TER as a reward: max(0, 1 - TER), best over references',
  source: 'Snover et al. 2006 (TER); sacreBLEU 2.6.0 / tercom 0.7.25, conformance-tested',
  params,
  // TER's shift search grows fast with length (1,000 words: ~0.5 s; 3,000: ~10 s), hence 'cheap', not 'trivial'.
  cost: 'cheap',
  // Beyond ~2,000 words TER's shift search takes seconds (memory stays linear in the length).
  maxChars: 10_000,
  compare(input, p) {
    const s = new Ter(p).sentence(input.hypothesis, input.references);
    return scored(Math.max(0, 1 - s.score / 100), { ter: s.score, edits: s.edits, refLength: s.refLength });
  },
});
