// The value a final-answer sentence states: "Final Answer: The largest $n$ is 34." → 34. Linear scans.
import { mathOf, mathSpans, nextSegment } from './spans.js';

/** Up to the end of the first sentence: math segments kept whole, "I hope it is correct" dropped. */
export function cutSentence(value: string): string {
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

/**
 * A plain-text value: the math inside `$...$` if any, a leading number before words (`18 eggs`); a
 * percent sign or word after the number is part of it (`3 percent of them` is `3 percent`).
 */
export function plainValue(value: string): string {
  const v = mathOf(value.replace(/\*\*|__|`/g, '').trim());
  const lead =
    /^((?:\\?\$)?-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\/\d+)?(?:\s*(?:%|\\%|percent(?:age)?\b))?)\s+(?!percent(?:age)?\b)[a-zA-Z]{2,}(?:\s+[a-zA-Z]+)*$/.exec(
      v,
    );
  return lead ? (lead[1] as string) : v;
}

const COPULA = /\s(?:is|are|was|equals|=)\s+/g;
const NUMBER = /(?<![\w.\\])-?\d+(?:,\d{3})*(?:\.\d+)?(?:\/\d+)?(?:\s*(?:\\?%|percent\b))?/g;

/** Text with its math segments blanked out (same length), so prose rules never read inside math. */
function proseOnly(text: string): string {
  let out = text;
  for (const s of mathSpans(text)) out = out.slice(0, s.start) + ' '.repeat(s.end - s.start) + out.slice(s.end);
  return out;
}

/**
 * The value of a final-answer sentence. A prose sentence ("The volume of $ABCDEFGH$ is 120") states its
 * value after its last "is" / "=" outside math; one without a copula ("Jane started growing 3 hours
 * ago") states it when it holds exactly one number or math segment. A bare value is kept as it is.
 */
export function finalAnswerValue(rest: string): string {
  const sentence = cutSentence(rest);
  const prose = proseOnly(sentence);
  if (!/[a-zA-Z]{2,}\s+[a-zA-Z]{2,}/.test(prose)) return plainValue(sentence);
  let last = -1;
  COPULA.lastIndex = 0;
  for (let m = COPULA.exec(prose); m !== null; m = COPULA.exec(prose)) last = m.index + m[0].length;
  if (last >= 0) return plainValue(sentence.slice(last));
  const values = [...prose.matchAll(NUMBER)].map((m) => m[0]);
  const spans = mathSpans(sentence);
  if (values.length + spans.length !== 1) return plainValue(sentence);
  return values[0] ?? (spans[0]?.body as string);
}
