import { z } from 'zod';
import { type Capabilities, defineReward, type LeafDefinition, RULE } from '../../core/define.js';
import { failed, scored, unscorable } from '../../core/outcome.js';
import { referenceStrings, responseText } from '../../core/text.js';
import type { RewardResult, Sample } from '../../core/types.js';
import { answerTag } from '../../rewards/extract.js';
import { pyStrip } from '../python-str.js';

/** Which part of the response a text metric scores. */
export const fieldParam = z
  .enum(['response', 'answer'])
  .default('response')
  .describe('"response": the whole response; "answer": only the last <answer>...</answer> outside <think>');

/** A text reference: one string or a non-empty list of strings (multiple references). */
export const textReference = z.union([z.string(), z.array(z.string()).min(1)], {
  error: 'expected a string or a non-empty list of strings',
});

/** The hypothesis and references a text metric compares, or the result to return instead. */
export type TextInputs = { hypothesis: string; references: string[] } | { result: RewardResult };

/**
 * Reads the text to score and the references. Every reference blank → unscorable (`no-reference`);
 * `field: answer` without an `<answer>` tag → scored 0 (the model gave no answer).
 */
export function textInputs(sample: Sample, reference: unknown, field: 'response' | 'answer'): TextInputs {
  const references = referenceStrings(reference);
  if (references.length === 0 || references.every((r) => pyStrip(r) === '')) {
    return { result: unscorable('no-reference', 'every reference is empty') };
  }
  const text = responseText(sample);
  if (field === 'answer') {
    const answer = answerTag(text);
    if (answer === null) return { result: scored(0, { reason: 'no-answer' }) };
    return { hypothesis: answer, references };
  }
  return { hypothesis: text, references };
}

/** A 0-100 metric as a reward in [0, 1]; float noise above 100 (sacreBLEU can give 100.00000000000004) is clamped. */
export function unitScore(percent: number): number {
  return Math.min(1, Math.max(0, percent / 100));
}

/** A text-metric reward: needs a reference (one string or a list), scores in [0, 1], honours `field`. */
export function defineTextReward<P extends { field: 'response' | 'answer' }>(def: {
  kind: string;
  description: string;
  source: string;
  params: z.ZodType<P>;
  cost?: Capabilities['cost'];
  /** Longest hypothesis or reference scored (UTF-16 units), for metrics whose time grows with the product of lengths. */
  maxChars?: number;
  compare(input: { hypothesis: string; references: string[] }, p: P): RewardResult;
}): LeafDefinition<P, string | string[]> {
  const { compare, cost, maxChars, ...rest } = def;
  return defineReward({
    ...rest,
    capabilities: { ...RULE, needsReference: true, bounds: [0, 1], ...(cost ? { cost } : {}) },
    reference: textReference,
    score(sample, p, reference) {
      const input = textInputs(sample, reference, p.field);
      if ('result' in input) return input.result;
      const tooLong = maxChars === undefined ? undefined : overLimit(input, maxChars);
      if (tooLong) {
        const what = `${tooLong.what} has ${tooLong.length.toLocaleString('en')} characters`;
        return failed(
          'invalid-sample',
          `${def.kind}: the ${what}; it scores at most ${maxChars?.toLocaleString('en')} (its cost grows with the product of the lengths)`,
        );
      }
      return compare(input, p);
    },
  });
}

function overLimit(
  input: { hypothesis: string; references: string[] },
  max: number,
): { what: string; length: number } | undefined {
  if (input.hypothesis.length > max) return { what: 'response', length: input.hypothesis.length };
  const i = input.references.findIndex((r) => r.length > max);
  if (i >= 0) return { what: `reference[${i}]`, length: (input.references[i] as string).length };
  return undefined;
}
