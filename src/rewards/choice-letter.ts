import { allBoxed, stripThinking, tagBlocks } from './extract.js';
import { normalizeAnswer } from './normalize.js';

/** The option letters in play and, when known, each option's text (same order). */
export interface ChoiceSet {
  letters: string;
  texts?: readonly string[];
}

/** How a letter was found: the rule of the extraction ladder that produced it. */
export type ChoiceRule = 'boxed' | 'answer-tag' | 'answer-phrase' | 'bold' | 'parenthesized' | 'label' | 'whole';

export type ChoiceFound =
  | { letter: string; rule: ChoiceRule; via: 'letter' | 'text' }
  | { ambiguous: string[]; rule: ChoiceRule }
  | null;

const SQUAD = { lowercase: true, stripPunctuation: true, stripArticles: true, collapseWhitespace: true };
const PHRASE =
  /\b(?:(?:final|correct|right|best)\s+)?(?:answer|option|choice)[*_]*\s*(?:is|would be|should be|must be|[:：=])[*_:]*[ \t]*([^\n]*)/gi;
const BOLD = /\*\*([^*\n]{1,40})\*\*|__([^_\n]{1,40})__/g;
const PARENTHESIZED = /\(([A-Z])\)/g;
const LABEL = /^[ \t>*_-]*\(?([A-Z])(?:[.):][ \t]+\S[^\n]*|[.):]?[ \t]*)$/gm;

const MORE_LETTERS = /^\s*(?:,|\/|&|\bor\b|\band\b)\s*[([]?([A-Za-z])[)\]]?(?![\p{L}\p{N}])/iu;

/**
 * Reads the option letter at the start of `slot`: `B`, `(b)`, `B)`, `B.`, `**B**`, `\text{B}`, `Option B`.
 * `label` needs the letter alone or followed by `.`, `)` or `:`; `lead` also takes an upper-case letter
 * followed by a space ("B because ..."), and a lower-case one only when wrapped or at the end.
 * A list such as `A or B` / `A, C` returns every letter in it.
 */
export function lettersAt(slot: string, letters: string, mode: 'label' | 'lead'): string[] {
  const s = slot
    .replace(/\\(?:text|textbf|mathrm|mathbf)\s*\{([^{}]*)\}/g, '$1')
    .replace(/[*_]+/g, '')
    .replace(/^[\s$]+|[\s$]+$/g, '');
  const m = /^(?:(?:option|choice)\s+)?([([])?([A-Za-z])([)\]])?([\s\S]*)$/i.exec(s);
  if (!m) return [];
  const [, open, ch, close, tail] = m as unknown as [string, string | undefined, string, string | undefined, string];
  const letter = ch.toUpperCase();
  if (!letters.includes(letter) || (open && !close)) return [];
  const found = [letter];
  let rest = tail;
  for (let more = MORE_LETTERS.exec(rest); more; more = MORE_LETTERS.exec(rest)) {
    const next = (more[1] as string).toUpperCase();
    if (!letters.includes(next)) break;
    found.push(next);
    rest = rest.slice(more[0].length);
  }
  if (found.length > 1) return found;
  const labelled = close !== undefined || tail === '' || /^[.:]/.test(tail);
  if (labelled) return found;
  if (mode === 'label' || /^[\p{L}\p{N}]/u.test(tail)) return [];
  return ch === letter ? found : [];
}

/** The letter whose option text equals `slot` after SQuAD normalisation, or null. */
function letterByText(slot: string, choices: ChoiceSet): string | null {
  if (!choices.texts) return null;
  const norm = normalizeAnswer(slot, SQUAD);
  if (norm === '') return null;
  const i = choices.texts.findIndex((t) => normalizeAnswer(t, SQUAD) === norm);
  return i >= 0 ? (choices.letters[i] ?? null) : null;
}

/** One letter read by a rule; `hedged` when it came from a list such as "A or B" (always ambiguous). */
interface Hit {
  letter: string;
  via: 'letter' | 'text';
  hedged?: boolean;
}

function decide(found: Hit[], rule: ChoiceRule, onMultiple: 'ambiguous' | 'last'): ChoiceFound {
  if (found.length === 0) return null;
  const distinct = [...new Set(found.map((f) => f.letter))];
  const last = found.at(-1) as Hit;
  if (distinct.length > 1 && (onMultiple === 'ambiguous' || found.some((f) => f.hedged))) {
    return { ambiguous: distinct, rule };
  }
  return { letter: last.letter, rule, via: last.via };
}

/**
 * Finds the chosen option in a response, trying rules from the most to the least explicit; the first rule
 * that yields a letter decides. Several different letters under that rule are ambiguous (or the last one).
 */
export function findChoice(response: string, choices: ChoiceSet, onMultiple: 'ambiguous' | 'last'): ChoiceFound {
  const text = stripThinking(response).normalize('NFKC');
  const slotRule = (slots: string[], mode: 'label' | 'lead') =>
    slots.flatMap((slot) => {
      const letters = lettersAt(slot, choices.letters, mode);
      const hedged = letters.length > 1;
      if (letters.length > 0) return letters.map((letter): Hit => ({ letter, via: 'letter', hedged }));
      const byText = letterByText(slot.replace(/[.。]\s*$/, ''), choices);
      return byText ? [{ letter: byText, via: 'text' } as Hit] : [];
    });
  const markRule = (re: RegExp) =>
    [...text.matchAll(re)].flatMap((m) => {
      const letters = lettersAt(m[1] ?? m[2] ?? '', choices.letters, 'label');
      return letters.map((letter): Hit => ({ letter, via: 'letter', hedged: letters.length > 1 }));
    });
  const ladder: Array<[ChoiceRule, () => Hit[]]> = [
    ['boxed', () => slotRule(allBoxed(text), 'label')],
    ['answer-tag', () => slotRule(tagBlocks(text, 'answer'), 'label')],
    [
      'answer-phrase',
      () =>
        slotRule(
          [...text.matchAll(PHRASE)].map((m) => m[1] as string),
          'lead',
        ),
    ],
    ['bold', () => markRule(BOLD)],
    ['parenthesized', () => markRule(PARENTHESIZED)],
    ['label', () => markRule(LABEL)],
    ['whole', () => slotRule([text.trim()], 'label')],
  ];
  for (const [rule, run] of ladder) {
    const decided = decide(run(), rule, onMultiple);
    if (decided) return decided;
  }
  return null;
}
