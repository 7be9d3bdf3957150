// Splits a normalised answer into structure: lists, sets, tuples/intervals, unions, matrices, equations,
// inequalities (as intervals), `\pm`, percent and plain text. Leaves are LaTeX strings for the judges.
import { matrixCells } from './matrix.js';
import { inequalityInterval } from './relations.js';
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
const THOUSANDS = /^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

/** Parses a normalised answer; `depth` guards against pathological nesting. */
export function parseAnswer(text: string, depth = 0): Answer {
  const s = text.trim();
  if (depth > 12) return { type: 'expr', tex: s, percent: false };
  if (THOUSANDS.test(s)) return { type: 'expr', tex: s.replace(/,/g, ''), percent: false };
  if (/^\d{1,3}(?: \d{3})+(?:\.\d+)?$/.test(s)) return { type: 'expr', tex: s.replace(/ /g, ''), percent: false };
  const grouped = assignmentGroups(s, depth);
  if (grouped) return grouped;
  const items = splitTopLevel(s, LIST_SEPARATORS)
    .map((p) => p.trim())
    .filter(Boolean);
  if (items.length > 1) return { type: 'set', items: items.map((p) => parseAnswer(p, depth + 1)), braces: false };
  return parseItem(s, depth);
}

/**
 * `p=5,q=2;p=7,q=2`: groups of assignments to the same labels, separated by `;`, are the solutions
 * `(5,2), (7,2)` (a set of tuples in label order).
 */
function assignmentGroups(s: string, depth: number): Answer | null {
  if (!s.includes(';') || !s.includes('=')) return null;
  const groups = splitTopLevel(s, [';']).map((g) => splitTopLevel(g, [',']).map((a) => splitTopLevel(a, ['='])));
  if (groups.length < 2 || groups.some((g) => g.length < 2 || g.some((a) => a.length !== 2))) return null;
  const labels = (g: string[][]) => g.map((a) => labelKey(a[0] as string)).join(',');
  const first = labels(groups[0] as string[][]);
  if (!groups.every((g) => labels(g) === first && g.every((a) => isLabel(a[0] as string)))) return null;
  const items: Answer[] = groups.map((g) => ({
    type: 'seq',
    open: '(',
    close: ')',
    items: g.map((a) => parseAnswer((a[1] as string).trim(), depth + 1)),
  }));
  return { type: 'set', items, braces: false };
}

function parseItem(s: string, depth: number): Answer {
  if (/^(?:\\emptyset|\\varnothing|\\\{\s*\\\})$/.test(s)) return { type: 'set', items: [], braces: true };
  const inSet = /^[a-zA-Z](?:_\{?\w+\}?)?\s*\\in\s*(.+)$/.exec(s);
  if (inSet) return parseAnswer(inSet[1] as string, depth + 1);
  const union = splitTopLevel(s, ['\\cup']);
  if (union.length > 1) return { type: 'union', parts: union.map((p) => parseAnswer(p, depth + 1)) };
  // matrixCells also reads brackets around a single matrix: `(\begin{pmatrix}…\end{pmatrix})`.
  const cells = s.includes('\\begin{') ? matrixCells(s) : null;
  if (cells) return { type: 'matrix', rows: cells.map((r) => r.map((c) => parseAnswer(c, depth + 1))) };
  if (s.startsWith('\\{') && s.endsWith('\\}') && wrapsWhole(s)) {
    const inner = s.slice(2, -2).trim();
    const members = inner ? splitTopLevel(inner, [',', ';']).map((p) => parseAnswer(p, depth + 1)) : [];
    return { type: 'set', items: members, braces: true };
  }
  const open = s[0];
  const close = s[s.length - 1];
  if ((open === '(' || open === '[') && (close === ')' || close === ']') && wrapsWhole(s)) {
    const inner = s.slice(1, -1);
    // `(0;-2;6)`: semicolons separate coordinates when there is no comma.
    const parts = splitTopLevel(inner, [',']).length > 1 ? splitTopLevel(inner, [',']) : splitTopLevel(inner, [';']);
    if (parts.length > 1) return { type: 'seq', open, close, items: parts.map((p) => parseAnswer(p, depth + 1)) };
  }
  // `x = 1/3 \\approx 0.33`: an approximation after the value is a note, not part of the answer.
  // `x \\approx 11` with a bare label is the labelled value itself.
  const approx = splitTopLevel(s, ['\\approx']);
  if (approx.length === 2 && isLabel(approx[0] as string) && !(approx[0] as string).includes('='))
    return equationOrPm([(approx[0] as string).trim(), (approx[1] as string).trim()], depth);
  if (approx.length > 1 && (approx[0] as string).trim()) return parseItem((approx[0] as string).trim(), depth);
  const equation = splitTopLevel(s, ['=']).map((p) => p.trim());
  if (equation.length > 1 && equation.every(Boolean)) return equationOrPm(equation, depth);
  const interval = inequalityInterval(s, (t) => parseAnswer(t, depth + 1));
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

/** True for a bare variable name (`x`, `a_1`, `\theta`): the left side of an assignment like `x = 3`. */
export function isVariable(tex: string): boolean {
  return VARIABLE.test(tex.trim());
}

const NAME_PARTS = /_\{[^{}]*\}|_\w|\\(?:[a-zA-Z]+)(?=[^a-zA-Z]|$)|\\frac|\\cdot/g;

/**
 * True for a side that only names things, the label of a labelled answer: `x`, `(p,q)`, `AB`, `|AB|`,
 * `A:B`, `\frac{NO}{BO}`, `V_{1}:V_{2}`, `f(x)`. No digits (outside subscripts) and no `+`/`-`, so
 * `2x + z` is an equation, not a label.
 */
export function isLabel(tex: string): boolean {
  const t = tex.trim();
  if (VARIABLE.test(t)) return true;
  if (t.length > 40) return false;
  const bare = t.replace(NAME_PARTS, (m) => (m.startsWith('_') ? '' : m === '\\frac' || m === '\\cdot' ? ' ' : 'a'));
  return /[a-zA-Z]/.test(bare) && /^[a-zA-Z\s(),:|/{}'[\]]+$/.test(bare);
}

/** The key two labels are compared by: no spaces, no braces. */
export function labelKey(tex: string): string {
  return tex.replace(/[{}\s]/g, '');
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
