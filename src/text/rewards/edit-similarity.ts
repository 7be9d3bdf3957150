import { z } from 'zod';
import { scored } from '../../core/outcome.js';
import { editSimilarity } from '../edit-similarity.js';
import { defineTextReward, fieldParam } from './input.js';

const params = z.object({
  unit: z.enum(['char', 'word']).default('char').describe('edit code points or whitespace-separated words'),
  lowercase: z.boolean().default(false),
  trim: z.boolean().default(true).describe('ignore leading and trailing whitespace'),
  field: fieldParam,
});

/** 1 − Levenshtein / longer length, best over references. Example: kitten vs sitting → 1 − 3/7. */
export const editSimilarityReward = defineTextReward({
  kind: 'edit-similarity',
  description: 'Normalised Levenshtein similarity 1 - d/max(len) (chars or words), best over references',
  source: 'Levenshtein 1966; distance by fastest-levenshtein',
  params,
  // Levenshtein time is the product of the lengths: 100k x 100k chars is ~0.1 s, 1.9M x 1.9M was 24 s.
  maxChars: 100_000,
  compare(input, p) {
    const prep = (s: string) => {
      const t = p.trim ? s.trim() : s;
      return p.lowercase ? t.toLowerCase() : t;
    };
    const hyp = prep(input.hypothesis);
    let best = { similarity: -1, distance: 0, reference: 0 };
    input.references.forEach((ref, i) => {
      const s = editSimilarity(hyp, prep(ref), p.unit);
      if (s.similarity > best.similarity) best = { similarity: s.similarity, distance: s.distance, reference: i };
    });
    return scored(best.similarity, { distance: best.distance, reference: best.reference });
  },
});
