import { z } from 'zod';
import { scored } from '../core/outcome.js';
import { stripReasoning } from '../core/text.js';
import type { RewardResult } from '../core/types.js';

/** Where to look for the final answer in a response, tried in the configured order. */
export const EXTRACTORS = ['boxed', 'answer-tag', 'answer-phrase', 'last-number', 'last-line', 'whole'] as const;
export type Extractor = (typeof EXTRACTORS)[number];

/** An `extract` param (a list of extractors tried in order) with the given default. */
export function extractorsParam(defaults: Extractor[]) {
  return z
    .array(z.enum(EXTRACTORS))
    .min(1)
    .default(defaults)
    .describe('extractors tried in order; the first that finds something wins');
}

export const extractParam = extractorsParam(['boxed', 'answer-tag', 'answer-phrase', 'whole']);

export interface Extraction {
  value: string;
  rule: Extractor;
  /** Several different boxed answers (answer stuffing): every reward scores this 0. */
  conflicting?: string[];
}

/**
 * Contents of every `<tag>...</tag>` block, in order (each block ends at the first closing tag after it opens).
 * A scan with indexOf, linear in the text: a lazy regex is quadratic on many unclosed opening tags.
 */
export function tagBlocks(text: string, tag: string): string[] {
  const [open, close] = [`<${tag}>`, `</${tag}>`];
  const blocks: string[] = [];
  for (let at = text.indexOf(open); at >= 0; ) {
    const end = text.indexOf(close, at + open.length);
    if (end < 0) break;
    blocks.push(text.slice(at + open.length, end));
    at = text.indexOf(open, end + close.length);
  }
  return blocks;
}

/** Removes reasoning (`<think>` blocks, an unclosed tail, text before a lone `</think>`): src/core/text.ts. */
export const stripThinking = stripReasoning;

/** Contents of every `\boxed{...}` / `\fbox{...}`, nested braces balanced, in order of appearance. */
export function allBoxed(text: string): string[] {
  const found: string[] = [];
  // Most responses have no backslash at all: skip the regular expression for them.
  if (!text.includes('\\')) return found;
  const re = /\\(?:boxed|fbox)\s*(\{|\s+)/g;
  let m: RegExpExecArray | null = re.exec(text);
  while (m !== null) {
    const start = m.index + m[0].length;
    if (m[1] === '{') {
      let depth = 1;
      let i = start;
      for (; i < text.length && depth > 0; i++) {
        const ch = text[i];
        if (ch === '\\') i++;
        else if (ch === '{') depth++;
        else if (ch === '}') depth--;
      }
      if (depth === 0) found.push(text.slice(start, i - 1).trim());
      re.lastIndex = i;
    } else {
      const token = /^[^\s$]+/.exec(text.slice(start));
      if (token) found.push(token[0]);
    }
    m = re.exec(text);
  }
  return found;
}

/** The last `\boxed{}` content, or null. */
export function lastBoxed(text: string): string | null {
  return allBoxed(text).at(-1) ?? null;
}

/** The last `<answer>...</answer>` content outside any `<think>` block, or null. */
export function answerTag(text: string): string | null {
  return lastTag(stripThinking(text));
}

function lastTag(visible: string): string | null {
  const last = tagBlocks(visible, 'answer').at(-1);
  return last === undefined ? null : last.trim();
}

const PHRASE = /\b(?:final answer|the answer|answer)\s*(?:is\b|:|=)/gi;
const AFTER_PHRASE = /\s*:?\s*/y;
/** What every PHRASE match contains (same flags): most responses have no phrase, and this scans fast. */
const ANSWER_WORD = /answer/i;

/**
 * The text after the last "the answer is" / "final answer:" phrase, up to the end of its line (an earlier
 * phrase on the same line does not swallow a later one); `**`, trailing dots and spaces are dropped.
 */
export function answerPhrase(text: string): string | null {
  return lastPhrase(stripThinking(text));
}

function lastPhrase(visible: string): string | null {
  if (!ANSWER_WORD.test(visible)) return null;
  // One exec loop on the shared regex (matchAll clones it per call); exec leaves lastIndex at 0 when done.
  const ends: number[] = [];
  PHRASE.lastIndex = 0;
  for (let m = PHRASE.exec(visible); m !== null; m = PHRASE.exec(visible)) ends.push(m.index + m[0].length);
  for (let k = ends.length - 1; k >= 0; k--) {
    AFTER_PHRASE.lastIndex = ends[k] as number;
    AFTER_PHRASE.exec(visible);
    const from = AFTER_PHRASE.lastIndex;
    const eol = visible.indexOf('\n', from);
    const value = trimPhrase(visible, from, eol < 0 ? visible.length : eol);
    if (value) return value;
  }
  return null;
}

const PHRASE_LEAD = /[*\s]/;
const PHRASE_TRAIL = /[*.。\s]/;

/** `text.slice(from, to)` without leading `*` and spaces or trailing `*`, `.`, `。` and spaces. */
function trimPhrase(text: string, from: number, to: number): string {
  let a = from;
  let b = to;
  while (a < b && PHRASE_LEAD.test(text[a] as string)) a++;
  while (b > a && PHRASE_TRAIL.test(text[b - 1] as string)) b--;
  return text.slice(a, b);
}

const NUMBER = /-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\/\d+)?|-?\.\d+/g;

/** The last number in the text (`-1,234.5`, `3/4`, `.5`), or null. */
export function lastNumber(text: string): string | null {
  return stripThinking(text).match(NUMBER)?.at(-1) ?? null;
}

/** The last non-empty line. */
export function lastLine(text: string): string | null {
  return lastLineOf(stripThinking(text));
}

function lastLineOf(visible: string): string | null {
  const lines = visible
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.at(-1) ?? null;
}

/** Each rule reads the visible text (reasoning already stripped, once per response). */
const RULES: Record<Exclude<Extractor, 'boxed'>, (visible: string) => string | null> = {
  'answer-tag': lastTag,
  'answer-phrase': lastPhrase,
  'last-number': (visible) => visible.match(NUMBER)?.at(-1) ?? null,
  'last-line': lastLineOf,
  whole: (visible) => visible.trim() || null,
};

/** Runs the extractors in order and returns the first answer found, with the rule that found it. */
export function extractAnswer(text: string, order: readonly Extractor[]): Extraction | null {
  const visible = stripThinking(text);
  for (const rule of order) {
    if (rule === 'boxed') {
      const all = allBoxed(visible);
      const value = all.at(-1);
      if (value === undefined || value === '') continue;
      const distinct = [...new Set(all.filter(Boolean))];
      if (distinct.length > 1) return { value, rule, conflicting: distinct };
      return { value, rule };
    }
    const value = RULES[rule](visible);
    if (value === null || value === '') continue;
    return { value, rule };
  }
  return null;
}

/** A 0 for an extraction that found several different boxed answers, else null. */
export function conflictingResult(found: Extraction): RewardResult | null {
  return found.conflicting
    ? scored(0, { reason: 'conflicting-answers', answers: found.conflicting.slice(0, 10) })
    : null;
}
