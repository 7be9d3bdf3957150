import { describe, expect, it } from 'vitest';
import { evaluate, parseFast } from './fast-eval.js';
import { matrixCells } from './matrix.js';

const EMPTY = new Map<string, number>();

/** The matrix `tex` denotes, each cell evaluated exactly (`n/d`), or null. */
function value(tex: string): string[][] | null {
  const cells = matrixCells(tex);
  if (!cells) return null;
  return cells.map((row) =>
    row.map((c) => {
      const e = parseFast(c);
      const v = e ? evaluate(e.root, EMPTY) : null;
      if (!v?.r) return `unread: ${c}`;
      return v.r.d === 1n ? `${v.r.n}` : `${v.r.n}/${v.r.d}`;
    }),
  );
}

const env = (name: string, rows: string, spec = '') => `\\begin{${name}}${spec}${rows}\\end{${name}}`;
const A = env('pmatrix', '1&2\\\\3&4');
const B = env('pmatrix', '5&6\\\\7&8');
const ROW = env('bmatrix', '1&2&3'); // 1x3
const COL = env('bmatrix', '4\\\\5\\\\6'); // 3x1

describe('matrix literals', () => {
  it('reads each matrix environment, row by row', () => {
    for (const name of ['matrix', 'pmatrix', 'bmatrix', 'Bmatrix', 'smallmatrix'])
      expect(matrixCells(env(name, '1&2\\\\3&4')), name).toEqual([
        ['1', '2'],
        ['3', '4'],
      ]);
    expect(matrixCells(env('array', '1&2\\\\3&4', '{cc}'))).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(matrixCells(env('array', 'x&y', '{c|c}'))).toEqual([['x', 'y']]);
  });

  it('trims cells and rows and ignores a trailing row break', () => {
    expect(matrixCells(env('pmatrix', ' a & b \\\\ c & d \\\\'))).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(matrixCells(`  ${env('pmatrix', '\\frac{1}{2}')}  `)).toEqual([['\\frac{1}{2}']]);
  });

  it('takes a literal in brackets or parentheses as the literal', () => {
    const cells = [
      ['1', '2'],
      ['3', '4'],
    ];
    expect(matrixCells(`[${env('array', '1&2\\\\3&4', '{cc}')}]`)).toEqual(cells);
    expect(matrixCells(`( ${A} )`)).toEqual(cells);
  });

  it('refuses what is not a well-formed literal', () => {
    for (const s of [
      '',
      '  ',
      'x',
      `[${env('pmatrix', '(1)')}}`,
      `2${A}`,
      `x = ${A}`,
      `[${A}`,
      `${A}]`,
      `${A} x`,
      '\\begin{pmatrix}1&2\\end{bmatrix}',
      '\\begin{pmatrix}1&2',
      env('pmatrix', ''),
      env('pmatrix', ' \\\\ '),
      env('pmatrix', '1&2\\\\3'),
      env('pmatrix', '1\\\\3&4'),
      env('pmatrix', `1&${env('pmatrix', '2')}`),
      env('pmatrix', `1&${env('bmatrix', '2')}`),
      env('cases', '1&2'),
      // A determinant or a norm is a number, not the matrix it is written with.
      env('vmatrix', '1&2\\\\3&4'),
      env('Vmatrix', '1&2\\\\3&4'),
    ])
      expect(matrixCells(s), s).toBeNull();
  });
});

