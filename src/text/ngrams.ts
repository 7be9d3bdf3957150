/** Counts of n-grams per order: `orders[n - 1]` maps an n-gram (tokens joined by one space) to its count. */
export type NgramCounts = Map<string, number>[];

/**
 * Word n-grams of orders 1..maxOrder. Tokens never contain whitespace, so joining with a space is lossless.
 * Source: sacreBLEU `extract_all_word_ngrams`.
 */
export function wordNgrams(tokens: readonly string[], maxOrder: number): NgramCounts {
  const orders: NgramCounts = [];
  for (let n = 0; n < maxOrder; n++) orders.push(new Map());
  const len = tokens.length;
  for (let i = 0; i < len; i++) {
    let key = tokens[i] as string;
    const top = Math.min(maxOrder, len - i);
    for (let n = 0; n < top; n++) {
      if (n > 0) key += ` ${tokens[i + n]}`;
      const map = orders[n] as Map<string, number>;
      map.set(key, (map.get(key) ?? 0) + 1);
    }
  }
  return orders;
}

/** Per-key maximum over several count maps (multi-reference clipping). */
export function maxMerge(into: Map<string, number>, from: Map<string, number>): void {
  for (const [key, count] of from) {
    const have = into.get(key);
    if (have === undefined || count > have) into.set(key, count);
  }
}

/** Σ min(a[k], b[k]): the size of the multiset intersection (Python `sum((a & b).values())`). */
export function overlap(a: Map<string, number>, b: Map<string, number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let total = 0;
  for (const [key, count] of small) {
    const other = large.get(key);
    if (other !== undefined) total += Math.min(count, other);
  }
  return total;
}
