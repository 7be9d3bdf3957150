// Finds the final answer(s) in a model response. Every scan is linear (indexOf-based, no lazy regex
// over the whole text), so hostile responses cannot make extraction hang.
import { closingBrace } from './scan.js';

/** Extraction rules, tried in the configured order; the first that finds anything decides. */
export const MATH_EXTRACTORS = ['boxed', 'answer-tag', 'final-answer', 'latex', 'whole', 'last-number'] as const;
export type MathExtractor = (typeof MATH_EXTRACTORS)[number];

/** The answers one rule found (all of them, in order) and the rule's name. */
export interface MathExtraction {
  answers: string[];
  rule: MathExtractor;
}

/** Removes reasoning: `<think>...</think>` blocks, an unclosed `<think>` tail, text before a lone `</think>`. */
export function stripReasoning(text: string): string {
  let out = '';
  let pos = 0;
  for (;;) {
    const open = text.indexOf('<think>', pos);
    const close = text.indexOf('</think>', pos);
    if (close >= 0 && (open < 0 || close < open)) {
      out = '';
      pos = close + 8;
      continue;
    }
    if (open < 0) return out + text.slice(pos);
    out += text.slice(pos, open);
    const end = text.indexOf('</think>', open);
    if (end < 0) return out;
    pos = end + 8;
  }
}

/** Contents of every `\boxed{...}` / `\fbox{...}` (nested braces), and `\boxed 5` forms, in order. */
export function boxedContents(text: string): string[] {
  const found: string[] = [];
  const re = /\\(?:boxed|fbox)(?![a-zA-Z])\s*/g;
  let m: RegExpExecArray | null = re.exec(text);
  while (m !== null) {
    const at = m.index + m[0].length;
    if (text[at] === '{') {
      const end = closingBrace(text, at);
      if (end < 0) break;
      found.push(text.slice(at + 1, end - 1).trim());
      re.lastIndex = end;
    } else {
      const token = /^[^\s$]+/.exec(text.slice(at, at + 200));
      if (token) found.push(token[0]);
    }
    m = re.exec(text);
  }
  return found.filter(Boolean);
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

const PHRASE =
  /(?:final\s+answer(?:\s+is)?|the\s+(?:correct\s+)?answer\s+is|answer\s*[:：]|\banswer\s+is|####|答案(?:是|为|：|:))\s*[:：]?/gi;

/** The text after the last "final answer is", "Answer:", "####" or "答案是", up to the end of its sentence. */
function finalAnswerPhrase(text: string): string[] {
  let last: RegExpExecArray | null = null;
  PHRASE.lastIndex = 0;
  for (let m = PHRASE.exec(text); m !== null; m = PHRASE.exec(text)) last = m;
  if (!last) return [];
  let rest = text.slice(last.index + last[0].length, last.index + last[0].length + 2000);
  const firstLine = rest.split('\n', 1)[0] as string;
  rest = firstLine.trim() ? firstLine : (rest.split('\n').find((l) => l.trim()) ?? '');
  const value = cutSentence(rest.trim());
  const boxed = boxedContents(value);
  if (boxed.length > 0) return boxed;
  return [plainValue(value)].filter(Boolean);
}

/** Up to the end of the first sentence: math segments kept whole, "I hope it is correct" dropped. */
function cutSentence(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i] as string;
    if (ch === '$' || (ch === '\\' && (value[i + 1] === '[' || value[i + 1] === '('))) {
      const seg = nextSegment(value, i);
      if (seg) {
        out += value.slice(i, seg.end);
        i = seg.end - 1;
        continue;
      }
    }
    if (ch === '。' || ((ch === '.' || ch === '!' || ch === '?') && /^(?:\s|$)/.test(value.slice(i + 1, i + 2)))) break;
    out += ch;
  }
  return out.replace(/\s*I hope it is correct\.?$/i, '').trim();
}

