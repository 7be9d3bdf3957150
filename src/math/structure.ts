// Splits a normalised answer into structure: lists, sets, tuples/intervals, unions, matrices, equations,
// inequalities (as intervals), `\pm`, percent and plain text. Leaves are LaTeX strings for the judges.
import { splitTopLevel, wrapsWhole } from './scan.js';

/** A structured answer. `set` is order-free (also a bare list `1, 2`); `seq` keeps its brackets. */
export type Answer =
  | { type: 'expr'; tex: string; percent: boolean }
  | { type: 'equation'; sides: string[] }
  | { type: 'seq'; open: '(' | '['; close: ')' | ']'; items: Answer[]; fromInequality?: boolean }
  | { type: 'set'; items: Answer[]; braces: boolean }
  | { type: 'union'; parts: Answer[] }
  | { type: 'matrix'; rows: Answer[][] }
  | { type: 'text'; value: string }
  | { type: 'choice'; letter: string };

const LIST_SEPARATORS = [',', ';', ' or ', ' and ', '\\text{or}', '\\text{and}', '\\lor', '\\vee'];
const RELATIONS = /\\(?:leq?|geq?|leqslant|geqslant|lt|gt)(?![a-zA-Z])|<|>/;
const MATRIX = /^\\begin\{([pbBvV]?matrix|smallmatrix|array)\}(?:\{[^{}]*\})?([\s\S]*)\\end\{\1\}$/;
const THOUSANDS = /^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

/** Parses a normalised answer; `depth` guards against pathological nesting. */
export function parseAnswer(text: string, depth = 0): Answer {
  const s = text.trim();
  if (depth > 12) return { type: 'expr', tex: s, percent: false };
  if (THOUSANDS.test(s)) return { type: 'expr', tex: s.replace(/,/g, ''), percent: false };
  if (/^\d{1,3}(?: \d{3})+(?:\.\d+)?$/.test(s)) return { type: 'expr', tex: s.replace(/ /g, ''), percent: false };
  const items = splitTopLevel(s, LIST_SEPARATORS)
    .map((p) => p.trim())
    .filter(Boolean);
  if (items.length > 1) return { type: 'set', items: items.map((p) => parseAnswer(p, depth + 1)), braces: false };
  return parseItem(s, depth);
}

