// Math segments of a response (`$…$`, `$$…$$`, `\(…\)`, `\[…\]`) and clean-ups that apply to the raw
// text before any rule looks at it. Every scan is linear (indexOf-based).

/** A math segment: its body and where it starts and ends in the text. */
export interface Span {
  body: string;
  start: number;
  end: number;
}

const PAIRS: Array<[string, string, boolean]> = [
  ['$$', '$$', false],
  ['$', '$', true],
  ['\\[', '\\]', false],
  ['\\(', '\\)', true],
];

/**
 * The math segment starting at `i`, or null if it never closes. Inline math (`$…$`, `\(…\)`) does not
 * span a line break, as in Markdown renderers and Math-Verify: such a pair is not math (`end` is just
 * past the opening delimiter, `body` empty).
 */
export function nextSegment(text: string, i: number): Omit<Span, 'start'> | null {
  for (const [open, close, inline] of PAIRS) {
    if (!text.startsWith(open, i)) continue;
    let end = text.indexOf(close, i + open.length);
    // `\$` inside math is a dollar sign, not the closing delimiter.
    while (close === '$' && end > 0 && text[end - 1] === '\\') end = text.indexOf(close, end + 1);
    if (end < 0) return null;
    const body = text.slice(i + open.length, end);
    if (inline && body.includes('\n')) return { body: '', end: i + open.length };
    return { body: body.trim(), end: end + close.length };
  }
  return null;
}

/**
 * True when an odd run of backslashes ends just before `at`: `\$` is a dollar sign, and `\\[2pt]` or `\\(`
 * is a LaTeX line break before a bracket, not a delimiter (read as one, it hid all later math).
 */
function escaped(text: string, at: number): boolean {
  let n = 0;
  while (text[at - n - 1] === '\\') n++;
  return n % 2 === 1;
}

/** Math segments with their positions; scanning stops at the first delimiter that never closes. */
export function mathSpans(text: string): Span[] {
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
    if (escaped(text, at)) {
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

/** The math inside `$...$` / `\(...\)` / `\[...\]` segments of a short value, joined; the value if none. */
export function mathOf(value: string): string {
  const segs = mathSpans(value);
  if (segs.length === 0) return value.trim();
  const outside = value.replace(/\$|\\[()[\]]/g, '').trim();
  // "$5$ and $6$" keeps the words between segments so the list is still a list.
  return segs.length === 1 && !/\b(?:and|or)\b/.test(outside) ? (segs[0] as Span).body : value;
}

const COMMANDS =
  'frac|dfrac|tfrac|sqrt|left|right|boxed|fbox|pi|infty|cdot|times|div|pm|mp|le|leq|ge|geq|ne|neq|lt|gt|in|cup|cap|text|textbf|mathrm|mathbf|begin|end|sin|cos|tan|ln|log|exp|quad|qquad|dots|ldots|cdots|circ|degree|angle|approx|sim|alpha|beta|gamma|delta|theta|lambda|mu|sigma|omega|phi|emptyset|varnothing|mathbb|operatorname|binom|dbinom|overline|hat|vec|displaystyle';
const DOUBLED = new RegExp(`(?<!\\\\)\\\\\\\\(?=(?:${COMMANDS})(?![a-zA-Z]))`, 'g');

/**
 * Undoes JSON double escaping of LaTeX commands (`\\frac` → `\frac`, `\\left(` → `\left(`), as it
 * arrives from outputs that were escaped twice. Only known command names after exactly two backslashes
 * are touched, so a matrix row break (`\\`) before a digit or a space stays what it is.
 */
export function undoDoubleEscape(text: string): string {
  return text.includes('\\\\') ? text.replace(DOUBLED, '\\') : text;
}

const PERCENT_AFTER = /^\s*\$*\s*(?:\\%|%|percent(?:age)?\b|pct\b)/i;

/** True when a percent sign or word follows index `end` (`$28$ %`, `\boxed{28} percent`). */
export function percentAfter(text: string, end: number): boolean {
  return PERCENT_AFTER.test(text.slice(end, end + 20));
}