describe('matrix sums and products, cell by cell', () => {
  it('adds and subtracts same-shaped matrices', () => {
    expect(value(`${A} + ${B}`)).toEqual([
      ['6', '8'],
      ['10', '12'],
    ]);
    expect(value(`${A}-${B}`)).toEqual([
      ['-4', '-4'],
      ['-4', '-4'],
    ]);
    expect(value(`${B} - ${A} + ${A}`)).toEqual([
      ['5', '6'],
      ['7', '8'],
    ]);
    expect(value(`${A} - ${A} - ${A}`)).toEqual([
      ['-1', '-2'],
      ['-3', '-4'],
    ]);
  });

  it('adds literals written in different environments', () => {
    expect(value(`${A} + ${env('bmatrix', '5&6\\\\7&8')}`)).toEqual([
      ['6', '8'],
      ['10', '12'],
    ]);
    expect(value(`${env('array', '1&2\\\\3&4', '{cc}')} - ${B}`)).toEqual([
      ['-4', '-4'],
      ['-4', '-4'],
    ]);
  });

  it('multiplies row by column, written side by side, with \\cdot or with \\times', () => {
    const AB = [
      ['19', '22'],
      ['43', '50'],
    ];
    expect(value(`${A}${B}`)).toEqual(AB);
    expect(value(`${A} ${B}`)).toEqual(AB);
    expect(value(`${A} \\cdot ${B}`)).toEqual(AB);
    expect(value(`${A}\\times${B}`)).toEqual(AB);
    // Not commutative: BA differs.
    expect(value(`${B}${A}`)).toEqual([
      ['23', '34'],
      ['31', '46'],
    ]);
    // (AB)A = A(BA), and a 1x3 by 3x1 is 1x1 while 3x1 by 1x3 is 3x3.
    expect(value(`${A}${B}${A}`)).toEqual([
      ['85', '126'],
      ['193', '286'],
    ]);
    expect(value(`${ROW}${COL}`)).toEqual([['32']]);
    expect(value(`${COL}${ROW}`)).toEqual([
      ['4', '8', '12'],
      ['5', '10', '15'],
      ['6', '12', '18'],
    ]);
  });

  it('multiplies before adding, and a minus applies to the whole product', () => {
    expect(value(`${A} + ${A}${B}`)).toEqual([
      ['20', '24'],
      ['46', '54'],
    ]);
    expect(value(`${A} - ${A} \\cdot ${B}`)).toEqual([
      ['-18', '-20'],
      ['-40', '-46'],
    ]);
    expect(value(`${A}${B} - ${B}${A}`)).toEqual([
      ['-4', '-12'],
      ['12', '4'],
    ]);
  });

  it('keeps fractions and symbols exact inside the cells', () => {
    const H = env('pmatrix', '\\frac{1}{2}&\\frac{1}{3}\\\\\\frac{1}{3}&\\frac{1}{4}');
    expect(value(`${H} + ${H}`)).toEqual([
      ['1', '2/3'],
      ['2/3', '1/2'],
    ]);
    expect(matrixCells(`${env('pmatrix', 'a')}${env('pmatrix', 'b')}`)).toEqual([['(a)(b)']]);
  });

  it('refuses sums and products whose shapes do not fit', () => {
    const wide = env('pmatrix', '1&2&3\\\\4&5&6'); // 2x3
    const tall = env('pmatrix', '1&2\\\\3&4\\\\5&6'); // 3x2
    for (const s of [
      `${A} + ${wide}`,
      `${A} + ${tall}`,
      `${wide} - ${A}`,
      `${wide}${wide}`,
      `${A}${tall}`,
      `${A} + ${ROW}${COL}`,
      `${A} + ${wide}${wide}`,
      `${A} + ${wide} + ${B}`,
      `${wide}${wide}${A}`,
    ])
      expect(matrixCells(s), s).toBeNull();
    expect(value(`${wide}${tall}`)).toEqual([
      ['22', '28'],
      ['49', '64'],
    ]);
    expect(value(`${A} + ${wide}${tall}`)).toEqual([
      ['23', '30'],
      ['52', '68'],
    ]);
  });

  it('refuses a scalar multiple or an operand that is not a literal', () => {
    for (const s of [`${A} + 2${B}`, `${A} + x`, `${A} * ${B}`, `${A} + + ${B}`, `${A}^2`])
      expect(matrixCells(s), s).toBeNull();
  });
});