function parseItem(s: string, depth: number): Answer {
  if (/^(?:\\emptyset|\\varnothing|\\\{\s*\\\})$/.test(s)) return { type: 'set', items: [], braces: true };
  const inSet = /^[a-zA-Z](?:_\{?\w+\}?)?\s*\\in\s*(.+)$/.exec(s);
  if (inSet) return parseAnswer(inSet[1] as string, depth + 1);
  const union = splitTopLevel(s, ['\\cup']);
  if (union.length > 1) return { type: 'union', parts: union.map((p) => parseAnswer(p, depth + 1)) };
  const matrix = MATRIX.exec(s);
  if (matrix) {
    const rows = (matrix[2] as string)
      .split(/\\\\/)
      .map((r) => r.trim())
      .filter(Boolean);
    return { type: 'matrix', rows: rows.map((r) => r.split('&').map((c) => parseAnswer(c, depth + 1))) };
  }
  if (s.startsWith('\\{') && s.endsWith('\\}') && wrapsWhole(s)) {
    const inner = s.slice(2, -2).trim();
    const members = inner ? splitTopLevel(inner, [',', ';']).map((p) => parseAnswer(p, depth + 1)) : [];
    return { type: 'set', items: members, braces: true };
  }
  const open = s[0];
  const close = s[s.length - 1];
  if ((open === '(' || open === '[') && (close === ')' || close === ']') && wrapsWhole(s)) {
    const inner = s.slice(1, -1);
    const parts = splitTopLevel(inner, [',']);
    if (parts.length > 1) return { type: 'seq', open, close, items: parts.map((p) => parseAnswer(p, depth + 1)) };
  }
  const equation = splitTopLevel(s, ['=', '\\approx']).map((p) => p.trim());
  if (equation.length > 1 && equation.every(Boolean)) return equationOrPm(equation, depth);
  const interval = inequalityInterval(s, depth);
  if (interval) return interval;
  const pm = splitTopLevel(s, ['\\pm', '\\mp']);
  if (pm.length === 2) return plusMinus(pm, depth);
  if (/^\\text\{[^{}]*\}$/.test(s)) return { type: 'text', value: s.slice(6, -1).trim().toLowerCase() };
  if (/^[a-zA-Z][a-zA-Z' -]*[a-zA-Z]$/.test(s) && /[a-zA-Z]{3}/.test(s))
    return { type: 'text', value: s.toLowerCase().replace(/\s+/g, ' ') };
  const percent = /\\%$/.test(s);
  return { type: 'expr', tex: percent ? s.slice(0, -2).trim() : s, percent };
}

/** `x = 2 \pm 1` becomes a set of two equations; otherwise the sides are kept. */
function equationOrPm(sides: string[], depth: number): Answer {
  const last = sides[sides.length - 1] as string;
  const pm = splitTopLevel(last, ['\\pm', '\\mp']);
  if (pm.length === 2 && sides.length === 2) {
    const lhs = sides[0] as string;
    const [a, b] = pm.map((p) => p.trim()) as [string, string];
    const plus = a ? `${a}+${b}` : b;
    const minus = a ? `${a}-(${b})` : `-(${b})`;
    return {
      type: 'set',
      items: [parseAnswer(`${lhs}=${plus}`, depth + 1), parseAnswer(`${lhs}=${minus}`, depth + 1)],
      braces: false,
    };
  }
  return { type: 'equation', sides };
}

function plusMinus([before, after]: string[], depth: number): Answer {
  const a = (before as string).trim();
  const b = (after as string).trim();
  const items = a ? [`${a}+${b}`, `${a}-(${b})`] : [b, `-(${b})`];
  return { type: 'set', items: items.map((t) => parseAnswer(t, depth + 1)), braces: false };
}

const VARIABLE = /^(?:[a-zA-Z]|\\[a-zA-Z]+)(?:_\{?\w+\}?)?(?:\(\s*[a-zA-Z0-9]+\s*\))?$/;

/** `x > 3`, `1 < x \le 2`, `3 \ge x` as intervals (the only inequality forms read as answers). */
function inequalityInterval(s: string, depth: number): Answer | null {
  const pieces: string[] = [];
  const ops: string[] = [];
  let rest = s;
  for (let i = 0; i < 3; i++) {
    const m = RELATIONS.exec(rest);
    if (!m) break;
    pieces.push(rest.slice(0, m.index).trim());
    ops.push(m[0]);
    rest = rest.slice(m.index + m[0].length);
  }
  if (ops.length === 0) return null;
  pieces.push(rest.trim());
  if (pieces.some((p) => !p)) return null;
  const less = ops.map((op) => /</.test(op) || /\\l/.test(op));
  const strict = ops.map((op) => op === '<' || op === '>' || op === '\\lt' || op === '\\gt');
  const inf = (neg: boolean): Answer => ({ type: 'expr', tex: neg ? '-\\infty' : '\\infty', percent: false });
  const bound = (t: string): Answer => parseAnswer(t, depth + 1);
  const seq = (lo: Answer, loOpen: boolean, hi: Answer, hiOpen: boolean): Answer => ({
    type: 'seq',
    open: loOpen ? '(' : '[',
    close: hiOpen ? ')' : ']',
    items: [lo, hi],
    fromInequality: true,
  });
  if (ops.length === 1) {
    const [a, b] = pieces as [string, string];
    const aVar = VARIABLE.test(a);
    if (aVar === VARIABLE.test(b)) return null;
    const value = aVar ? b : a;
    // x < v or v > x: the variable is below v.
    const below = aVar ? less[0] : !less[0];
    return below
      ? seq(inf(true), true, bound(value), strict[0] as boolean)
      : seq(bound(value), strict[0] as boolean, inf(false), true);
  }
  if (ops.length === 2 && VARIABLE.test(pieces[1] as string) && less[0] === less[1]) {
    const [a, , c] = pieces as [string, string, string];
    const [lo, hi, loStrict, hiStrict] = less[0] ? [a, c, strict[0], strict[1]] : [c, a, strict[1], strict[0]];
    return seq(bound(lo), loStrict as boolean, bound(hi), hiStrict as boolean);
  }
  return null;
}

/** True for a bare variable name (`x`, `a_1`, `\theta`): the left side of an assignment like `x = 3`. */
export function isVariable(tex: string): boolean {
  return VARIABLE.test(tex.trim());
}

/** Short human-readable form of an answer for `details`. */
export function describeAnswer(a: Answer): string {
  switch (a.type) {
    case 'expr':
      return a.percent ? `${a.tex}\\%` : a.tex;
    case 'equation':
      return a.sides.join(' = ');
    case 'seq':
      return `${a.open}${a.items.map(describeAnswer).join(', ')}${a.close}`;
    case 'set':
      return a.braces ? `\\{${a.items.map(describeAnswer).join(', ')}\\}` : a.items.map(describeAnswer).join(', ');
    case 'union':
      return a.parts.map(describeAnswer).join(' \\cup ');
    case 'matrix':
      return `matrix[${a.rows.map((r) => r.map(describeAnswer).join(' & ')).join(' \\\\ ')}]`;
    case 'text':
      return `text(${a.value})`;
    case 'choice':
      return `choice(${a.letter})`;
  }
}
