// Verdict readers: JSON first (after repair), then a regex over the final answer. Each returns undefined when
// it cannot read a verdict; `invalid` marks a contradictory one (both candidates named).
import { readJsonObject } from './json-repair.js';

export type Read<T> = { ok: true; value: T } | { ok: false; invalid?: string };

const fail = (invalid?: string): Read<never> => (invalid ? { ok: false, invalid } : { ok: false });

function intIn(v: unknown, min: number, max: number): number | undefined {
  const n = typeof v === 'string' && /^\s*\d+(\.0+)?\s*$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max ? n : undefined;
}

/** A rating `min..max`: JSON `rating` (or `score`), else the last `rating: N`, `score: N` or `N/max`. */
export function readRating(text: string, min: number, max: number): Read<number> {
  const json = readJsonObject(text);
  if (json) {
    const r = intIn(json.rating ?? json.score, min, max);
    return r === undefined
      ? fail(`rating outside ${min}-${max}: ${JSON.stringify(json.rating ?? json.score)}`)
      : { ok: true, value: r };
  }
  const hits = [
    ...text.matchAll(/\b(?:rating|score)\s*(?:\*\*)?\s*[:=]?\s*(?:\*\*)?\s*(\d+)\b|\b(\d+)\s*\/\s*(\d+)\b/gi),
  ];
  for (const m of hits.reverse()) {
    if (m[3] !== undefined && Number(m[3]) !== max) continue;
    const r = intIn(Number(m[1] ?? m[2]), min, max);
    return r === undefined ? fail(`rating outside ${min}-${max}: ${m[0]}`) : { ok: true, value: r };
  }
  return fail();
}

export type Preference = 'first' | 'second' | 'tie';

/** A pairwise verdict: JSON `verdict` A/B/tie, else the last `[[A]]`, `[[B]]`, `[[C]]` or `[[tie]]` tag. */
export function readPreference(text: string): Read<Preference> {
  const json = readJsonObject(text);
  if (json && typeof json.verdict === 'string') {
    const v = json.verdict.trim().toLowerCase();
    if (v === 'a') return { ok: true, value: 'first' };
    if (v === 'b') return { ok: true, value: 'second' };
    if (v === 'tie' || v === 'c') return { ok: true, value: 'tie' };
    return fail(`verdict ${JSON.stringify(json.verdict)} is not A, B or tie`);
  }
  const last = [...text.matchAll(/\[\[\s*(A|B|C|tie)\s*\]\]/gi)].at(-1)?.[1]?.toLowerCase();
  if (last === 'a') return { ok: true, value: 'first' };
  if (last === 'b') return { ok: true, value: 'second' };
  if (last === 'c' || last === 'tie') return { ok: true, value: 'tie' };
  return fail();
}

/**
 * RM-R1's rule (RM-R1-UIUC/RM-R1, lm_as_judge.py): only the last 80 characters count; `<answer>[[A]]</answer>`
 * without `[[B]]` is A, and the reverse B; both present is invalid, neither is unreadable.
 */
export function readRmR1Verdict(text: string, window = 80): Read<'first' | 'second'> {
  const tail = text.slice(-window);
  const a = /<answer>\s*\[\[A\]\]\s*<\/answer>/.test(tail);
  const b = /<answer>\s*\[\[B\]\]\s*<\/answer>/.test(tail);
  if (a && b) return fail('both <answer>[[A]]</answer> and <answer>[[B]]</answer> in the final answer');
  if (a) return { ok: true, value: 'first' };
  if (b) return { ok: true, value: 'second' };
  return fail();
}

/** A strict final tag: the last of `[[first]]`/`[[second]]` (e.g. `[[A]]`/`[[B]]`); both in the tail is invalid. */
export function readFinalTag(text: string, first: string, second: string, window = 80): Read<'first' | 'second'> {
  const tail = text.slice(-window);
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const ta = new RegExp(`\\[\\[\\s*${esc(first)}\\s*\\]\\]`, 'i').test(tail);
  const tb = new RegExp(`\\[\\[\\s*${esc(second)}\\s*\\]\\]`, 'i').test(tail);
  if (ta && tb) return fail(`both [[${first}]] and [[${second}]] in the final answer`);
  if (ta) return { ok: true, value: 'first' };
  if (tb) return { ok: true, value: 'second' };
  return fail();
}

/** A verdict from `lastGroup` (group 1 of the last match of a user pattern), which must be `first` or `second`. */
export function readByPattern(
  text: string,
  lastGroup: (text: string) => string | undefined,
  first: string,
  second: string,
): Read<'first' | 'second'> {
  const last = lastGroup(text)?.trim().toLowerCase();
  if (last === first.toLowerCase()) return { ok: true, value: 'first' };
  if (last === second.toLowerCase()) return { ok: true, value: 'second' };
  return fail();
}

export type Equivalence = 'correct' | 'incorrect' | 'invalid';

const EQUIV: Record<string, Equivalence> = {
  correct: 'correct',
  yes: 'correct',
  incorrect: 'incorrect',
  no: 'incorrect',
  invalid: 'invalid',
};

/** A verifier verdict: JSON `verdict` correct/incorrect/invalid (YES/NO accepted), else the final such word. */
export function readEquivalence(text: string): Read<Equivalence> {
  const json = readJsonObject(text);
  if (json && typeof json.verdict === 'string') {
    const v = EQUIV[json.verdict.trim().toLowerCase()];
    return v
      ? { ok: true, value: v }
      : fail(`verdict ${JSON.stringify(json.verdict)} is not correct, incorrect or invalid`);
  }
  const words = /\b(not\s+correct|incorrect|correct|invalid|yes|no)\b/gi;
  const last = [...text.matchAll(words)].at(-1)?.[1]?.toLowerCase().replace(/\s+/g, ' ');
  const v = last === 'not correct' ? 'incorrect' : last ? EQUIV[last] : undefined;
  return v ? { ok: true, value: v } : fail();
}

/** A yes/no criterion verdict: JSON `met` (or `fulfilled`, `verdict`), else the final yes/no/true/false word. */
export function readMet(text: string): Read<boolean> {
  const json = readJsonObject(text);
  if (json) {
    const v = json.met ?? json.fulfilled ?? json.verdict;
    if (typeof v === 'boolean') return { ok: true, value: v };
    if (typeof v === 'string' && /^(yes|true|met)$/i.test(v.trim())) return { ok: true, value: true };
    if (typeof v === 'string' && /^(no|false|not met|unmet)$/i.test(v.trim())) return { ok: true, value: false };
    return fail(`"met" is ${JSON.stringify(v)}, not true or false`);
  }
  const last = [...text.matchAll(/\b(yes|no|true|false)\b/gi)].at(-1)?.[1]?.toLowerCase();
  if (last === 'yes' || last === 'true') return { ok: true, value: true };
  if (last === 'no' || last === 'false') return { ok: true, value: false };
  return fail();
}

const REFUSAL =
  /^(?:i'?m sorry|i am sorry|sorry,|i can(?:'|no)t (?:help|assist|evaluate|grade|comply)|i cannot (?:help|assist|evaluate|grade|comply)|i won'?t|as an ai\b)/i;

/** True when a reply that gave no verdict reads as a refusal. */
export function looksLikeRefusal(text: string): boolean {
  return REFUSAL.test(text.trim());
}
