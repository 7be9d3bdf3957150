import { z } from 'zod';
import { defineReward, RULE } from '../core/define.js';
import { failed, scored } from '../core/outcome.js';
import { responseText } from '../core/text.js';
import type { Sample } from '../core/types.js';
import { type ChoiceSet, findChoice, lettersAt } from './choice-letter.js';
import { normalizeAnswer } from './normalize.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const SQUAD = { lowercase: true, stripPunctuation: true, stripArticles: true, collapseWhitespace: true };

const params = z.object({
  letters: z
    .string()
    .regex(/^[A-Z]+$/, 'expected upper-case letters, e.g. "ABCDE"')
    .refine((s) => new Set(s).size === s.length, 'letters must not repeat')
    .optional()
    .describe('option letters; default "ABCD", or one letter per option when the sample lists its choices'),
  choicesKey: z.string().min(1).default('choices').describe('metadata field holding the option texts'),
  onMultiple: z
    .enum(['ambiguous', 'last'])
    .default('ambiguous')
    .describe('several different letters under the deciding rule: score 0 as ambiguous, or take the last'),
});
type Params = z.infer<typeof params>;

const reference = z.union([
  z.string().min(1),
  z.number().int().min(0),
  z.array(z.union([z.string().min(1), z.number().int().min(0)])).min(1),
]);

/** The option texts in `metadata[choicesKey]`: a list, or an object keyed by letter. Undefined when absent. */
function readChoices(sample: Sample, p: Params): { texts?: string[]; error?: string } {
  const raw = sample.metadata?.[p.choicesKey];
  if (raw === undefined) return {};
  if (Array.isArray(raw) && raw.length > 0 && raw.length <= 26 && raw.every((t) => typeof t === 'string')) {
    return { texts: raw };
  }
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    const entries = Object.entries(raw as Record<string, unknown>);
    const ok = entries.every(([k, v], i) => k.toUpperCase() === ALPHABET[i] && typeof v === 'string');
    if (ok && entries.length > 0) return { texts: entries.map(([, v]) => v as string) };
  }
  return { error: `metadata.${p.choicesKey}: expected a list of option texts or an object {A: text, B: text, ...}` };
}

/** The correct letter a reference names: a letter, a 0-based index, or an option's text. */
function referenceLetter(ref: string | number, choices: ChoiceSet): string | null {
  if (typeof ref === 'number') return choices.letters[ref] ?? null;
  const [letter, ...more] = lettersAt(ref, choices.letters, 'label');
  if (letter && more.length === 0) return letter;
  if (!choices.texts) return null;
  const norm = (s: string) => normalizeAnswer(s, SQUAD);
  const i = choices.texts.findIndex((t) => norm(t) === norm(ref));
  return i >= 0 ? (choices.letters[i] ?? null) : null;
}

/** 1 when the option letter the response picks is the reference letter; several different letters are `ambiguous` (0). */
export const multipleChoice = defineReward({
  kind: 'multiple-choice',
  description: 'Picked option letter ((B), B), B., Answer: B, \\boxed{B}, **B**, option text) equals the reference',
  source: 'Mixed-R1 matching reward (arXiv 2505.24164): extracted option letter equals the gold letter',
  params,
  capabilities: { ...RULE, needsReference: true, bounds: [0, 1] },
  reference,
  score(sample, p, ref) {
    const { texts, error } = readChoices(sample, p);
    if (error) return failed('invalid-sample', error);
    const letters = p.letters ?? (texts ? ALPHABET.slice(0, texts.length) : 'ABCD');
    const choices: ChoiceSet = texts ? { letters, texts } : { letters };
    const correct: string[] = [];
    for (const r of Array.isArray(ref) ? ref : [ref]) {
      const letter = referenceLetter(r, choices);
      if (!letter) {
        return failed('invalid-reference', `reference ${JSON.stringify(r)} names no option among "${letters}"`);
      }
      correct.push(letter);
    }
    const found = findChoice(responseText(sample), choices, p.onMultiple);
    if (!found) return scored(0, { reason: 'no-answer', correct });
    if ('ambiguous' in found) {
      return scored(0, { reason: 'ambiguous', candidates: found.ambiguous, rule: found.rule, correct });
    }
    return scored(correct.includes(found.letter) ? 1 : 0, {
      predicted: found.letter,
      rule: found.rule,
      via: found.via,
      correct,
    });
  },
});
