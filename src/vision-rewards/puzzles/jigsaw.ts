import { z } from 'zod';
import { defineReward, RULE } from '../../core/define.js';
import { failed, scored } from '../../core/outcome.js';
import { responseText } from '../../core/text.js';
import { answerParam, finalAnswer, numbersIn } from '../answer.js';

const params = z.strictObject({
  base: z
    .union([z.literal(0), z.literal(1)])
    .default(1)
    .describe('tiles are numbered from 0 or from 1 (default 1)'),
  credit: z
    .enum(['partial', 'exact'])
    .default('partial')
    .describe('partial: share of tiles in place (PC-GRPO graded credit, a reconstruction); exact: 1 only if all are'),
  extract: answerParam(),
});

const permutation = z.array(z.number().int()).min(1).max(1024);
const reference = z.union([permutation, z.looseObject({ permutation })]);

/** Why a parsed answer is not a permutation of the N tiles, or null when it is one. */
export function notAPermutation(answer: readonly number[], n: number, base: number): string | null {
  if (answer.length !== n) return `expected ${n} tiles, got ${answer.length}`;
  const seen = new Set<number>();
  for (const t of answer) {
    if (!Number.isInteger(t) || t < base || t >= base + n) return `tile ${t} is not one of ${base}..${base + n - 1}`;
    if (seen.has(t)) return `tile ${t} is repeated`;
    seen.add(t);
  }
  return null;
}

// PC-GRPO jigsaw (arXiv 2512.14944), closest reading: #{i : answer(i) = truth(i)} / N; 0 unless a permutation.
export function jigsawCredit(answer: readonly number[], truth: readonly number[]): number {
  let hits = 0;
  for (let i = 0; i < truth.length; i++) if (answer[i] === truth[i]) hits++;
  return hits / truth.length;
}

/**
 * PC-GRPO jigsaw reward: the response gives the tile order (`<answer>2 1 4 3</answer>`, a grid `[[2,1],[4,3]]`
 * reads row by row); the score is the share of tiles in their place, 0 for anything but a permutation of the N
 * tiles (repeats, missing or extra tiles). Example: `{kind: puzzle-jigsaw, params: {base: 1}}`, reference `[2,1,4,3]`.
 */
export const puzzleJigsaw = defineReward({
  kind: 'puzzle-jigsaw',
  description: 'PC-GRPO jigsaw: share of tiles in their correct place (0 unless the answer is a permutation)',
  source: 'Puzzle Curriculum GRPO (PC-GRPO, arXiv 2512.14944); partial-credit formula is a reconstruction',
  params,
  reference,
  capabilities: { ...RULE, needsReference: true, bounds: [0, 1] },
  score(sample, p, ref: z.infer<typeof reference>) {
    const truth = Array.isArray(ref) ? ref : ref.permutation;
    const bad = notAPermutation(truth, truth.length, p.base);
    if (bad) return failed('invalid-reference', `reference is not a permutation: ${bad}`);
    const text = finalAnswer(responseText(sample), p.extract);
    if (text === null) return scored(0, { reason: 'no-answer' });
    const answer = numbersIn(text);
    const invalid = notAPermutation(answer, truth.length, p.base);
    if (invalid) return scored(0, { reason: 'not-a-permutation', detail: invalid });
    const credit = jigsawCredit(answer, truth);
    return scored(p.credit === 'exact' ? (credit === 1 ? 1 : 0) : credit, { answer, inPlace: credit * truth.length });
  },
});
