// sacreBLEU's TokenizerRegexp (the mteval-v13a rules) as one scan over the line instead of four regex passes.
// The passes, on the line as modified by the passes before:
//   1. ([{-~[-` -&(-+:-@/])  -> " \1 "     ASCII punctuation except ' , - . becomes its own token
//   2. ([^0-9])([.,])         -> "\1 \2 "  . , after a non-digit
//   3. ([.,])([^0-9])         -> " \1 \2"  . , before a non-digit
//   4. ([0-9])(-)             -> "\1 \2 "  - after a digit
// Regex matches do not overlap, so a character used by one match cannot start the next; the flags below
// track that. Only spaces are ever inserted, so the result is the line's characters with token breaks.
// Differentially tested against a literal transcription of the regexes (fast-paths.test.ts).
import { isPySpace } from './python-str.js';

const SPACE = 1;
const PUNCT1 = 2; // pass 1's class: ASCII punctuation except ' , - .
const DIGIT = 4;
const PERIOD_COMMA = 8;
const DASH = 16;

const ASCII = new Uint8Array(128);
for (const [lo, hi] of [
  [0x21, 0x26],
  [0x28, 0x2b],
  [0x2f, 0x2f],
  [0x3a, 0x40],
  [0x5b, 0x60],
  [0x7b, 0x7e],
] as const) {
  for (let c = lo; c <= hi; c++) ASCII[c] = PUNCT1;
}
for (let c = 0x30; c <= 0x39; c++) ASCII[c] = DIGIT;
for (let c = 0; c < 128; c++) if (isPySpace(c)) ASCII[c] = SPACE;
ASCII[0x2c] = PERIOD_COMMA;
ASCII[0x2e] = PERIOD_COMMA;
ASCII[0x2d] = DASH;

// Scratch arrays reused between calls: character classes, pass-2 matches, and "a space goes before i".
let cls = new Uint8Array(256);
let m2 = new Uint8Array(256);
let brk = new Uint8Array(256);

/** The tokens the four 13a regex passes plus Python's `split()` produce for `line`. */
export function scan13a(line: string): string[] {
  const spans: number[] = [];
  scan13aSpans(line, (start, end) => {
    spans.push(start, end);
  });
  const tokens: string[] = [];
  for (let i = 0; i < spans.length; i += 2) tokens.push(line.slice(spans[i], spans[i + 1]));
  return tokens;
}

/** Reports each 13a token of `line` as `[start, end)` offsets, in order, without making strings. */
export function scan13aSpans(line: string, emit: (start: number, end: number) => void): void {
  const n = line.length;
  if (cls.length < n + 2) {
    cls = new Uint8Array(2 * n + 2);
    m2 = new Uint8Array(2 * n + 2);
    brk = new Uint8Array(2 * n + 2);
  }
  const k = cls;
  const b = brk;
  const m = m2;
  for (let i = 0; i < n; i++) {
    const c = line.charCodeAt(i);
    k[i] = c < 128 ? (ASCII[c] as number) : isPySpace(c) ? SPACE : 0;
    b[i] = 0;
  }
  b[n] = 0;
  b[n + 1] = 0;
  // Pass 1: spaces around every PUNCT1 character.
  for (let i = 0; i < n; i++) {
    if (k[i] === PUNCT1) {
      b[i] = 1;
      b[i + 1] = 1;
    }
  }
  // Pass 2: a . or , after a non-digit, unless that character was the . or , of the previous match.
  let prev = 0;
  for (let q = 0; q < n; q++) {
    const hit = q > 0 && k[q] === PERIOD_COMMA && k[q - 1] !== DIGIT && prev === 0 ? 1 : 0;
    m[q] = hit;
    prev = hit;
    if (hit) {
      b[q] = 1;
      b[q + 1] = 1;
    }
  }
  m[n] = 0;
  // Pass 3: a . or , before a non-digit or before a space passes 1-2 put there, unless the previous match
  // consumed this very character (it does when no space separated the two).
  let consumed = 0;
  for (let p = 0; p + 1 < n; p++) {
    if (k[p] !== PERIOD_COMMA || consumed) {
      consumed = 0;
      continue;
    }
    const gap = m[p] === 1 || m[p + 1] === 1 || k[p + 1] === PUNCT1;
    if (gap || k[p + 1] !== DIGIT) {
      b[p] = 1;
      b[p + 1] = 1;
      consumed = gap ? 0 : 1;
    } else consumed = 0;
  }
  // Pass 4: a digit followed by - gets spaces between them and after the -.
  for (let i = 0; i + 1 < n; i++) {
    if (k[i] === DIGIT && k[i + 1] === DASH) {
      b[i + 1] = 1;
      b[i + 2] = 1;
    }
  }
  let start = -1;
  for (let i = 0; i < n; i++) {
    if (k[i] === SPACE) {
      if (start >= 0) emit(start, i);
      start = -1;
    } else if (start < 0) start = i;
    else if (b[i]) {
      emit(start, i);
      start = i;
    }
  }
  if (start >= 0) emit(start, n);
}
