import { stripThinking } from './extract.js';

/** A number read from text; `percent` is set when it carried a `%` / "percent" suffix. */
export interface ParsedNumber {
  value: number;
  percent: boolean;
}

export interface NumberOptions {
  /** `1.234,5` style: `,` is the decimal mark and `.` groups thousands. */
  decimalComma: boolean;
}

const CURRENCY = /[$€£¥₹₽₩¢₺₫₪฿]|\b(?:USD|EUR|GBP|JPY|CNY|INR|RMB)\b/gu;

/** Rewrites LaTeX and typographic decorations into plain text: `\frac{3}{4}` → `3/4`, `\$` → `$`, `1{,}000` → `1,000`. */
export function plainNumberText(text: string): string {
  return text
    .replace(/(\d)[\u00a0\u2009\u202f](?=\d{3}(?!\d))/g, '$1')
    .normalize('NFKC')
    .replace(/\u2044/g, '/')
    .replace(/[\u2212\u2012\u2013]/g, '-')
    .replace(/\\[dt]?frac\s*\{\s*([^{}]+?)\s*\}\s*\{\s*([^{}]+?)\s*\}/g, '($1)/($2)')
    .replace(/\\[dt]?frac\s*(\d)\s*(\d)/g, '$1/$2')
    .replace(/\\(?:text|mathrm|textbf|mathbf|operatorname)\s*\{([^{}]*)\}/g, '$1')
    .replace(/\{,\}/g, ',')
    .replace(/\\[,!;: ]|~/g, '')
    .replace(/\\%/g, '%')
    .replace(/\\\$/g, '$')
    .replace(/\\(?:left|right)\b/g, '')
    .replace(/\\[()[\]]/g, ' ')
    .replace(/\$/g, ' $ ')
    .replace(/[\u00a0\u2009\u202f]/g, ' ');
}

const DIGITS_DOT = String.raw`(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?|\.\d+`;
const DIGITS_COMMA = String.raw`(?:\d{1,3}(?:\.\d{3})+(?!\d)|\d+)(?:,\d+)?|,\d+`;
const EXPONENT = String.raw`(?:[eE][-+]?\d+|\s*(?:\\times|×|\*|\\cdot|x)\s*10\s*\^\s*\{?\s*[-+]?\d+\s*\}?)?`;
const PERCENT = String.raw`(?:\s*(?:%|percent\b|pct\b))?`;

function grammar(options: NumberOptions): { token: RegExp; exact: RegExp } {
  const digits = options.decimalComma ? DIGITS_COMMA : DIGITS_DOT;
  const unsigned = `(?:${digits})${EXPONENT}`;
  // numerator/denominator may be wrapped in the parentheses \frac rewriting adds; whitespace is allowed only
  // after a sign, so a token never starts at a space (a leading \s* is quadratic on long blank runs)
  const operand = `(?:[-+]\\s*)?(?:${unsigned}|\\((?:\\s*[-+])?\\s*(?:${unsigned})\\s*\\))`;
  const body = `${operand}(?:\\s*/\\s*${operand})?${PERCENT}`;
  return { token: new RegExp(body, 'g'), exact: new RegExp(`^\\s*(${body})\\s*$`) };
}

const GRAMMARS = { dot: grammar({ decimalComma: false }), comma: grammar({ decimalComma: true }) };

function operandValue(text: string, options: NumberOptions): number {
  let s = text.replace(/[()\s]/g, '').replace(/^-+-/, '');
  s = options.decimalComma ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '');
  const times = /^(.*?)(?:\\times|×|\*|\\cdot|x)10\^\{?([-+]?\d+)\}?$/.exec(s);
  if (times) return Number(times[1]) * 10 ** Number(times[2]);
  return Number(s);
}

/** Value of one number token as the grammar matched it (`-1,234.5`, `3/4`, `2.5e3`, `15%`). */
function tokenValue(token: string, options: NumberOptions): ParsedNumber | null {
  const percentMatch = /\s*(?:%|percent|pct)$/.exec(token);
  const body = percentMatch ? token.slice(0, percentMatch.index) : token;
  const slash = body.search(/\/(?=[^/]*$)/);
  let value: number;
  if (slash >= 0) {
    const den = operandValue(body.slice(slash + 1), options);
    if (den === 0) return null;
    value = operandValue(body.slice(0, slash), options) / den;
  } else {
    value = operandValue(body, options);
  }
  return Number.isFinite(value) ? { value, percent: percentMatch !== null } : null;
}

/** Every number token in the text, in order, after LaTeX and currency decorations are removed. */
export function numberTokens(text: string, options: NumberOptions): string[] {
  const g = options.decimalComma ? GRAMMARS.comma : GRAMMARS.dot;
  const plain = plainNumberText(text).replace(CURRENCY, ' ');
  return [...plain.matchAll(g.token)].map((m) => m[0].trim());
}

/** The last number token outside `<think>` blocks, or null: the numeric flavour of the `last-number` extractor. */
export function lastNumberToken(text: string, options: NumberOptions): string | null {
  return numberTokens(stripThinking(text), options).at(-1) ?? null;
}

const OPERATOR = /[-+*/^_{}\\×·]/;

/** A lone number must not touch letters, digits or operators ("x+1", "5x", "\sqrt{2}", "2 ^ 3" are not numbers). */
function standsAlone(text: string, start: number, length: number): boolean {
  const token = text.slice(start, start + length);
  const [prev, next] = [text[start - 1], text[start + length]];
  if ((prev && /[\p{L}\p{N}]/u.test(prev)) || (next && /[\p{L}\p{N}]/u.test(next))) return false;
  const before = text.slice(0, start).trimEnd().at(-1);
  const after = text.slice(start + length).trimStart()[0];
  if (after && OPERATOR.test(after)) return false;
  if (!before) return true;
  // a sign after anything but "=", ":" or "(" is a binary operator: "x + 1"
  return !OPERATOR.test(before) && !(/^[-+]/.test(token) && !/[=:([]/.test(before));
}

export type NumberReading =
  | { ok: true; number: ParsedNumber; how: 'exact' | 'single-number' }
  | { ok: false; reason: 'not-a-number' | 'ambiguous'; count: number };

/**
 * Reads an answer as one number: the whole text when it is a number (decorations such as `$`, `\frac`, `%`,
 * thousands separators allowed), else the only number inside it. Several numbers are `ambiguous`.
 */
export function readNumber(text: string, options: NumberOptions): NumberReading {
  const g = options.decimalComma ? GRAMMARS.comma : GRAMMARS.dot;
  const plain = plainNumberText(text)
    .replace(CURRENCY, ' ')
    .replace(/[.。]\s*$/, '');
  const exact = g.exact.exec(plain);
  if (exact) {
    const number = tokenValue((exact[1] as string).trim(), options);
    if (number) return { ok: true, number, how: 'exact' };
  }
  const matches = [...plain.matchAll(g.token)];
  const only = matches.length === 1 ? (matches[0] as RegExpMatchArray) : undefined;
  // the one number must stand alone: "x = 5", "42 apples", but not "x+1", "5x" or "\sqrt{2}"
  if (only && standsAlone(plain, only.index as number, only[0].length)) {
    const number = tokenValue(only[0].trim(), options);
    if (number) return { ok: true, number, how: 'single-number' };
  }
  return { ok: false, reason: matches.length > 1 ? 'ambiguous' : 'not-a-number', count: matches.length };
}
