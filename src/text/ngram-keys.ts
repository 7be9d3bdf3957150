// Fast n-gram counting: symbols are interned to small integers and each n-gram becomes one exact float key
// (Horner's scheme in base = number of distinct symbols), so counting is sorting numbers, not hashing strings.
import { maxMerge, overlap, wordNgrams } from './ngrams.js';
import { codePoints } from './python-str.js';

/** Gives each distinct symbol of one comparison an id 0, 1, 2, ... */
export class Interner {
  readonly #ids = new Map<string, number>();

  /** Ids of the symbols, in order. */
  ids(symbols: readonly string[]): Int32Array {
    const out = new Int32Array(symbols.length);
    for (let i = 0; i < symbols.length; i++) {
      const s = symbols[i] as string;
      let id = this.#ids.get(s);
      if (id === undefined) this.#ids.set(s, (id = this.#ids.size));
      out[i] = id;
    }
    return out;
  }

  get size(): number {
    return this.#ids.size;
  }
}

/** True when every n-gram up to `maxOrder` over `base` symbols has an exact float key. */
export function numericKeysFit(base: number, maxOrder: number): boolean {
  return Math.max(base, 2) ** maxOrder <= Number.MAX_SAFE_INTEGER;
}

/** The keys of all n-grams of order n, sorted ascending (equal n-grams give equal keys). */
export function sortedNgramKeys(ids: Int32Array, n: number, base: number): Float64Array {
  const count = Math.max(ids.length - n + 1, 0);
  const keys = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    let k = 0;
    for (let j = 0; j < n; j++) k = k * base + (ids[i + j] as number);
    keys[i] = k;
  }
  return keys.sort();
}

/** Σ over keys of min(count in a, count in b), for sorted key arrays (the multiset intersection size). */
export function sortedOverlap(a: Float64Array, b: Float64Array): number {
  let i = 0;
  let j = 0;
  let total = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x < y) i++;
    else if (y < x) j++;
    else {
      total++;
      i++;
      j++;
    }
  }
  return total;
}

/** Σ over hypothesis keys of min(count in hyp, max over refs of count in ref): BLEU's clipped matches. */
export function sortedClippedMatches(hyp: Float64Array, refs: readonly Float64Array[]): number {
  if (refs.length === 1) return sortedOverlap(hyp, refs[0] as Float64Array);
  const pos = new Array<number>(refs.length).fill(0);
  let total = 0;
  let i = 0;
  while (i < hyp.length) {
    const key = hyp[i] as number;
    let run = 0;
    while (i < hyp.length && hyp[i] === key) {
      run++;
      i++;
    }
    let best = 0;
    for (let r = 0; r < refs.length; r++) {
      const ref = refs[r] as Float64Array;
      let p = pos[r] as number;
      while (p < ref.length && (ref[p] as number) < key) p++;
      let c = 0;
      while (p < ref.length && ref[p] === key) {
        c++;
        p++;
      }
      pos[r] = p;
      if (c > best) best = c;
    }
    total += Math.min(run, best);
  }
  return total;
}

/** Clipped n-gram matches and hypothesis n-gram totals per order (BLEU's statistics) for token lists. */
export interface MatchCounts {
  correct: number[];
  total: number[];
}

// Reused between calls (everything here is synchronous): typed-array allocation costs more than the counting.
const ids = new Map<string, number>();
let idBuf = new Int32Array(256);
let rollBuf = new Float64Array(256);
let keyBuf = new Float64Array(256);

function grow(length: number): void {
  if (idBuf.length >= length) return;
  idBuf = new Int32Array(length * 2);
  rollBuf = new Float64Array(length * 2);
  keyBuf = new Float64Array(length * 2);
}

function insertionSort(from: number, to: number): void {
  for (let i = from + 1; i < to; i++) {
    const v = keyBuf[i] as number;
    let j = i - 1;
    while (j >= from && (keyBuf[j] as number) > v) {
      keyBuf[j + 1] = keyBuf[j] as number;
      j--;
    }
    keyBuf[j + 1] = v;
  }
}

/** Sorts keyBuf[from, to) in place: quicksort (median of three) down to short runs, then insertion sort. */
function sortRange(from: number, to: number): void {
  while (to - from > 24) {
    const mid = (from + to) >>> 1;
    const a = keyBuf[from] as number;
    const b = keyBuf[mid] as number;
    const c = keyBuf[to - 1] as number;
    const pivot = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c)); // median of three
    let i = from;
    let j = to - 1;
    while (i <= j) {
      while ((keyBuf[i] as number) < pivot) i++;
      while ((keyBuf[j] as number) > pivot) j--;
      if (i <= j) {
        const t = keyBuf[i] as number;
        keyBuf[i] = keyBuf[j] as number;
        keyBuf[j] = t;
        i++;
        j--;
      }
    }
    // Recurse into the smaller side, loop on the larger, so the stack stays O(log n).
    if (j - from < to - 1 - i) {
      sortRange(from, j + 1);
      from = i;
    } else {
      sortRange(i, to);
      to = j + 1;
    }
  }
  insertionSort(from, to);
}

/**
 * Writes the sorted order-n keys of the symbols idBuf[start, start+len) to keyBuf from `at`; returns the count.
 * Call with n = 1, 2, 3... in turn for a range: rollBuf carries the order n-1 keys (key_n = key_{n-1}·base + id).
 */
