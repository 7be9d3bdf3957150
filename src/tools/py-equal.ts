/** Python `==` on JSON values: dicts by key set, lists in order, `1 == 1.0 == True`, `"1" != 1`. */
export function pyEqual(a: unknown, b: unknown): boolean {
  const an = typeof a === 'boolean' ? Number(a) : a;
  const bn = typeof b === 'boolean' ? Number(b) : b;
  if (typeof an === 'number' || typeof bn === 'number') return an === bn;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => pyEqual(v, b[i]));
  }
  const ak = Object.keys(a);
  const bo = b as Record<string, unknown>;
  if (ak.length !== Object.keys(bo).length) return false;
  return ak.every((k) => Object.hasOwn(bo, k) && pyEqual((a as Record<string, unknown>)[k], bo[k]));
}
