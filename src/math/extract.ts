// Finds the final answer(s) in a model response. Every scan is linear (indexOf-based, no lazy regex
// over the whole text), so hostile responses cannot make extraction hang.
import { stripReasoning } from '../core/text.js';
import { finalAnswerValue } from './prose.js';
import { closingBrace } from './scan.js';
import { mathOf, mathSpans, percentAfter, type Span, undoDoubleEscape } from './spans.js';

/** Extraction rules, tried in the configured order; the first that finds anything decides. */
export const MATH_EXTRACTORS = [
  'boxed',
  'answer-tag',
  'minerva',
  'final-answer',
  'latex',
  'whole',
  'last-number',
] as const;
export type MathExtractor = (typeof MATH_EXTRACTORS)[number];

/** The answers one rule found (all of them, in order) and the rule's name. */
export interface MathExtraction {
  answers: string[];
  rule: MathExtractor;
}

/** Reasoning is never read: the shared rule of src/core/text.ts. */
export { stripReasoning };

/** Contents of every `\\boxed{...}` / `\\fbox{...}` (nested braces), and `\\boxed 5` forms, in order. */
export function boxedContents(text: string): string[] {
  return boxedSpans(text).map((s) => s.body);
}

/**
 * Every boxed answer with where it ends. A percent sign or word just after the box (`\\boxed{28}$ pct`)
 * belongs to the answer.
 */
function boxedSpans(text: string): Span[] {
  const found: Span[] = [];
  const re = /\\(?:boxed|fbox)(?![a-zA-Z])\s*/g;
  let m: RegExpExecArray | null = re.exec(text);
  while (m !== null) {
    const at = m.index + m[0].length;
    let body: string | null = null;
    let end = at;
    if (text[at] === '{') {
      end = closingBrace(text, at);
      if (end < 0) break;
      body = text.slice(at + 1, end - 1).trim();
      re.lastIndex = end;
    } else {
      const token = /^[^\s$]+/.exec(text.slice(at, at + 200));
      if (token) {
        body = token[0];
        end = at + token[0].length;
      }
    }
    if (body) found.push({ body: withPercent(body, text, end), start: m.index, end });
    m = re.exec(text);
  }
  return found;
}

const JOINER = /^(?:[\s,;.:]|\\(?:quad|qquad|[,;]|text\s*\{[^{}]*\})|\\[()[\]]|\$)*$/;

/**
 * Boxed answers grouped into runs: boxes next to each other, or separated only by punctuation, spacing
 * or a short connective phrase with "and"/"or" (`\\boxed{1} and \\boxed{-2}`, `\\boxed{1} papers and
 * \\boxed{2} bins`), are one list. Each run is one answer.
 */
export function boxedRuns(text: string): string[] {
  const spans = boxedSpans(text);
  const runs: string[][] = [];
  let prev: Span | null = null;
  for (const span of spans) {
    const between = prev ? text.slice(prev.end, span.start) : '';
    const joins =
      prev !== null &&
      between.length <= 60 &&
      (JOINER.test(between) || !/[a-zA-Z0-9]/.test(between) || /(?:^|[\s}])(?:and|or)(?:[\s\\{]|$)/.test(between));
    if (joins) (runs[runs.length - 1] as string[]).push(span.body);
    else runs.push([span.body]);
    prev = span;
  }
  return runs.map((run) => [...new Set(run)].join(', '));
}

function withPercent(body: string, text: string, end: number): string {
  return !/%/.test(body) && percentAfter(text, end) ? `${body}\\%` : body;
}

/** Every `<answer>...</answer>` body; a body with `\boxed{}` gives its boxed contents. */
function answerTags(text: string): string[] {
  const found: string[] = [];
  let pos = 0;
  for (;;) {
    const open = text.indexOf('<answer>', pos);
    if (open < 0) break;
    const close = text.indexOf('</answer>', open + 8);
    if (close < 0) break;
    const body = text.slice(open + 8, close).trim();
    const boxed = boxedContents(body);
    found.push(...(boxed.length > 0 ? boxed : [mathOf(body)]));
    pos = close + 9;
  }
  return found.filter(Boolean);
}

