import { z } from 'zod';
import { defineReward, RULE } from '../../core/define.js';
import { scored } from '../../core/outcome.js';
import { referenceStrings, responseText } from '../../core/text.js';
import { readNumber } from '../../rewards/parse-number.js';
import { answerParam, finalAnswer } from '../answer.js';
import { matchKey } from './matching.js';

const params = z.strictObject({
  relTol: z
    .number()
    .min(0)
    .max(1)
    .default(0.05)
    .describe(
      'relative error allowed for numbers, |a − g| ≤ relTol·|g| (0.05: ChartQA relaxed accuracy; Mixed-R1 reconstruction)',
    ),
  extract: answerParam(),
});
const reference = z.union([z.string().min(1), z.number(), z.array(z.union([z.string().min(1), z.number()])).min(1)]);

// ChartQA relaxed accuracy (Masry et al. 2022), as Mixed-R1's chart reward reads: |pred − gt| ≤ tol·|gt|.
export function relaxedMatch(pred: number, gold: number, relTol: number): boolean {
  return Math.abs(pred - gold) <= relTol * Math.abs(gold);
}

/**
 * Mixed-R1 chart reward: a numeric answer scores 1 within `relTol` relative error of a numeric reference (a zero
 * reference needs exactly 0); a text answer needs a normalised exact match. The answer must be one number.
 * Example: `{kind: mixed-chart}`, reference `"41.5"`, response `<answer>41.9%</answer>` scores 1.
 */
export const mixedChart = defineReward({
  kind: 'mixed-chart',
  description: 'Mixed-R1 chart: numbers within relative tolerance (default 5%), text by normalised exact match',
  source: 'Mixed-R1 (arXiv 2505.24164) chart reward; ChartQA relaxed accuracy (tolerance is a reconstruction)',
  params,
  reference,
  capabilities: { ...RULE, needsReference: true, bounds: [0, 1] },
  score(sample, p, ref: z.infer<typeof reference>) {
    const text = finalAnswer(responseText(sample), p.extract);
    if (text === null) return scored(0, { reason: 'no-answer' });
    const pred = readNumber(text, { decimalComma: false });
    for (const gold of referenceStrings(ref)) {
      const g = readNumber(gold, { decimalComma: false });
      if (g.ok && pred.ok) {
        if (relaxedMatch(pred.number.value, g.number.value, p.relTol)) return scored(1, { value: pred.number.value });
      } else if (!g.ok && matchKey(gold) === matchKey(text)) return scored(1, { answer: matchKey(text) });
    }
    return scored(0, pred.ok ? { value: pred.number.value } : { answer: matchKey(text) });
  },
});
