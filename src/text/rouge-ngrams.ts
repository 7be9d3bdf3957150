// ROUGE-N counts straight from the text: rougeTokens' [a-z0-9] runs are interned by their text in place (no
// token strings), and n-grams are counted with BLEU's numeric keys. Same counts as rougeTokens + string-keyed
// maps (rouge.test.ts checks it on many random pairs); the stemmer needs token strings and stays on that path.
import {
  distinctSymbols,
  FNV_PRIME,
  FNV_START,
  grow,
  growSpans,
  internHashed,
  intersectionCount,
  numericKeysFit,
  resetIds,
  rollKeys,
} from './ngram-scratch.js';

/** Clipped n-gram overlap (Σ min of the two counts) and the n-gram totals of each side. */
export interface NgramOverlap {
  overlap: number;
  targetGrams: number;
  predictionGrams: number;
}

/** Interns the [a-z0-9] runs of a lowercased text into the id buffer from `at`; returns the new end. */
function internRuns(s: string, at: number): number {
  let end = at;
  let start = -1;
  let h = FNV_START;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 0;
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
      if (start < 0) {
        start = i;
        h = FNV_START;
      }
      h = Math.imul(h ^ c, FNV_PRIME);
    } else if (start >= 0) {
      internHashed(s, start, i, h, end++);
      start = -1;
    }
  }
  return end;
}

/** Order-n overlap of two texts tokenised as rougeTokens without the stemmer; undefined when keys would not be exact. */
export function rougeNOverlap(target: string, prediction: string, n: number): NgramOverlap | undefined {
  const p = prediction.toLowerCase();
  const t = target.toLowerCase();
  // A text of L code units has fewer than L tokens.
  const bound = p.length + t.length;
  resetIds();
  grow(bound);
  growSpans(bound);
  const pEnd = internRuns(p, 0);
  const tEnd = internRuns(t, pEnd);
  const base = Math.max(distinctSymbols(), 2);
  if (!numericKeysFit(base, n)) return undefined;
  let pGrams = 0;
  let tGrams = 0;
  // rollKeys builds order k from order k - 1, so it walks k = 1..n.
  for (let k = 1; k <= n; k++) {
    pGrams = rollKeys(0, pEnd, k, base);
    tGrams = rollKeys(pEnd, tEnd - pEnd, k, base);
  }
  return { overlap: intersectionCount(0, pGrams, pEnd, tGrams), targetGrams: tGrams, predictionGrams: pGrams };
}