const PHRASE = /(?:final\s+answer(?:\s+is)?|answer\s*[:：]|\banswer\s+is|####|答案(?:是|为|：|:))\s*[:：]?/gi;

/** The text after the last "final answer is", "Answer:", "####" or "答案是", up to the end of its sentence. */
function finalAnswerPhrase(text: string): string[] {
  let last: RegExpExecArray | null = null;
  PHRASE.lastIndex = 0;
  for (let m = PHRASE.exec(text); m !== null; m = PHRASE.exec(text)) last = m;
  if (!last) return [];
  let rest = text.slice(last.index + last[0].length, last.index + last[0].length + 2000);
  const firstLine = rest.split('\n', 1)[0] as string;
  rest = firstLine.trim() ? firstLine : (rest.split('\n').find((l) => l.trim()) ?? '');
  const value = finalAnswerValue(rest.trim());
  const boxed = boxedContents(value);
  if (boxed.length > 0) return boxed;
  return [value].filter(Boolean);
}

// A number not glued to letters before it (`AZYUK2A` has none); decimal commas (`2,74`) are one token,
// normalisation decides what they mean.
const NUMBER =
  /(?:(?<![\w)\]}])[-−])?(?<![a-zA-Z_])(?:\d+,(?:\d{2}|\d{4,})(?![\d,])|0,\d+(?![\d,])|\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?(?:\/\d+)?(?:\s*(?:\\?%|percent(?:age)?\b|pct\b))?/g;

const LIST_TAIL =
  /([-−]?(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?(?:\/\d+)?)\s*(?:,\s*(?:or\b|and\b)?|;|\bor\b|\band\b)\s*$/;

/** The last number outside math, with where it starts; null when there is none. */
function lastNumberAt(text: string): { answer: string; at: number } | null {
  const prose = proseOnly(text);
  let last: RegExpExecArray | null = null;
  NUMBER.lastIndex = 0;
  for (let m = NUMBER.exec(prose); m !== null; m = NUMBER.exec(prose)) last = m;
  if (!last) return null;
  // A number inside a bare LaTeX command (`\\frac{63}{400}`) is not an answer: the command is.
  const command = enclosingCommand(prose, last.index);
  if (command) return { answer: command, at: last.index };
  if (prose[last.index - 1] === '{' || prose[last.index + last[0].length] === '}') return null;
  const items = [last[0]];
  let prefix = prose.slice(Math.max(0, last.index - 300), last.index);
  for (let i = 0; i < 20; i++) {
    const m = LIST_TAIL.exec(prefix);
    if (!m) break;
    items.unshift(m[1] as string);
    prefix = prefix.slice(0, m.index);
  }
  return { answer: items.join(', '), at: last.index };
}

/** The last number; when it ends a list ("1 or 2", "3, 4 and 5") the whole list, so it cannot pass alone. */
function lastNumber(text: string): string[] {
  const found = lastNumberAt(text);
  return found ? [found.answer] : [];
}

/** The `\\cmd{..}{..}` (within 200 characters before `at`) whose braced arguments contain index `at`. */
function enclosingCommand(text: string, at: number): string | null {
  const from = Math.max(0, at - 200);
  const re = /\\[a-zA-Z]+\s*(?=\{)/g;
  re.lastIndex = from;
  let found: string | null = null;
  for (let m = re.exec(text); m !== null && m.index < at; m = re.exec(text)) {
    let end = m.index + m[0].length;
    while (text[end] === '{') {
      const close = closingBrace(text, end);
      if (close < 0) break;
      end = close;
    }
    if (end > at) found = text.slice(m.index, end);
  }
  return found;
}

/** Text with its math segments blanked out (same length), so number rules never read inside math. */
function proseOnly(text: string): string {
  let out = text;
  for (const s of mathSpans(text)) out = out.slice(0, s.start) + ' '.repeat(s.end - s.start) + out.slice(s.end);
  return out;
}

/** The last math segment, with the segments just before it when only `,`/`and`/`or` separate them. */
function lastMath(text: string): string[] {
  const spans = mathSpans(text);
  let k = spans.length - 1;
  if (k < 0) return [];
  while (k > 0) {
    const between = text.slice((spans[k - 1] as Span).end, (spans[k] as Span).start);
    if (!/^\s*(?:,|;)?\s*(?:and|or)?\s*$/.test(between)) break;
    k--;
  }
  const last = spans[spans.length - 1] as Span;
  const joined = spans
    .slice(k)
    .map((s) => s.body)
    .join(', ');
  return [!/%/.test(last.body) && percentAfter(text, last.end) ? `${joined}\\%` : joined];
}

const SYMBOL = /^[A-Za-z](?:'+|_\{?\w+\}?)?(?:\([a-z]\))?$/;

/** The whole response when it is a bare answer (`\\frac{1}{2}`, `x = 5`, `B`): one short line, no prose. */
function bareAnswer(text: string): string[] {
  const s = text.trim();
  if (s.length === 0 || s.length > 200 || s.includes('\n')) return [];
  const prose = s
    .replace(/\\(?:begin|end)\{[a-zA-Z*]+\}/g, ' ')
    .replace(/\\[a-zA-Z]+/g, ' ')
    .replace(/\b(?:sqrt|sin|cos|tan|log|ln|exp|pi|and|or)\b/g, ' ');
  if (/[a-zA-Z]{2,}[\s,.:;]+[a-zA-Z]{2,}/.test(prose) || /[^\x20-\x7e]/.test(prose)) return [];
  // A word before the value ("Soucis : 2,74") is prose, not a bare answer.
  if (/[a-zA-Z]{4,}/.test(prose)) return [];
  // A digit, a command, an option letter, or one symbol (`x`, `f'`, `a_1`, `f(x)`); never a lone word.
  return /\d|\\[a-zA-Z]|^\(?[A-Ja-j]\)?$/.test(s) || SYMBOL.test(s) ? [s] : [];
}

const MINERVA = /final\s+answer\s+is\s*:?\s*([^\n]{1,300}?)\.?\s*I\s+hope\s+it\s+is\s+correct/gi;

/** The Minerva / lm-eval form "The final answer is X. I hope it is correct." (the last one). */
function minerva(text: string): string[] {
  let last: RegExpExecArray | null = null;
  MINERVA.lastIndex = 0;
  for (let m = MINERVA.exec(text); m !== null; m = MINERVA.exec(text)) last = m;
  if (!last) return [];
  const value = (last[1] as string).trim().replace(/^\\?["']|\\?["']$/g, '');
  const boxed = boxedContents(value);
  return boxed.length > 0 ? boxed : [mathOf(value)];
}

const RULES: Record<MathExtractor, (text: string) => string[]> = {
  boxed: boxedRuns,
  minerva,
  'answer-tag': answerTags,
  'final-answer': finalAnswerPhrase,
  latex: lastMath,
  whole: bareAnswer,
  'last-number': lastNumber,
};

/**
 * Runs the rules in order on the response (reasoning removed, double escaping undone); null when none
 * finds an answer. When both `latex` and `last-number` are on, a plain number written after the last
 * math segment is the later, final statement and wins (as in Math-Verify).
 */
export function extractFinal(text: string, order: readonly MathExtractor[]): MathExtraction | null {
  const visible = undoDoubleEscape(stripReasoning(text));
  for (const rule of order) {
    const answers = RULES[rule](visible).filter((a) => a.trim() !== '');
    if (answers.length === 0) continue;
    if (rule === 'latex' && order.includes('last-number')) {
      const spans = mathSpans(visible);
      const number = lastNumberAt(visible);
      if (number && number.at >= (spans[spans.length - 1] as Span).end)
        return { answers: [number.answer], rule: 'last-number' };
    }
    return { answers, rule };
  }
  return null;
}

/**
 * Gold answers: the last run of `\\boxed{}` (a run is one list: `\\boxed{1} and \\boxed{-2}`), the text
 * after `####`, or the whole string without `$` delimiters. Empty boxes give an empty gold.
 */
export function extractGold(raw: string): string {
  const text = undoDoubleEscape(raw);
  const runs = boxedRuns(text);
  if (runs.length > 0) return runs[runs.length - 1] as string;
  if (/\\(?:boxed|fbox)\s*\{\s*\}/.test(text)) return '';
  const hashes = text.lastIndexOf('####');
  if (hashes >= 0) return text.slice(hashes + 4).trim();
  // A worked solution as the gold: its stated final answer, as a response's would be read.
  if (isSolution(text)) {
    const found = extractFinal(text, ['final-answer', 'latex']);
    if (found) return found.answers[found.answers.length - 1] as string;
  }
  return mathOf(text.trim());
}

/** Prose with several sentences or math segments: a solution, not an answer. */
function isSolution(text: string): boolean {
  return text.length > 80 && /[a-zA-Z]{2,}\s+[a-zA-Z]{2,}\s+[a-zA-Z]{2,}/.test(proseOnly(text));
}

const CHOICE = /^\(?([A-Ja-j])\)?(?:$|[.:)]|\s)/;

/**
 * The option letter of an extracted answer (`B`, `(b)`, `\text{(C)} 42`, `Option D`); null when there is
 * none or the answer hedges (`A or B`).
 */
export function choiceLetter(answer: string): string | null {
  const s = answer
    .replace(/\\(?:text|textbf|mathrm|mathbf)\s*\{([^{}]*)\}/g, '$1')
    .replace(/\*\*|\$/g, '')
    .replace(/^(?:option|choice)\s*/i, '')
    .trim();
  const m = CHOICE.exec(s);
  if (!m) return null;
  const rest = s.slice(m[0].length).trim();
  // "A or B" / "A, B" hedges between options: no single choice.
  if (/^(?:or|and|&|\/|,)\s*\(?[A-Ja-j]\)?(?![a-zA-Z])/i.test(rest)) return null;
  // A lower-case bare letter followed by more text is a word ("a triangle"), not a choice.
  if (/[a-j]/.test(m[1] as string) && !/^\(/.test(s) && rest) return null;
  return (m[1] as string).toUpperCase();
}
