// The counting engine behind ngram-keys.ts: symbols are interned to small integer ids, each n-gram becomes
// one exact float key (Horner's scheme in base = number of distinct symbols), and n-grams are counted in a
// small open-addressing table of those keys. Buffers are reused between calls (all of this is synchronous):
// allocation costs more than the counting.

/** Symbols to count n-grams of: a list (words), or a string standing for its code points (characters). */
export type SymbolSeq = readonly string[] | string;

// Ids of BMP code units seen in the current call, plus one (0 = not seen yet); reset after each call.
const unitIds = new Int32Array(0x10000);
const touched: number[] = [];

// Ids of other symbols (words, astral characters). All id kinds share one counter, from 0 after a reset.
const ids = new Map<string, number>();
let nextId = 0;
// Symbol ids, rolling keys of the current order, and the sorted keys, for all sequences of one comparison.
let idBuf = new Int32Array(256);
let rollBuf = new Float64Array(256);

/** Makes the buffers hold at least `length` symbols. */
export function grow(length: number): void {
  if (idBuf.length >= length) return;
  idBuf = new Int32Array(length * 2);
  rollBuf = new Float64Array(length * 2);
}

/** Advances rollBuf[start, start+len) to the order-n keys (call with n = 1, 2, 3... in turn); returns their count. */
export function rollKeys(start: number, len: number, n: number, base: number): number {
  const ids = idBuf;
  const roll = rollBuf;
  const count = Math.max(len - n + 1, 0);
  if (n === 1) for (let i = start; i < start + count; i++) roll[i] = ids[i] as number;
  else for (let i = start; i < start + count; i++) roll[i] = (roll[i] as number) * base + (ids[i + n - 1] as number);
  return count;
}

// The table of one order's hypothesis keys: count in the hypothesis, best count in one reference so far, and
// the count in the reference being read (refOf says which one). hypCount 0 marks an empty slot.
let tKey = new Float64Array(256);
let tHyp = new Int32Array(256);
let tBest = new Int32Array(256);
let tCur = new Int32Array(256);
let tRef = new Int32Array(256);
let tUsed = new Int32Array(256);

function growTable(hypCount: number): void {
  let size = tKey.length;
  while (size < 2 * hypCount) size *= 2;
  tKey = new Float64Array(size);
  tHyp = new Int32Array(size);
  tBest = new Int32Array(size);
  tCur = new Int32Array(size);
  tRef = new Int32Array(size);
  tUsed = new Int32Array(size);
}

function hashKey(key: number): number {
  // Keys below 2^31 (the usual case) hash from one int; larger ones mix in their high part.
  const h =
    key < 2147483648
      ? Math.imul(key, 0x9e3779b1)
      : Math.imul((key | 0) ^ Math.imul((key / 4294967296) | 0, 0x9e3779b1), 0x85ebca6b);
  return h ^ (h >>> 13);
}

/**
 * Σ over the hypothesis n-grams of min(count in the hypothesis, max over references of its count there), for
 * keys left in rollBuf by rollKeys: BLEU's clipped matches, and with one reference chrF's matches.
 */
export function clippedCount(hypStart: number, hypCount: number, refStarts: number[], refCounts: number[]): number {
  if (tKey.length < 2 * hypCount) growTable(hypCount);
  // Locals, not the module bindings, in the loops below: V8 keeps them in registers.
  const keys = tKey;
  const hyp = tHyp;
  const best = tBest;
  const cur = tCur;
  const refOf = tRef;
  const used = tUsed;
  let usedCount = 0;
  const mask = keys.length - 1;
  const roll = rollBuf;
  for (let i = hypStart; i < hypStart + hypCount; i++) {
    const key = roll[i] as number;
    let pos = hashKey(key) & mask;
    while (hyp[pos] !== 0 && keys[pos] !== key) pos = (pos + 1) & mask;
    if (hyp[pos] === 0) {
      keys[pos] = key;
      best[pos] = 0;
      refOf[pos] = -1;
      used[usedCount++] = pos;
    }
    hyp[pos] = (hyp[pos] as number) + 1;
  }
  for (let r = 0; r < refStarts.length; r++) {
    const start = refStarts[r] as number;
    const end = start + (refCounts[r] as number);
    for (let i = start; i < end; i++) {
      const key = roll[i] as number;
      let pos = hashKey(key) & mask;
      while (hyp[pos] !== 0 && keys[pos] !== key) pos = (pos + 1) & mask;
      if (hyp[pos] === 0) continue;
      const c = refOf[pos] === r ? (cur[pos] as number) + 1 : 1;
      refOf[pos] = r;
      cur[pos] = c;
      if (c > (best[pos] as number)) best[pos] = c;
    }
  }
  let total = 0;
  for (let u = 0; u < usedCount; u++) {
    const pos = used[u] as number;
    total += Math.min(hyp[pos] as number, best[pos] as number);
    hyp[pos] = 0;
  }
  return total;
}

/**
 * clippedCount with exactly one reference: the size of the multiset intersection of the two key runs. Each
 * hypothesis key goes into the table with its count, and each reference key that finds a count left takes
 * one (Σ min(hyp count, ref count) without keeping reference counts).
 */
