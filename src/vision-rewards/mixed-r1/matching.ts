import { z } from 'zod';
import { defineReward, RULE } from '../../core/define.js';
import { scored } from '../../core/outcome.js';
import { referenceStrings, responseText } from '../../core/text.js';
import { answerParam, finalAnswer } from '../answer.js';

const params = z.strictObject({ extract: answerParam() });
const reference = z.union([z.string().min(1), z.number(), z.array(z.union([z.string().min(1), z.number()])).min(1)]);

/** Mixed-R1 answer normalisation: trim, case-fold, drop a leading option mark "(B)"/"B." to its letter, trailing dots. */
export function matchKey(text: string): string {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  const option = /^\(?([a-z])\)?(?:[.:)]|\s|$)/.exec(t);
  if (option && (t.length === 1 || /^\(?[a-z]\)?[.:)]/.test(t) || /^\([a-z]\)/.test(t))) return option[1] as string;
  const yesNo = /^(yes|no)\b/.exec(t);
  if (yesNo && !/\b(yes|no)\b.*\b(yes|no)\b/.test(t)) return yesNo[1] as string;
  return t.replace(/[.!\s]+$/, '');
}

/**
 * Mixed-R1 matching reward (yes/no and multiple choice): 1 when the normalised final answer equals a reference,
 * else 0. "Yes or no" hedges and keeps both words, so it matches neither. Example: `{kind: mixed-matching}`,
 * reference `"B"`, response `<answer>(B) a red car</answer>`.
 */
export const mixedMatching = defineReward({
  kind: 'mixed-matching',
  description: 'Mixed-R1 matching: normalised final answer (yes/no, option letter) equals the reference',
  source: 'Mixed-R1 (arXiv 2505.24164): matching reward',
  params,
  reference,
  capabilities: { ...RULE, needsReference: true, bounds: [0, 1] },
  score(sample, p, ref: z.infer<typeof reference>) {
    const text = finalAnswer(responseText(sample), p.extract);
    if (text === null) return scored(0, { reason: 'no-answer' });
    const key = matchKey(text);
    const refs = referenceStrings(ref).map(matchKey);
    return scored(refs.includes(key) ? 1 : 0, { answer: key });
  },
});
