import { distance } from 'fastest-levenshtein';

/** The known names closest to `given` (edit distance at most a third of its length, at least 2), best first. */
export function nearest(given: string, known: Iterable<string>, max = 3): string[] {
  const lower = given.toLowerCase();
  const limit = Math.max(2, Math.floor(lower.length / 3));
  return [...known]
    .map((k) => ({ k, d: distance(lower, k.toLowerCase()) }))
    .filter(({ d }) => d <= limit)
    .sort((a, b) => a.d - b.d || a.k.localeCompare(b.k))
    .slice(0, max)
    .map(({ k }) => k);
}

/** `; did you mean "x"?` for the nearest known name, or '' when none is close. */
export function didYouMean(given: string, known: Iterable<string>): string {
  const near = nearest(given, known, 1);
  return near.length ? `; did you mean "${near[0]}"?` : '';
}