export function intersectionCount(hypStart: number, hypCount: number, refStart: number, refCount: number): number {
  if (tKey.length < 2 * hypCount) growTable(hypCount);
  const keys = tKey;
  const left = tHyp;
  const used = tUsed;
  let usedCount = 0;
  const mask = keys.length - 1;
  const roll = rollBuf;
  for (let i = hypStart; i < hypStart + hypCount; i++) {
    const key = roll[i] as number;
    let pos = hashKey(key) & mask;
    let v = left[pos] as number;
    while (v !== 0 && keys[pos] !== key) {
      pos = (pos + 1) & mask;
      v = left[pos] as number;
    }
    if (v === 0) {
      keys[pos] = key;
      used[usedCount++] = pos;
    }
    left[pos] = v + 1;
  }
  let total = 0;
  for (let i = refStart; i < refStart + refCount; i++) {
    const key = roll[i] as number;
    let pos = hashKey(key) & mask;
    for (;;) {
      const v = left[pos] as number;
      if (v === 0) break;
      if (keys[pos] === key) {
        // A key whose count reaches 0 keeps its slot (marked -1 below) so later probes still pass it.
        if (v > 0) {
          total++;
          left[pos] = v === 1 ? -1 : v - 1;
        }
        break;
      }
      pos = (pos + 1) & mask;
    }
  }
  for (let u = 0; u < usedCount; u++) left[used[u] as number] = 0;
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
      if (id === undefined) ids.set(t, (id = nextId++));
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
      if (id === undefined) ids.set(pair, (id = nextId++));
      idBuf[end++] = id;
      i++;
      continue;
    }
    let id = (unitIds[c] as number) - 1;
    if (id < 0) {
      id = nextId++;
      unitIds[c] = id + 1;
      touched.push(c);
    }
    idBuf[end++] = id;
  }
  return end;
}

// Span ids: an open-addressing table from token text (hashed in place, FNV-1a) to id, so tokens given as
// offsets into a line are interned without making strings. slots hold id + 1 (0 = empty).
let slots = new Int32Array(1024);
const usedSlots: number[] = [];
const spanLine: string[] = [];
let spanStart = new Int32Array(256);
let spanEnd = new Int32Array(256);

/** Makes the span table hold `count` tokens at a load factor of at most 1/2; call right after resetIds. */
export function growSpans(count: number): void {
  const need = nextId + count;
  if (spanStart.length < need) {
    const start = new Int32Array(need * 2);
    const end = new Int32Array(need * 2);
    start.set(spanStart);
    end.set(spanEnd);
    spanStart = start;
    spanEnd = end;
  }
  if (slots.length < need * 2 && usedSlots.length === 0) {
    let size = slots.length;
    while (size < need * 2) size *= 2;
    slots = new Int32Array(size);
  }
}

function sameText(id: number, line: string, start: number, end: number): boolean {
  const s = spanStart[id] as number;
  if ((spanEnd[id] as number) - s !== end - start) return false;
  const other = spanLine[id] as string;
  for (let i = 0; i < end - start; i++) if (other.charCodeAt(s + i) !== line.charCodeAt(start + i)) return false;
  return true;
}

/** FNV-1a's starting value, for callers that hash a token's characters as they scan it (internHashed). */
export const FNV_START = 0x811c9dc5;
/** One FNV-1a step: the hash after `h` takes the code unit `c`. */
export const FNV_PRIME = 0x01000193;

/** Interns the token line[start, end) into idBuf[at]; call growSpans first for every token of the comparison. */
export function internSpan(line: string, start: number, end: number, at: number): void {
  let h = FNV_START;
  for (let i = start; i < end; i++) h = Math.imul(h ^ line.charCodeAt(i), FNV_PRIME);
  internHashed(line, start, end, h, at);
}

/** internSpan for a caller that already has the token's FNV-1a hash `h` (FNV_START, then FNV_PRIME steps). */
export function internHashed(line: string, start: number, end: number, h: number, at: number): void {
  const mask = slots.length - 1;
  let pos = h & mask;
  for (;;) {
    const v = slots[pos] as number;
    if (v === 0) {
      const id = nextId++;
      slots[pos] = id + 1;
      usedSlots.push(pos);
      spanLine[id] = line;
      spanStart[id] = start;
      spanEnd[id] = end;
      idBuf[at] = id;
      return;
    }
    if (sameText(v - 1, line, start, end)) {
      idBuf[at] = v - 1;
      return;
    }
    pos = (pos + 1) & mask;
  }
}

/** Forgets every id (call before interning a new comparison). */
export function resetIds(): void {
  if (ids.size > 0) ids.clear();
  for (const c of touched) unitIds[c] = 0;
  touched.length = 0;
  for (const pos of usedSlots) slots[pos] = 0;
  usedSlots.length = 0;
  // spanLine keeps its entries (overwritten on reuse): shrinking it costs more than the stale references.
  nextId = 0;
}

/** The number of distinct symbols interned since the last reset. */
export function distinctSymbols(): number {
  return nextId;
}
