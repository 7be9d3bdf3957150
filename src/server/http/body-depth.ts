/** Deepest nesting a request body may have before it is parsed; deeper bodies are refused (400) without parsing; shallower ones are parsed and a sample past 64 levels is invalid-sample on its own. */
export const MAX_BODY_DEPTH = 1000;

/**
 * Where JSON `text` first nests deeper than `max` (its character offset), or -1: one pass over the text,
 * strings skipped. Refusing such a body before `JSON.parse` keeps a 20,000-level body from costing the
 * HTTP thread a parse and a garbage collection of 20,000 nested values.
 */
export function overDeepAt(text: string, max = MAX_BODY_DEPTH): number {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // A string: jump to its closing quote (one not preceded by an odd run of backslashes).
      let j = text.indexOf('"', i + 1);
      for (;;) {
        if (j < 0) return -1; // unterminated: JSON.parse will say so
        let k = j - 1;
        while (text.charCodeAt(k) === 92) k--;
        if ((j - 1 - k) % 2 === 0) break;
        j = text.indexOf('"', j + 1);
      }
      i = j;
    } else if (c === 91 || c === 123) {
      if (++depth > max) return i;
    } else if (c === 93 || c === 125) depth--;
  }
  return -1;
}
