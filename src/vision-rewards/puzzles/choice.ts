import { z } from 'zod';
import { defineReward, RULE } from '../../core/define.js';
import { failed, scored } from '../../core/outcome.js';
import { responseText } from '../../core/text.js';
import { answerParam, finalAnswer, numbersIn } from '../answer.js';

const rotationParams = z.strictObject({
  angles: z
    .array(z.number().int().min(0).max(359))
    .min(2)
    .default([0, 90, 180, 270])
    .describe('the rotations the puzzle offers, in degrees (an answer outside them scores 0)'),
  extract: answerParam(),
});

const rotationRef = z.union([z.number(), z.looseObject({ angle: z.number() })]);

const turn = (deg: number) => ((deg % 360) + 360) % 360;

/**
 * PC-GRPO rotation reward: 1 when the one angle in the final answer equals the applied rotation (mod 360, so
 * -90 is 270), else 0; several different angles (hedging) or one not offered score 0.
 * Example: `{kind: puzzle-rotation}`, reference `90`, response `<answer>90°</answer>`.
 */
export const puzzleRotation = defineReward({
  kind: 'puzzle-rotation',
  description: 'PC-GRPO rotation: 1 when the single answered angle equals the applied rotation (mod 360)',
  source: 'Puzzle Curriculum GRPO (PC-GRPO, arXiv 2512.14944): binary rotation reward',
  params: rotationParams,
  reference: rotationRef,
  capabilities: { ...RULE, needsReference: true, bounds: [0, 1] },
  score(sample, p, ref: z.infer<typeof rotationRef>) {
    const truth = turn(typeof ref === 'number' ? ref : ref.angle);
    const text = finalAnswer(responseText(sample), p.extract);
    if (text === null) return scored(0, { reason: 'no-answer' });
    const angles = [...new Set(numbersIn(text).map(turn))];
    if (angles.length !== 1) return scored(0, { reason: angles.length ? 'several-answers' : 'no-angle', angles });
    const [angle] = angles as [number];
    if (!p.angles.includes(angle)) return scored(0, { reason: 'not-offered', angle });
    return scored(angle === truth ? 1 : 0, { angle });
  },
});

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The options named in an answer: standalone capital letters (`B`, `(B)`, `B.`) or option numbers. */
export function optionsIn(text: string, labels: 'letters' | 'numbers', count: number): string[] {
  const found =
    labels === 'letters'
      ? [...text.matchAll(/(?<![A-Za-z])([A-Z])(?![A-Za-z])/g)].map((m) => m[1] as string)
      : numbersIn(text).map(String);
  const valid =
    labels === 'letters' ? LETTERS.slice(0, count).split('') : [...Array(count)].map((_, i) => String(i + 1));
  return [...new Set(found)].filter((o) => valid.includes(o) || !valid.length);
}

const patchParams = z.strictObject({
  labels: z.enum(['letters', 'numbers']).default('letters').describe('options are named A, B, ... or 1, 2, ...'),
  count: z.number().int().min(2).max(26).default(4).describe('number of candidate patches'),
  extract: answerParam(),
});

const patchRef = z.union([
  z.string().min(1),
  z.number().int().min(1),
  z.looseObject({ answer: z.union([z.string().min(1), z.number().int()]) }),
]);

/**
 * PC-GRPO PatchFit reward: 1 when the final answer names exactly one candidate patch and it is the masked one,
 * else 0 (naming two options is hedging and scores 0). Example: `{kind: puzzle-patch, params: {count: 4}}`,
 * reference `"C"`, response `<answer>(C)</answer>`.
 */
export const puzzlePatch = defineReward({
  kind: 'puzzle-patch',
  description: 'PC-GRPO PatchFit: 1 when the answer names exactly one candidate patch and it is the right one',
  source: 'Puzzle Curriculum GRPO (PC-GRPO, arXiv 2512.14944): binary patch-choice reward',
  params: patchParams,
  reference: patchRef,
  capabilities: { ...RULE, needsReference: true, bounds: [0, 1] },
  score(sample, p, ref: z.infer<typeof patchRef>) {
    const truth = String(typeof ref === 'object' ? ref.answer : ref)
      .trim()
      .toUpperCase();
    if (optionsIn(truth, p.labels, p.count).length !== 1)
      return failed('invalid-reference', `reference "${truth}" is not one of the ${p.count} ${p.labels}`);
    const text = finalAnswer(responseText(sample), p.extract);
    if (text === null) return scored(0, { reason: 'no-answer' });
    const named = optionsIn(text, p.labels, p.count);
    if (named.length !== 1) return scored(0, { reason: named.length ? 'several-answers' : 'no-option', named });
    return scored(named[0] === truth ? 1 : 0, { answer: named[0] });
  },
});
