import { z } from 'zod';
import { defineReward, RULE } from '../core/define.js';
import { scored, unscorable } from '../core/outcome.js';
import { referenceStrings, responseText } from '../core/text.js';
import { conflictingResult, extractAnswer, extractorsParam } from './extract.js';

const params = z.object({
  values: z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .describe('strings to look for; when absent, the sample reference (a string or a list) is used'),
  match: z.enum(['any', 'all']).default('any').describe('any: one string suffices; all: every string must occur'),
  partial: z.boolean().default(false).describe('with match=all, score the fraction of strings found instead of 0/1'),
  caseSensitive: z.boolean().default(false),
  wholeWord: z.boolean().default(false).describe('only count occurrences not flanked by letters or digits'),
  extract: extractorsParam(['whole']),
});
type Params = z.infer<typeof params>;

const WORD_CHAR = /[\p{L}\p{N}]/u;

function prepare(text: string, p: Params): string {
  const s = text.normalize('NFKC').replace(/\s+/gu, ' ').trim();
  return p.caseSensitive ? s : s.toLowerCase();
}

/** True when `needle` occurs in `hay` (both prepared); with `wholeWord`, only at word boundaries. */
function occurs(hay: string, needle: string, wholeWord: boolean): boolean {
  if (!wholeWord) return hay.includes(needle);
  for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + 1)) {
    const before = hay[at - 1];
    const after = hay[at + needle.length];
    if ((before === undefined || !WORD_CHAR.test(before)) && (after === undefined || !WORD_CHAR.test(after))) {
      return true;
    }
  }
  return false;
}

/** 1 when the response (or its extracted answer) contains a reference string; any/all of a list, optional partial credit. */
export const contains = defineReward({
  kind: 'contains',
  description: 'Response (or its extracted answer) contains a reference string: any or all of a list',
  params,
  capabilities: { ...RULE, bounds: [0, 1] },
  reference: z.union([z.string(), z.number(), z.array(z.union([z.string(), z.number()])).min(1)]),
  score(sample, p, reference) {
    const raw = p.values ?? referenceStrings(reference);
    if (raw.length === 0) return unscorable('no-reference', 'contains needs params.values or a sample reference');
    const needles = raw.map((v) => prepare(v, p));
    // An empty needle is contained in everything: never let it grant reward.
    if (needles.every((n) => n === '')) {
      return unscorable('unparsable-reference', 'every string to look for is empty after normalisation');
    }
    const found = extractAnswer(responseText(sample), p.extract);
    if (!found) return scored(0, { reason: 'no-answer' });
    const conflict = conflictingResult(found);
    if (conflict) return conflict;
    const hay = prepare(found.value, p);
    const hits = raw.filter((_, i) => needles[i] !== '' && occurs(hay, needles[i] as string, p.wholeWord));
    const missing = raw.filter((v) => !hits.includes(v));
    const total = needles.filter((n) => n !== '').length;
    let score: number;
    if (p.match === 'any') score = hits.length > 0 ? 1 : 0;
    else if (p.partial) score = hits.length / total;
    else score = hits.length === total ? 1 : 0;
    return scored(score, { rule: found.rule, found: hits, missing });
  },
});
