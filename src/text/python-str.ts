// Python `str` semantics the reference implementations rely on, so tokens match them exactly.

/** Characters Python's `str.split()` / `str.strip()` treat as whitespace besides the space (differs from JS `\s`). */
const OTHER_SPACE_CHARS = '\\t-\\r\\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const PY_SPACE = `${OTHER_SPACE_CHARS}\\x20`;
const SPLIT = new RegExp(`[${PY_SPACE}]+`);
const LEADING = new RegExp(`^[${PY_SPACE}]+`);
const TRAILING = new RegExp(`[${PY_SPACE}]+$`);
const ANY_SPACE = new RegExp(`[${PY_SPACE}]`, 'g');

const OTHER_SPACE = new RegExp(`[${OTHER_SPACE_CHARS}]`);

function nonEmpty(s: string): boolean {
  return s !== '';
}

/** Python `s.split()`: runs of whitespace separate tokens; no empty tokens. */
export function pySplit(s: string): string[] {
  // Fast path: plain spaces only.
  if (!OTHER_SPACE.test(s)) return s.split(' ').filter(nonEmpty);
  const parts = s.split(SPLIT);
  if (parts.length > 0 && parts[0] === '') parts.shift();
  if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** Python `s.rstrip()`. */
export function pyRstrip(s: string): string {
  const last = s.charCodeAt(s.length - 1);
  // Fast path: the last character is visible ASCII, so nothing to strip.
  if (last > 0x20 && last < 0x7f) return s;
  return s.replace(TRAILING, '');
}

/** Python `s.strip()`. */
export function pyStrip(s: string): string {
  return s.replace(LEADING, '').replace(TRAILING, '');
}

/** Python `''.join(s.split())`: the string with every whitespace character removed. */
export function pyRemoveSpace(s: string): string {
  return s.replace(ANY_SPACE, '');
}

/** True when the string holds a UTF-16 surrogate, i.e. its code units are not its code points. */
export function hasSurrogates(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return true;
  }
  return false;
}

/** The code points of a string, as Python iterates a `str`. */
export function codePoints(s: string): string[] {
  return hasSurrogates(s) ? Array.from(s) : s.split('');
}

/** True for a UTF-16 unit Python's `str.isspace()` accepts (all such characters are in the BMP). */
export function isPySpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f);
  if (c < 0x85) return false;
  return (
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}
