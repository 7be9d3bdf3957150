// BLEU statistics straight from 13a token offsets: tokens are interned by their text in place, so no token
// strings are made. Same numbers as tokenize13a + clippedMatches (fast-paths.test.ts checks it).
import { clippedMatches, clippedMatchesOfIds, type MatchCounts } from './ngram-keys.js';
import { grow, growSpans, resetIds } from './ngram-scratch.js';
import { intern13a, scan13a } from './scan-13a.js';
import { preclean13a } from './tokenizers.js';

/** Clipped matches per order plus the token counts of the hypothesis and of each reference. */
export interface Stats13a extends MatchCounts {
  hypLen: number;
  refLens: number[];
}

/** BLEU's n-gram statistics of `hyp` against `refs`, both tokenised with sacreBLEU's 13a. */
export function matches13a(hyp: string, refs: readonly string[], maxOrder: number): Stats13a {
  const h = preclean13a(hyp);
  // A line of L characters has at most L tokens (the padding spaces add none).
  let bound = h.length;
  const cleaned: string[] = [];
  for (const r of refs) {
    const c = preclean13a(r);
    cleaned.push(c);
    bound += c.length;
  }
  resetIds();
  grow(bound);
  growSpans(bound);
  const hypLen = intern13a(h, 0);
  let at = hypLen;
  const refLens: number[] = [];
  for (const c of cleaned) {
    const end = intern13a(c, at);
    refLens.push(end - at);
    at = end;
  }
  const counts = clippedMatchesOfIds(hypLen, refLens, maxOrder);
  if (counts) return { correct: counts.correct, total: counts.total, hypLen, refLens };
  // More distinct tokens than exact keys allow: count with strings.
  const pad = (l: string) => scan13a(` ${l} `);
  return { ...clippedMatches(pad(h), cleaned.map(pad), maxOrder), hypLen, refLens };
}
