// sacreBLEU's TokenizerRegexp (the mteval-v13a rules) as one scan over the line instead of four regex passes.
// The passes, on the line as modified by the passes before:
//   1. ([{-~[-` -&(-+:-@/])  -> " \1 "     ASCII punctuation except ' , - . becomes its own token
//   2. ([^0-9])([.,])         -> "\1 \2 "  . , after a non-digit
//   3. ([.,])([^0-9])         -> " \1 \2"  . , before a non-digit
//   4. ([0-9])(-)             -> "\1 \2 "  - after a digit
// Regex matches do not overlap, so a character used by one match cannot start the next; the flags below
// track that. Only spaces are ever inserted, so the result is the line's characters with token breaks.
// Differentially tested against a literal transcription of the regexes (fast-paths.test.ts).
import { FNV_PRIME, FNV_START, internHashed } from './ngram-scratch.js';
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

// The class of every UTF-16 code unit (ASCII's, SPACE for Python whitespace, 0 otherwise), for intern13a.
const UNIT = new Uint8Array(0x10000);
UNIT.set(ASCII);
for (let c = 128; c < 0x10000; c++) if (isPySpace(c)) UNIT[c] = SPACE;

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

/**
 * The tokens of ` ${line} ` (the padding tokenize13a adds, without making that string), interned straight into
 * the id buffer from `at` (see internHashed; call resetIds, grow and growSpans first, sized by line lengths);
 * returns the end. One pass: the four regex passes only ever isolate single characters, so a token break
 * goes before and after every isolated character, and whether a character is isolated depends on itself,
 * its neighbours and two bits of state carried along:
 *   - ASCII punctuation except ' , - .  (pass 1) always;
 *   - . or , when pass 2 matches it (after a non-digit, not itself the . or , of the previous pass-2 match),
 *     or when pass 3 does (before a non-digit, a pass-1 character or a pass-2 match, unless the previous
 *     pass-3 match consumed it);
 *   - - after a digit (pass 4).
 * Differentially tested against the regex passes (fast-paths.test.ts), as scan13aSpans is.
 */
export function intern13a(line: string, at: number): number {
  const n = line.length;
  let out = at;
  let start = -1;
  let h = FNV_START;
  let kPrev = SPACE; // the padding before the line
  let c = n > 0 ? line.charCodeAt(0) : 0x20;
  let kCur = UNIT[c] as number;
  let cNext = 0x20;
  let mPrev = 0; // pass 2 matched the previous character
  let consumed = 0; // pass 3's previous match consumed this character
  let isoPrev = 0; // the previous character is a token on its own
  for (let i = 0; i < n; i++) {
    let kNext = SPACE; // the padding after the line
    if (i + 1 < n) {
      cNext = line.charCodeAt(i + 1);
      kNext = UNIT[cNext] as number;
    }
    if (kCur === SPACE) {
      if (start >= 0) internHashed(line, start, i, h, out++);
      start = -1;
      isoPrev = 0;
      mPrev = 0;
      consumed = 0;
    } else {
      let iso = 0;
      let mCur = 0;
      if (kCur === PUNCT1) {
        iso = 1;
        consumed = 0;
      } else if (kCur === PERIOD_COMMA) {
        mCur = kPrev !== DIGIT && mPrev === 0 ? 1 : 0;
        let p3 = 0;
        if (consumed) consumed = 0;
        else {
          const gap = mCur === 1 || (kNext === PERIOD_COMMA && mCur === 0) || kNext === PUNCT1;
          if (gap || kNext !== DIGIT) {
            p3 = 1;
            consumed = gap ? 0 : 1;
          } else consumed = 0;
        }
        iso = mCur | p3;
      } else {
        consumed = 0;
        if (kCur === DASH && kPrev === DIGIT) iso = 1;
      }
      if (start < 0) {
        start = i;
        h = FNV_START;
      } else if ((iso | isoPrev) !== 0) {
        internHashed(line, start, i, h, out++);
        start = i;
        h = FNV_START;
      }
      h = Math.imul(h ^ c, FNV_PRIME);
      isoPrev = iso;
      mPrev = mCur;
      if (kCur === 0 && kNext === 0) {
        // A run of other characters (letters...): nothing inside it breaks, so only hash it.
        let j = i + 1;
        for (; j < n; j++) {
          const d = line.charCodeAt(j);
          if (UNIT[d] !== 0) break;
          h = Math.imul(h ^ d, FNV_PRIME);
        }
        // Carry on from the run's last character (its state: class 0, not isolated, no pass-2/3 match).
        i = j - 1;
        isoPrev = 0;
        mPrev = 0;
        consumed = 0;
        kNext = SPACE;
        if (j < n) {
          cNext = line.charCodeAt(j);
          kNext = UNIT[cNext] as number;
        }
      }
    }
    kPrev = kCur;
    kCur = kNext;
    c = cNext;
  }
  if (start >= 0) internHashed(line, start, n, h, out++);
  return out;
}
