// BLEU statistics straight from 13a token offsets: tokens are interned by their text in place, so no token
// strings are made. Same numbers as tokenize13a + clippedMatches (fast-paths.test.ts checks it).
import { clippedMatches, clippedMatchesOfIds, type MatchCounts } from './ngram-keys.js';
import { grow, growSpans, internSpan, resetIds } from './ngram-scratch.js';
import { scan13a, scan13aSpans } from './scan-13a.js';
import { preclean13a } from './tokenizers.js';

/** Clipped matches per order plus the token counts of the hypothesis and of each reference. */
export interface Stats13a extends MatchCounts {
  hypLen: number;
  refLens: number[];
}

let spans = new Int32Array(512);
let spanCount = 0;

function pushSpan(start: number, end: number): void {
  if (spans.length < 2 * spanCount + 2) {
    const bigger = new Int32Array(spans.length * 2);
    bigger.set(spans);
    spans = bigger;
  }
  spans[2 * spanCount] = start;
  spans[2 * spanCount + 1] = end;
  spanCount++;
}

/** BLEU's n-gram statistics of `hyp` against `refs`, both tokenised with sacreBLEU's 13a. */
export function matches13a(hyp: string, refs: readonly string[], maxOrder: number): Stats13a {
  const lines = [hyp, ...refs].map((l) => ` ${preclean13a(l)} `);
  const ends: number[] = [];
  spanCount = 0;
  for (const line of lines) {
    scan13aSpans(line, pushSpan);
    ends.push(spanCount);
  }
  resetIds();
  grow(spanCount);
  growSpans(spanCount);
  let k = 0;
  lines.forEach((line, i) => {
    for (; k < (ends[i] as number); k++) internSpan(line, spans[2 * k] as number, spans[2 * k + 1] as number, k);
  });
  const hypLen = ends[0] as number;
  const refLens = ends.slice(1).map((end, i) => end - (ends[i] as number));
  const counts = clippedMatchesOfIds(hypLen, refLens, maxOrder);
  if (counts) return { ...counts, hypLen, refLens };
  // More distinct tokens than exact keys allow: count with strings.
  const [h, ...r] = lines.map(scan13a);
  return { ...clippedMatches(h as string[], r, maxOrder), hypLen, refLens };
}
