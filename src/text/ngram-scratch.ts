// The counting engine behind ngram-keys.ts: symbols are interned to small integer ids, each n-gram becomes
// one exact float key (Horner's scheme in base = number of distinct symbols), and counting is sorting those keys
// in place. Buffers are reused between calls (all of this is synchronous): allocation costs more than counting.

/** Symbols to count n-grams of: a list (words), or a string standing for its code points (characters). */
export type SymbolSeq = readonly string[] | string;

// Ids of BMP code units seen in the current call, plus one (0 = not seen yet); reset after each call.
const unitIds = new Int32Array(0x10000);
const touched: number[] = [];

// Ids of other symbols (words, astral characters); ids are shared with unitIds and count up from 0.
const ids = new Map<string, number>();
// Symbol ids, rolling keys of the current order, and the sorted keys, for all sequences of one comparison.
let idBuf = new Int32Array(256);
let rollBuf = new Float64Array(256);
let keyBuf = new Float64Array(256);

/** Makes the buffers hold at least `length` symbols. */
export function grow(length: number): void {
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
export function writeKeys(start: number, len: number, n: number, base: number, at: number): number {
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
export function clippedInBuf(hFrom: number, hTo: number, refFrom: number[], refTo: number[]): number {
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

/** True when every n-gram up to `maxOrder` over `base` symbols has an exact float key. */
export function numericKeysFit(base: number, maxOrder: number): boolean {
  return Math.max(base, 2) ** maxOrder <= Number.MAX_SAFE_INTEGER;
}

/** Writes ids of the sequence's symbols to idBuf from `at`, sharing ids through `ids`; returns the new end. */
export function internSeq(seq: SymbolSeq, at: number): number {
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

/** Forgets every id (call before interning a new comparison). */
export function resetIds(): void {
  ids.clear();
  for (const c of touched) unitIds[c] = 0;
  touched.length = 0;
}

/** The number of distinct symbols interned since the last reset. */
export function distinctSymbols(): number {
  return ids.size + touched.length;
}