function writeKeys(start: number, len: number, n: number, base: number, at: number): number {
  const ids = idBuf;
  const roll = rollBuf;
  const keys = keyBuf;
  const count = Math.max(len - n + 1, 0);
  for (let i = start; i < start + count; i++) {
    const k = n === 1 ? (ids[i] as number) : (roll[i] as number) * base + (ids[i + n - 1] as number);
    roll[i] = k;
    keys[at + i - start] = k;
  }
  sortRange(at, at + count);
  return count;
}

/** Σ over hyp keys of min(run, max over refs of its count); all ranges are sorted runs of keyBuf. */
function clippedInBuf(hFrom: number, hTo: number, refFrom: number[], refTo: number[]): number {
  const pos = refFrom.slice();
  let total = 0;
  let i = hFrom;
  while (i < hTo) {
    const key = keyBuf[i] as number;
    let run = 0;
    while (i < hTo && keyBuf[i] === key) {
      run++;
      i++;
    }
    let best = 0;
    for (let r = 0; r < pos.length && best < run; r++) {
      let p = pos[r] as number;
      const end = refTo[r] as number;
      while (p < end && (keyBuf[p] as number) < key) p++;
      let c = 0;
      while (p < end && keyBuf[p] === key) {
        c++;
        p++;
      }
      pos[r] = p;
      if (c > best) best = c;
    }
    total += Math.min(run, best);
  }
  return total;
}

// Clipped counts (Papineni et al. 2002): each hypothesis n-gram counts at most its maximum count in one reference.
export function clippedMatches(hyp: readonly string[], refs: readonly string[][], maxOrder: number): MatchCounts {
  let length = hyp.length;
  for (const r of refs) length += r.length;
  grow(length);
  ids.clear();
  let at = 0;
  const intern = (tokens: readonly string[]) => {
    for (const t of tokens) {
      let id = ids.get(t);
      if (id === undefined) ids.set(t, (id = ids.size));
      idBuf[at++] = id;
    }
  };
  intern(hyp);
  for (const r of refs) intern(r);
  const base = Math.max(ids.size, 2);
  if (!numericKeysFit(base, maxOrder)) return clippedMatchesByMap(hyp, refs, maxOrder);
  const correct: number[] = [];
  const total: number[] = [];
  const refFrom: number[] = [];
  const refTo: number[] = [];
  for (let n = 1; n <= maxOrder; n++) {
    const hCount = writeKeys(0, hyp.length, n, base, 0);
    let start = hyp.length;
    let out = hCount;
    refFrom.length = 0;
    refTo.length = 0;
    for (const r of refs) {
      const c = writeKeys(start, r.length, n, base, out);
      refFrom.push(out);
      refTo.push(out + c);
      out += c;
      start += r.length;
    }
    total.push(hCount);
    correct.push(refs.length === 0 ? 0 : clippedInBuf(0, hCount, refFrom, refTo));
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

/** Symbols to count n-grams of: a list (words), or a string standing for its code points (characters). */
export type SymbolSeq = readonly string[] | string;

// Ids of BMP code units seen in the current call, plus one (0 = not seen yet); reset after each call.
const unitIds = new Int32Array(0x10000);
const touched: number[] = [];

/** Writes ids of the sequence's symbols to idBuf from `at`, sharing ids through `ids`; returns the new end. */
function internSeq(seq: SymbolSeq, at: number): number {
  let end = at;
  if (typeof seq !== 'string') {
    for (const t of seq) {
      let id = ids.get(t);
      if (id === undefined) ids.set(t, (id = ids.size + touched.length));
      idBuf[end++] = id;
    }
    return end;
  }
  for (let i = 0; i < seq.length; i++) {
    const c = seq.charCodeAt(i);
    const next = seq.charCodeAt(i + 1);
    if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      const pair = seq.slice(i, i + 2);
      let id = ids.get(pair);
      if (id === undefined) ids.set(pair, (id = ids.size + touched.length));
      idBuf[end++] = id;
      i++;
      continue;
    }
    let id = (unitIds[c] as number) - 1;
    if (id < 0) {
      id = ids.size + touched.length;
      unitIds[c] = id + 1;
      touched.push(c);
    }
    idBuf[end++] = id;
  }
  return end;
}

function resetIds(): void {
  ids.clear();
  for (const c of touched) unitIds[c] = 0;
  touched.length = 0;
}

/** N-gram overlap of one hypothesis with one reference, per order n = 1..maxOrder; chrF's statistics. */
export function ngramOverlap(hypSeq: SymbolSeq, refSeq: SymbolSeq, maxOrder: number): OverlapCounts {
  grow(hypSeq.length + refSeq.length);
  resetIds();
  const hypEnd = internSeq(hypSeq, 0);
  const refEnd = internSeq(refSeq, hypEnd);
  const distinct = ids.size + touched.length;
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
    const h = writeKeys(0, hypEnd, n, base, 0);
    const r = writeKeys(hypEnd, refEnd - hypEnd, n, base, h);
    out.hyp.push(h);
    out.ref.push(r);
    out.match.push(clippedInBuf(0, h, [h], [h + r]));
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
