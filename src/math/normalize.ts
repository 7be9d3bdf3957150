// String-level clean-up of an extracted answer before it is split into structure and compared.
import { replaceCommandArg } from './scan.js';
import { TRAILING_UNITS } from './units.js';

/** How degree signs are read: dropped (`45^\circ` = `45`) or converted to radians (`45^\circ` = `\pi/4`). */
export type DegreePolicy = 'ignore' | 'radians';
/** Whether `1,22` is 1.22 when the comma cannot be a thousands separator (`unambiguous`), or never. */
export type DecimalComma = 'unambiguous' | 'never';

const UNICODE: Array<[RegExp, string]> = [
  [/[−–—]/g, '-'],
  [/×/g, '\\times '],
  [/÷/g, '\\div '],
  [/[·⋅]/g, '\\cdot '],
  [/π/g, '\\pi '],
  [/∞/g, '\\infty '],
  [/√/g, '\\sqrt'],
  [/≤/g, '\\le '],
  [/≥/g, '\\ge '],
  [/≠/g, '\\ne '],
  [/∪/g, '\\cup '],
  [/∩/g, '\\cap '],
  [/±/g, '\\pm '],
  [/∈/g, '\\in '],
  [/∅/g, '\\emptyset '],
  [/²/g, '^2'],
  [/³/g, '^3'],
  [/[０-９]/g, ''],
  [/，/g, ','],
  [/：/g, ':'],
];

const TEXT_WRAPPERS =
  /\\(?:text|textbf|textit|textrm|textnormal|mathrm|mathbf|mathit|mathsf|mbox|emph|boldsymbol|bm)(?![a-zA-Z])\s*/;
const DROP_COMMANDS =
  /\\(?:displaystyle|textstyle|scriptstyle|limits|nolimits|left|right|bigl|bigr|Bigl|Bigr|biggl|biggr|Biggl|Biggr|big|Big|bigg|Bigg)(?![a-zA-Z])\.?/g;
const SPACES = /(?<!\\)\\(?:(?:quad|qquad|enspace|thinspace|medspace|thickspace)(?![a-zA-Z])|[,;: ])|~/g;

/** Cleans an answer: delimiters, `\left`, spacing, `\text{}`, `\dfrac`, degrees, percent, currency, units. */
export function normalizeAnswer(raw: string, degrees: DegreePolicy = 'ignore', comma: DecimalComma = 'never'): string {
  let s = raw.normalize('NFC');
  for (const [re, to] of UNICODE) s = s.replace(re, (c) => (to === '' ? String(c.charCodeAt(0) - 0xff10) : to));
  s = s.replace(/\*\*/g, '');
  // Currency first (`\$5`), then math delimiters.
  s = s.replace(/(?:US)?\\\$\s*/g, '').replace(/\$+/g, ' ');
  s = s.replace(/\\[()[\]]/g, ' ');
  s = s.replace(/[€£¥₹]\s*/g, '');
  s = s.replace(DROP_COMMANDS, '');
  s = s.replace(/\\[dtc]frac(?![a-zA-Z])/g, '\\frac').replace(/\\[dt]binom(?![a-zA-Z])/g, '\\binom');
  s = replaceCommandArg(s, TEXT_WRAPPERS, (inner) => ` ${inner} `);
  // Thousands groups written `11,\\! 111` or with a thin/no-break space (`1 000`).
  s = s.replace(/(\d),\\!\s*(?=\d{3}(?!\d))/g, '$1').replace(/(\d)[\u2009\u202f\u00a0](?=\d{3}(?!\d))/g, '$1');
  s = s.replace(/\\hspace\*?\{[^{}]*\}/g, ' ').replace(/(?<!\\)\\!/g, '');
  // Thin-space and braced-comma thousands: `1\,000`, `1{,}000`.
  s = s.replace(/(\d)(?:\\,|\s*\{\s*,\s*\}\s*)(?=\d{3}(?!\d))/g, '$1');
  s = s.replace(/(\d)\{,\}(?=\d)/g, '$1.');
  s = s.replace(SPACES, ' ');
  s = degreesOut(s, degrees);
  s = asciiRelations(s);
  s = s.replace(/\s*(?:\\%|%|\bpercent(?:age)?\b|\bpct\b)/g, '\\%');
  s = s.replace(/\s+/g, ' ').trim();
  s = stripEnds(s);
  // `(11,7)or(7,11)`: a connective squeezed between brackets still separates answers.
  s = s.replace(/([)\]])\s*(?:or|and)\s*([([])/g, '$1, $2');
  s = s.replace(TRAILING_UNITS, '').trim();
  s = stripEnds(s);
  // Mixed numbers: `3\frac{1}{2}` is 3 + 1/2, as in MATH and GSM8K answers.
  s = s.replace(/(^|[^\d.\w}])(\d+)\s*\\frac\{(\d+)\}\{(\d+)\}(?![\w{])/g, '$1($2+\\frac{$3}{$4})');
  return comma === 'unambiguous' ? decimalComma(s) : s;
}

