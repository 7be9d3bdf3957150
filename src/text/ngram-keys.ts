// Fast n-gram statistics for BLEU and chrF on top of ngram-scratch.ts, with string-keyed reference paths
// (used for huge vocabularies, and by the differential tests).

import {
  clippedCount,
  distinctSymbols,
  grow,
  internSeq,
  intersectionCount,
  numericKeysFit,
  resetIds,
  rollKeys,
  type SymbolSeq,
} from './ngram-scratch.js';
import { maxMerge, overlap, wordNgrams } from './ngrams.js';
import { codePoints } from './python-str.js';

export type { SymbolSeq } from './ngram-scratch.js';

/** Clipped n-gram matches and hypothesis n-gram totals per order (BLEU's statistics) for token lists. */
export interface MatchCounts {
  correct: number[];
  total: number[];
}

// Clipped counts (Papineni et al. 2002): each hypothesis n-gram counts at most its maximum count in one reference.
export function clippedMatches(hyp: readonly string[], refs: readonly string[][], maxOrder: number): MatchCounts {
  let length = hyp.length;
  for (const r of refs) length += r.length;
  grow(length);
  resetIds();
  let at = internSeq(hyp, 0);
  for (const r of refs) at = internSeq(r, at);
  return (
    clippedMatchesOfIds(
      hyp.length,
      refs.map((r) => r.length),
      maxOrder,
    ) ?? clippedMatchesByMap(hyp, refs, maxOrder)
  );
}

/**
 * Clipped matches over sequences already interned into the id buffer (hypothesis first, then each reference);
 * undefined when the vocabulary is too large for exact numeric keys.
 */
export function clippedMatchesOfIds(
  hypLen: number,
  refLens: readonly number[],
  maxOrder: number,
): MatchCounts | undefined {
  const base = Math.max(distinctSymbols(), 2);
  if (!numericKeysFit(base, maxOrder)) return undefined;
  const correct: number[] = [];
  const total: number[] = [];
  const refStarts: number[] = [];
  let at = hypLen;
  for (const len of refLens) {
    refStarts.push(at);
    at += len;
  }
  if (refLens.length === 1) {
    const refStart = hypLen;
    const refLen = refLens[0] as number;
    for (let n = 1; n <= maxOrder; n++) {
      const hCount = rollKeys(0, hypLen, n, base);
      const rCount = rollKeys(refStart, refLen, n, base);
      total.push(hCount);
      correct.push(intersectionCount(0, hCount, refStart, rCount));
    }
    return { correct, total };
  }
  const refCounts = refLens.map(() => 0);
  for (let n = 1; n <= maxOrder; n++) {
    const hCount = rollKeys(0, hypLen, n, base);
    for (let r = 0; r < refLens.length; r++) {
      refCounts[r] = rollKeys(refStarts[r] as number, refLens[r] as number, n, base);
    }
    total.push(hCount);
    correct.push(clippedCount(0, hCount, refStarts, refCounts));
  }
  return { correct, total };
}

/** The same counts with string-keyed maps: the reference path, and the fallback for huge vocabularies. */
export function clippedMatchesByMap(hyp: readonly string[], refs: readonly string[][], maxOrder: number): MatchCounts {
  const merged = wordNgrams([], maxOrder);
  for (const ref of refs) {
    const counts = wordNgrams(ref, maxOrder);
    for (let n = 0; n < maxOrder; n++) maxMerge(merged[n] as Map<string, number>, counts[n] as Map<string, number>);
  }
  const hypCounts = wordNgrams(hyp, maxOrder);
  const correct: number[] = [];
  const total: number[] = [];
  for (let n = 0; n < maxOrder; n++) {
    const refCounts = merged[n] as Map<string, number>;
    let c = 0;
    let t = 0;
    for (const [gram, count] of hypCounts[n] as Map<string, number>) {
      t += count;
      const r = refCounts.get(gram);
      if (r !== undefined) c += Math.min(count, r);
    }
    correct.push(c);
    total.push(t);
  }
  return { correct, total };
}

/** Per order n = 1..maxOrder: hypothesis n-grams, reference n-grams, and their multiset intersection. */
export interface OverlapCounts {
  hyp: number[];
  ref: number[];
  match: number[];
}

/** N-gram overlap of one hypothesis with one reference, per order n = 1..maxOrder; chrF's statistics. */
export function ngramOverlap(hypSeq: SymbolSeq, refSeq: SymbolSeq, maxOrder: number): OverlapCounts {
  grow(hypSeq.length + refSeq.length);
  resetIds();
  const hypEnd = internSeq(hypSeq, 0);
  const refEnd = internSeq(refSeq, hypEnd);
  const distinct = distinctSymbols();
  resetIds();
  const base = Math.max(distinct, 2);
  const out: OverlapCounts = { hyp: [], ref: [], match: [] };
  if (!numericKeysFit(base, maxOrder)) {
    const hyp = typeof hypSeq === 'string' ? codePoints(hypSeq) : hypSeq;
    const ref = typeof refSeq === 'string' ? codePoints(refSeq) : refSeq;
    for (let n = 1; n <= maxOrder; n++) {
      const h = ngramCounts(hyp, n);
      const r = ngramCounts(ref, n);
      out.hyp.push(Math.max(hyp.length - n + 1, 0));
      out.ref.push(Math.max(ref.length - n + 1, 0));
      out.match.push(overlap(h, r));
    }
    return out;
  }
  for (let n = 1; n <= maxOrder; n++) {
    const h = rollKeys(0, hypEnd, n, base);
    const r = rollKeys(hypEnd, refEnd - hypEnd, n, base);
    out.hyp.push(h);
    out.ref.push(r);
    out.match.push(clippedCount(0, h, [hypEnd], [r]));
  }
  return out;
}

/** Counts of the order-n n-grams of a symbol list, keyed by the symbols joined with U+0001. */
export function ngramCounts(symbols: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= symbols.length; i++) {
    const key = symbols.slice(i, i + n).join('\u0001');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}
