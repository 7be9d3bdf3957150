import { z } from 'zod';
import { defineReward, RULE } from '../core/define.js';
import { scored, unscorable } from '../core/outcome.js';
import { referenceStrings, responseText } from '../core/text.js';
import { conflictingResult, extractAnswer, extractParam } from './extract.js';
import { normalizeAnswer, normalizeParams } from './normalize.js';

const params = normalizeParams.extend({ extract: extractParam });

/** 1 when the extracted answer equals a reference after SQuAD-style normalisation, else 0. */
export const exactMatch = defineReward({
  kind: 'exact-match',
  description: 'Extracted answer equals any reference after SQuAD-style normalisation',
  source: 'SQuAD v1.1 evaluation script (normalize_answer)',
  params,
  capabilities: { ...RULE, needsReference: true, bounds: [0, 1] },
  reference: z.union([z.string(), z.number(), z.array(z.union([z.string(), z.number()])).min(1)]),
  score(sample, p, reference) {
    const found = extractAnswer(responseText(sample), p.extract);
    if (!found) return scored(0, { reason: 'no-answer' });
    const conflict = conflictingResult(found);
    if (conflict) return conflict;
    const answer = normalizeAnswer(found.value, p);
    const refs = referenceStrings(reference).map((r) => normalizeAnswer(r, p));
    if (refs.every((r) => r === ''))
      return unscorable('unparsable-reference', 'every reference is empty after normalisation');
    const matched = refs.indexOf(answer);
    return scored(matched >= 0 ? 1 : 0, { extracted: found.value, rule: found.rule, normalized: answer, matched });
  },
});