/**
 * `1,22`, `0,111`, `1000,99` as decimals: one comma, no space, a shape a thousands separator cannot have
 * (more than three digits or a lone 0 before it, two or more than three after it). `1,2` stays a list.
 */
function decimalComma(s: string): string {
  const m = /^(-?)(\d+),(\d+)(\\%)?$/.exec(s);
  if (!m) return s;
  const [, sign, whole, frac, pct] = m as unknown as [string, string, string, string, string | undefined];
  // `1,2` stays a list; `1,222` stays a thousands group.
  const decimal = whole === '0' || whole.length > 3 || frac.length === 2 || frac.length > 3;
  return decimal ? `${sign}${whole}.${frac}${pct ?? ''}` : s;
}

/** `>=`, `<=`, `!=` as `\\ge`, `\\le`, `\\ne`; `x => 5` (a variable, then `=>`) means ≥ too. */
function asciiRelations(s: string): string {
  if (!/[<>!=]=|=>/.test(s)) return s;
  return s
    .replace(/^(\s*[a-zA-Z](?:_\{?\w+\}?)?\s*)=>(?!=)/, '$1\\ge ')
    .replace(/(?<![<=])>=(?!>)/g, '\\ge ')
    .replace(/(?<!<)<=(?![>=])/g, '\\le ')
    .replace(/!=/g, '\\ne ');
}

function degreesOut(s: string, policy: DegreePolicy): string {
  const marker =
    /\s*(?:\^\s*\{\s*\\circ\s*\}|\^\s*\\circ|°|\\degree(?![a-zA-Z])|\\circ(?![a-zA-Z]))(?:\s*[CF](?![a-zA-Z]))?/g;
  const words = /(?<=[\d}])\s*(?:degrees?|deg)(?![a-zA-Z])/g;
  const to = policy === 'radians' ? '\\cdot\\frac{\\pi}{180}' : '';
  return s.replace(marker, to).replace(words, to);
}

/** Drops surrounding braces/whitespace and trailing sentence punctuation. */
function stripEnds(s: string): string {
  let out = s;
  for (let i = 0; i < 5; i++) {
    const before = out;
    out = out.replace(/(?:\s|[.,;:?。]|\\\\)+$/, '').replace(/^[\s:=]+/, '');
    if (out.startsWith('{') && out.endsWith('}') && balancedInner(out)) out = out.slice(1, -1).trim();
    if (out === before) break;
  }
  return out;
}

function balancedInner(s: string): boolean {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '\\') i++;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0 && i < s.length - 1) return false;
  }
  return depth === 0;
}

/** A key for string equality: no spaces, no redundant braces around single characters. */
export function comparisonKey(s: string): string {
  return s.replace(/\s+/g, '').replace(/\{(\w)\}/g, '$1');
}
