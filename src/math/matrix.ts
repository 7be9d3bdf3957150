// Matrix answers: one literal (`pmatrix`, `bmatrix`, `array`, …, optionally in `[…]`/`(…)`), or a sum or
// product of literals (`A + B`, `A B`, `A \cdot B`), worked out cell by cell as LaTeX so the judges
// compare each resulting cell as an expression.

// Not `vmatrix`/`Vmatrix`: bars make a determinant (a number) or a norm, never the matrix itself.
const ENV = /^\\begin\{([pbB]?matrix|smallmatrix|array)\}(?:\{[^{}]*\})?/;

type Cells = string[][];

/** The literal at `i` (its cells and where it ends), or null. Nested environments are not literals. */
function literalAt(s: string, i: number): { cells: Cells; end: number } | null {
  const m = ENV.exec(s.slice(i));
  if (!m) return null;
  const endTag = `\\end{${m[1]}}`;
  const bodyStart = i + m[0].length;
  const end = s.indexOf(endTag, bodyStart);
  if (end < 0) return null;
  const body = s.slice(bodyStart, end);
  if (body.includes('\\begin{')) return null;
  const rows = body
    .split(/\\\\/)
    .map((r) => r.trim())
    .filter(Boolean)
    .map((r) => r.split('&').map((c) => c.trim()));
  if (rows.length === 0 || rows.some((r) => r.length !== (rows[0] as string[]).length)) return null;
  return { cells: rows, end: end + endTag.length };
}

/** Parses `s` as a matrix expression; null when it is not one (or shapes do not fit). */
export function matrixCells(text: string): Cells | null {
  let s = text.trim();
  // `\left[\begin{array}…\end{array}\right]` arrives as `[\begin{array}…]`.
  if (/^[[(]\s*\\begin\{/.test(s) && /[\])]$/.test(s)) s = s.slice(1, -1).trim();
  if (!s.startsWith('\\begin{')) return null;
  const terms: Cells[][] = [[]];
  const signs: string[] = ['+'];
  let i = 0;
  while (i < s.length) {
    const lit = literalAt(s, i);
    if (!lit) return null;
    (terms[terms.length - 1] as Cells[]).push(lit.cells);
    i = lit.end;
    const op = /^\s*(\+|-|\\cdot|\\times)?\s*/.exec(s.slice(i)) as RegExpExecArray;
    i += op[0].length;
    if (i >= s.length) break;
    if (op[1] === '+' || op[1] === '-') {
      terms.push([]);
      signs.push(op[1]);
    } else if (!s.startsWith('\\begin{', i)) return null;
  }
  let total: Cells | null = null;
  for (const [k, factors] of terms.entries()) {
    let product = factors[0] as Cells;
    for (const f of factors.slice(1)) {
      const next = multiply(product, f);
      if (!next) return null;
      product = next;
    }
    const signed = signs[k] === '-' ? product.map((r) => r.map((c) => `-(${c})`)) : product;
    if (!total) total = signed;
    else {
      const next = addCells(total, signed);
      if (!next) return null;
      total = next;
    }
  }
  return total;
}

function addCells(a: Cells, b: Cells): Cells | null {
  if (a.length !== b.length || a[0]?.length !== b[0]?.length) return null;
  return a.map((row, i) => row.map((c, j) => `(${c})+(${b[i]?.[j]})`));
}

function multiply(a: Cells, b: Cells): Cells | null {
  const inner = a[0]?.length ?? 0;
  if (inner !== b.length) return null;
  const cols = b[0]?.length ?? 0;
  return a.map((row) => Array.from({ length: cols }, (_, j) => row.map((c, k) => `(${c})(${b[k]?.[j]})`).join('+')));
}
