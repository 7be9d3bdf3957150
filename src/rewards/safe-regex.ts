import { RE2JS } from 're2js';
import { z } from 'zod';

/** Regex flags accepted in specs: `i` ignore case, `m` multiline anchors, `s` dot matches newline. */
export const regexFlagsParam = z
  .string()
  .regex(/^[ims]*$/, 'expected flag letters from "i", "m", "s"')
  .default('')
  .describe('i = ignore case, m = ^/$ match at line breaks, s = "." matches newlines');

const FLAG_BITS: Record<string, number> = { i: RE2JS.CASE_INSENSITIVE, m: RE2JS.MULTILINE, s: RE2JS.DOTALL };

const cache = new Map<string, RE2JS>();
const CACHE_LIMIT = 512;

/**
 * Compiles a pattern with RE2 semantics (linear time: no catastrophic backtracking, no backreferences).
 * Compiled patterns are cached; throws RE2's syntax error on a bad pattern.
 */
export function compileRegex(pattern: string, flags = ''): RE2JS {
  const key = `${flags}/${pattern}`;
  let re = cache.get(key);
  if (!re) {
    let bits = 0;
    for (const f of flags) bits |= FLAG_BITS[f] ?? 0;
    re = RE2JS.compile(pattern, bits);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(key, re);
  }
  return re;
}

/** Why a pattern does not compile under RE2, or null when it does. */
export function regexProblem(pattern: string, flags = ''): string | null {
  try {
    compileRegex(pattern, flags);
    return null;
  } catch (err) {
    return `not a valid RE2 pattern: ${err instanceof Error ? err.message : String(err)}`;
  }
}