/** A plain-text value: the math inside `$...$` if any, a leading number before words (`18 eggs`). */
function plainValue(value: string): string {
  const v = mathOf(value.replace(/\*\*|__|`/g, '').trim());
  const lead =
    /^((?:\\?\$)?-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\/\d+)?\s*(?:%|\\%)?)\s+[a-zA-Z]{2,}(?:\s+[a-zA-Z]+)*$/.exec(
      v,
    );
  return lead ? (lead[1] as string) : v;
}

/** The math inside `$...$` / `\(...\)` / `\[...\]` segments of a short value, joined; the value if none. */
function mathOf(value: string): string {
  const segs = mathSegments(value);
  if (segs.length === 0) return value.trim();
  const outside = value.replace(/\$|\\[()[\]]/g, '').trim();
  // "$5$ and $6$" keeps the words between segments so the list is still a list.
  return segs.length === 1 && !/\b(?:and|or)\b/.test(outside) ? (segs[0] as string) : value;
}

interface Segment {
  body: string;
  end: number;
}

/** The math segment starting at `i` (`$$..$$`, `$..$`, `\[..\]`, `\(..\)`), or null if it never closes. */
function nextSegment(text: string, i: number): Segment | null {
  const pairs: Array<[string, string]> = [
    ['$$', '$$'],
    ['$', '$'],
    ['\\[', '\\]'],
    ['\\(', '\\)'],
  ];
  for (const [open, close] of pairs) {
    if (!text.startsWith(open, i)) continue;
    let end = text.indexOf(close, i + open.length);
    // `\$` inside math is a dollar sign, not the closing delimiter.
    while (close === '$' && end > 0 && text[end - 1] === '\\') end = text.indexOf(close, end + 1);
    if (end < 0) return null;
    return { body: text.slice(i + open.length, end).trim(), end: end + close.length };
  }
  return null;
}

/** Every math segment in order; scanning stops at the first delimiter that never closes. */
function mathSegments(text: string): string[] {
  return mathSpans(text).map((s) => s.body);
}

interface Span {
  body: string;
  start: number;
  end: number;
}

/** Math segments with their positions. */
function mathSpans(text: string): Span[] {
  const found: Span[] = [];
  const next = { $: -1, '\\(': -1, '\\[': -1 } as Record<string, number>;
  let i = 0;
  while (i < text.length) {
    // Each delimiter's next position is searched again only once the scan has passed it (linear overall).
    for (const key of Object.keys(next)) {
      if ((next[key] as number) < i && next[key] !== Number.POSITIVE_INFINITY) {
        const at = text.indexOf(key, i);
        next[key] = at < 0 ? Number.POSITIVE_INFINITY : at;
      }
    }
    const at = Math.min(...Object.values(next));
    if (at === Number.POSITIVE_INFINITY) break;
    if (at > 0 && text[at - 1] === '\\' && text[at] === '$') {
      i = at + 1;
      continue;
    }
    const seg = nextSegment(text, at);
    if (!seg) break;
    if (seg.body) found.push({ body: seg.body, start: at, end: seg.end });
    i = seg.end;
  }
  return found;
}

const NUMBER = /(?:(?<![\w)\]}])[-−])?(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?(?:\/\d+)?(?:\s*\\?%)?/g;

const LIST_TAIL =
  /([-−]?(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?(?:\/\d+)?)\s*(?:,\s*(?:or\b|and\b)?|;|\bor\b|\band\b)\s*$/;

/** The last number; when it ends a list ("1 or 2", "3, 4 and 5") the whole list, so it cannot pass alone. */
function lastNumber(text: string): string[] {
  let last: RegExpExecArray | null = null;
  NUMBER.lastIndex = 0;
  for (let m = NUMBER.exec(text); m !== null; m = NUMBER.exec(text)) last = m;
  if (!last) return [];
  const items = [last[0]];
  let prefix = text.slice(Math.max(0, last.index - 300), last.index);
  for (let i = 0; i < 20; i++) {
    const m = LIST_TAIL.exec(prefix);
    if (!m) break;
    items.unshift(m[1] as string);
    prefix = prefix.slice(0, m.index);
  }
  return [items.join(', ')];
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
  return [
    spans
      .slice(k)
      .map((s) => s.body)
      .join(', '),
  ];
}

/** The whole response when it is a bare answer (`\\frac{1}{2}`, `x = 5`, `B`): one short line, no prose. */
function bareAnswer(text: string): string[] {
  const s = text.trim();
  if (s.length === 0 || s.length > 200 || s.includes('\n')) return [];
  const prose = s.replace(/\\[a-zA-Z]+/g, ' ');
  if (/[a-zA-Z]{2,}[\s,.:;]+[a-zA-Z]{2,}/.test(prose) || /[^\x20-\x7e]/.test(prose)) return [];
  return /\d|\\[a-zA-Z]|^\(?[A-J]\)?$/.test(s) ? [s] : [];
}

const RULES: Record<MathExtractor, (text: string) => string[]> = {
  boxed: boxedContents,
  'answer-tag': answerTags,
  'final-answer': finalAnswerPhrase,
  latex: lastMath,
  whole: bareAnswer,
  'last-number': lastNumber,
};

/** Runs the rules in order on the response (reasoning removed); null when none finds an answer. */
export function extractFinal(text: string, order: readonly MathExtractor[]): MathExtraction | null {
  const visible = stripReasoning(text);
  for (const rule of order) {
    const answers = RULES[rule](visible).filter((a) => a.trim() !== '');
    if (answers.length > 0) return { answers, rule };
  }
  return null;
}

/** Gold answers: the last `\boxed{}`, the text after `####`, or the whole string without `$` delimiters. */
export function extractGold(text: string): string {
  const boxed = boxedContents(text);
  if (boxed.length > 0) return boxed[boxed.length - 1] as string;
  const hashes = text.lastIndexOf('####');
  if (hashes >= 0) return text.slice(hashes + 4).trim();
  return mathOf(text.trim());
}

const CHOICE = /^\(?([A-Ja-j])\)?(?:$|[.:)]|\s)/;

/** The option letter of an extracted answer (`B`, `(b)`, `\text{(C)} 42`, `Option D`), or null. */
export function choiceLetter(answer: string): string | null {
  const s = answer
    .replace(/\\(?:text|textbf|mathrm|mathbf)\s*\{([^{}]*)\}/g, '$1')
    .replace(/\*\*|\$/g, '')
    .replace(/^(?:option|choice)\s*/i, '')
    .trim();
  const m = CHOICE.exec(s);
  if (!m) return null;
  const rest = s.slice(m[0].length).trim();
  // A lower-case bare letter followed by more text is a word ("a triangle"), not a choice.
  if (/[a-j]/.test(m[1] as string) && !/^\(/.test(s) && rest) return null;
  return (m[1] as string).toUpperCase();
}
