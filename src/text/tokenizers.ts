import { codePoints, pySplit, pyStrip } from './python-str.js';
import { scan13a } from './scan-13a.js';

/** sacreBLEU tokenizer names supported for BLEU. */
export const TOKENIZERS = ['13a', 'intl', 'char', 'none', 'zh'] as const;
export type TokenizerName = (typeof TOKENIZERS)[number];

/** A tokenizer: a line in, its tokens out (the tokens sacreBLEU gets from `tokenizer(line).split()`). */
export type Tokenizer = (line: string) => string[];

/** The language-independent part of 13a: drop `<skipped>`, join hyphenated lines, unescape 4 entities. */
export function preclean13a(line: string): string {
  let s = line;
  if (s.includes('<skipped>')) s = s.replaceAll('<skipped>', '');
  if (s.includes('\n')) s = s.replaceAll('-\n', '').replaceAll('\n', ' ');
  if (s.includes('&')) {
    s = s.replaceAll('&quot;', '"').replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>');
  }
  return s;
}

/** sacreBLEU `13a` (mteval-v13a.pl) tokens. Example: `"$3.50 - 2-3 items!"` → `$ 3.50 - 2 - 3 items !`. */
export function tokenize13a(line: string): string[] {
  return scan13a(` ${preclean13a(line)} `);
}

const INTL_RULES: ReadonlyArray<[RegExp, string]> = [
  [/(\P{N})(\p{P})/gu, '$1 $2 '],
  [/(\p{P})(\P{N})/gu, ' $1 $2'],
  [/(\p{S})/gu, ' $1 '],
];

/** sacreBLEU `intl` (mteval-v14 international) tokens: Unicode punctuation and symbols split off. */
export function tokenizeIntl(line: string): string[] {
  let s = line;
  for (const [re, replacement] of INTL_RULES) s = s.replace(re, replacement);
  return pySplit(s);
}

/** sacreBLEU `char` tokens: every non-space code point is a token. */
export function tokenizeChar(line: string): string[] {
  return pySplit(codePoints(line).join(' '));
}

/** sacreBLEU `none`: whitespace split only. */
export function tokenizeNone(line: string): string[] {
  return pySplit(line);
}

// sacreBLEU TokenizerZh ranges. Two of them are written there as "\u20000"/"\u2f800" etc., which Python reads
// as a 4-digit escape plus a digit, so as string comparisons they cover U+2001..U+2A6D and U+2F81..U+2FA1.
const ZH_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x3400, 0x4db5],
  [0x4e00, 0x9fa5],
  [0x9fa6, 0x9fbb],
  [0xf900, 0xfa2d],
  [0xfa30, 0xfa6a],
  [0xfa70, 0xfad9],
  [0x2001, 0x2a6d],
  [0x2f81, 0x2fa1],
  [0xff00, 0xffef],
  [0x2e80, 0x2eff],
  [0x3000, 0x303f],
  [0x31c0, 0x31ef],
  [0x2f00, 0x2fdf],
  [0x2ff0, 0x2fff],
  [0x3100, 0x312f],
  [0x31a0, 0x31bf],
  [0xfe10, 0xfe1f],
  [0xfe30, 0xfe4f],
  [0x2600, 0x26ff],
  [0x2700, 0x27bf],
  [0x3200, 0x32ff],
  [0x3300, 0x33ff],
];

/** True for a code point sacreBLEU's `zh` tokenizer splits off as its own token. */
export function isZhChar(codePoint: number): boolean {
  for (const [lo, hi] of ZH_RANGES) if (codePoint >= lo && codePoint <= hi) return true;
  return false;
}

/** sacreBLEU `zh` tokens: CJK (and the ranges above) one per token, then 13a's regexp stage only (no unescaping). */
export function tokenizeZh(line: string): string[] {
  let out = '';
  for (const ch of pyStrip(line)) {
    out += isZhChar(ch.codePointAt(0) as number) ? ` ${ch} ` : ch;
  }
  return scan13a(out);
}

const BY_NAME: Record<TokenizerName, Tokenizer> = {
  '13a': tokenize13a,
  intl: tokenizeIntl,
  char: tokenizeChar,
  none: tokenizeNone,
  zh: tokenizeZh,
};

/** The tokenizer with this sacreBLEU name. */
export function tokenizerFor(name: TokenizerName): Tokenizer {
  return BY_NAME[name];
}
