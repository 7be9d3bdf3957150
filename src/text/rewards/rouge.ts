import { z } from 'zod';
import { scored } from '../../core/outcome.js';
import { type RougeType, rougeMulti } from '../rouge.js';
import { defineTextReward, fieldParam } from './input.js';

const params = z.object({
  type: z
    .string()
    .regex(/^rouge([1-9]|L|Lsum)$/, 'expected rouge1..rouge9, rougeL or rougeLsum')
    .default('rougeL')
    .describe('rouge1..rouge9, rougeL, or rougeLsum (sentences split on newlines)'),
  measure: z.enum(['f', 'precision', 'recall']).default('f'),
  stemmer: z.boolean().default(false).describe("Porter-stem tokens longer than 3 letters (NLTK's stemmer)"),
  field: fieldParam,
});

/** Google rouge-score ROUGE (F1 by default); with several references, the one with the best F1 counts. */
export const rougeReward = defineTextReward({
  kind: 'rouge',
  description: 'ROUGE-N / ROUGE-L / ROUGE-Lsum as Google rouge-score computes them (F1, precision or recall)',
  source: 'Lin 2004; Google rouge-score (rouge_scorer.py) behaviour',
  params,
  // ROUGE-L's LCS time is the product of the token counts.
  maxChars: 100_000,
  compare(input, p) {
    const s = rougeMulti(input.references, input.hypothesis, p.type as RougeType, { useStemmer: p.stemmer });
    const value = p.measure === 'f' ? s.fmeasure : p.measure === 'precision' ? s.precision : s.recall;
    return scored(value, { precision: s.precision, recall: s.recall, fmeasure: s.fmeasure, reference: s.target });
  },
});
