import { distance } from 'fastest-levenshtein';
import { hasSurrogates, pySplit } from './python-str.js';

/** What one edit acts on: a code point (`char`) or a whitespace-separated word (`word`). */
export type EditUnit = 'char' | 'word';

/** Levenshtein distance and the similarity 1 − d / max(|a|, |b|) (1 when both are empty). */
export interface EditSimilarity {
  distance: number;
  similarity: number;
  /** Lengths in units. */
  lengths: [number, number];
}

/**
 * Maps the symbols of both sides to one UTF-16 unit each, so a code-unit Levenshtein counts code points or words.
 * Returns undefined when there are more than 65,536 distinct symbols.
 */
function encode(a: readonly string[], b: readonly string[]): [string, string] | undefined {
  const ids = new Map<string, number>();
  const code = (symbol: string) => {
    let id = ids.get(symbol);
    if (id === undefined) ids.set(symbol, (id = ids.size));
    return id;
  };
  const ca = a.map(code);
  const cb = b.map(code);
  if (ids.size > 0x10000) return undefined;
  const text = (codes: number[]) => {
    let s = '';
    for (let i = 0; i < codes.length; i += 4096) s += String.fromCharCode(...codes.slice(i, i + 4096));
    return s;
  };
  return [text(ca), text(cb)];
}

/** Plain dynamic-programming Levenshtein on symbol arrays (fallback for > 65,536 distinct symbols). */
function levenshteinArrays(a: readonly string[], b: readonly string[]): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const sub = (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      row.push(Math.min(sub, (prev[j] as number) + 1, (row[j - 1] as number) + 1));
    }
    prev = row;
  }
  return prev[b.length] as number;
}

// Levenshtein (1966) distance normalised by the longer length: similarity = 1 − d / max(|a|, |b|).
export function editSimilarity(a: string, b: string, unit: EditUnit = 'char'): EditSimilarity {
  let d: number;
  let lengths: [number, number];
  if (unit === 'char' && !hasSurrogates(a) && !hasSurrogates(b)) {
    d = distance(a, b);
    lengths = [a.length, b.length];
  } else {
    const sa = unit === 'word' ? pySplit(a) : Array.from(a);
    const sb = unit === 'word' ? pySplit(b) : Array.from(b);
    const encoded = encode(sa, sb);
    d = encoded ? distance(encoded[0], encoded[1]) : levenshteinArrays(sa, sb);
    lengths = [sa.length, sb.length];
  }
  const longest = Math.max(lengths[0], lengths[1]);
  return { distance: d, similarity: longest === 0 ? 1 : 1 - d / longest, lengths };
}
