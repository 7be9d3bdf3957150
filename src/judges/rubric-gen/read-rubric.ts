// Reading a generated rubric out of a model reply: a JSON object of hard rules and principles, checked so a
// rubric that cannot grade other answers (empty, oversized, or written about the pair it came from) is refused.

import { readJsonObject } from '../parse/json-repair.js';
import type { Read } from '../parse/verdicts.js';

/** What `open-rubrics` reads from `reference.rubric`. */
export interface OpenRubric {
  hardRules: string[];
  principles: string[];
}

export interface RubricLimits {
  /** Most items per list. */
  maxItems: number;
  /** Longest item, in characters. */
  maxChars: number;
}

export const RUBRIC_LIMITS: RubricLimits = { maxItems: 8, maxChars: 400 };

/** Consecutive words an item may share with an answer (and not with the prompt) before it counts as a quote. */
export const QUOTE_WORDS = 8;

/** What a rubric was written from: an item may not copy a long span of an answer that the prompt lacks. */
export interface RubricSources {
  prompt: string;
  answers: readonly string[];
}

const words = (text: string): string[] => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
const spans = (ws: readonly string[], n: number): Set<string> => {
  const out = new Set<string>();
  for (let i = 0; i + n <= ws.length; i++) out.add(ws.slice(i, i + n).join(' '));
  return out;
};

/** The first span of QUOTE_WORDS words the item copies from an answer (absent from the prompt), if any. */
function quoted(item: string, sources: RubricSources): string | undefined {
  const mine = words(item);
  if (mine.length < QUOTE_WORDS) return undefined;
  const inPrompt = spans(words(sources.prompt), QUOTE_WORDS);
  const inAnswers = new Set(sources.answers.flatMap((a) => [...spans(words(a), QUOTE_WORDS)]));
  for (const span of spans(mine, QUOTE_WORDS)) if (inAnswers.has(span) && !inPrompt.has(span)) return span;
  return undefined;
}

// Criteria that point at the pair they were written from cannot grade a new answer (and leak the label).
const POINTS_AT_PAIR =
  /\b(preferred|rejected|chosen)\s+(answer|response)\b|\b(answer|response)\s+[AB12]\b|\b(first|second|other)\s+(answer|response)\b/i;

const list = (v: unknown): unknown[] | undefined => (Array.isArray(v) ? v : undefined);

// Writers often wrap an item in an object: {"rule": "..."}, {"criterion": "..."}, {"text": "..."}.
const ITEM_KEYS = ['text', 'criterion', 'rule', 'principle', 'description'] as const;
function itemText(item: unknown): string | undefined {
  if (typeof item === 'string') return item;
  if (!item || typeof item !== 'object' || Array.isArray(item)) return undefined;
  const o = item as Record<string, unknown>;
  for (const k of ITEM_KEYS) if (typeof o[k] === 'string') return o[k] as string;
  return undefined;
}

/** The rubric in a reply, or why there is none (the reason a pair is skipped, or the retry's feedback). */
export function readRubric(
  text: string,
  limits: RubricLimits = RUBRIC_LIMITS,
  sources?: RubricSources,
): Read<OpenRubric> {
  const json = readJsonObject(text);
  if (!json || typeof json !== 'object' || Array.isArray(json))
    return { ok: false, invalid: 'the reply holds no JSON object with "hardRules" and "principles"' };
  const o = json as Record<string, unknown>;
  const rawHard = list(o.hardRules ?? o.hard_rules);
  const rawSoft = list(o.principles);
  if (!rawHard && !rawSoft) return { ok: false, invalid: 'the JSON object has no "hardRules" or "principles" list' };
  const out: OpenRubric = { hardRules: [], principles: [] };
  for (const [key, raw] of [
    ['hardRules', rawHard ?? []],
    ['principles', rawSoft ?? []],
  ] as const) {
    const seen = new Set<string>();
    for (const [i, item] of raw.entries()) {
      const str = itemText(item);
      if (str === undefined) return { ok: false, invalid: `${key}[${i}] is not a string` };
      const text = str.replace(/\s+/g, ' ').trim();
      if (text === '') continue;
      if (text.length > limits.maxChars)
        return { ok: false, invalid: `${key}[${i}] is ${text.length} characters (at most ${limits.maxChars})` };
      if (POINTS_AT_PAIR.test(text))
        return {
          ok: false,
          invalid: `${key}[${i}] refers to the answers it was written from: ${JSON.stringify(text)}`,
        };
      const copied = sources && quoted(text, sources);
      if (copied)
        return {
          ok: false,
          invalid: `${key}[${i}] copies the answers it was written from ("${copied}…"): state the requirement instead`,
        };
      const norm = text.toLowerCase();
      if (seen.has(norm)) continue;
      seen.add(norm);
      out[key].push(text);
    }
    if (out[key].length > limits.maxItems)
      return { ok: false, invalid: `${key} has ${out[key].length} items (at most ${limits.maxItems})` };
  }
  if (out.hardRules.length + out.principles.length === 0) return { ok: false, invalid: 'the rubric has no criteria' };
  return { ok: true, value: out };
}
