import { describe, expect, it } from 'vitest';
import { describeAnswer, isLabel, parseAnswer } from './structure.js';

const shape = (s: string) => describeAnswer(parseAnswer(s));
const each = (cases: Array<[string, string]>) => {
  for (const [input, want] of cases) expect(shape(input), input).toBe(want);
};

// `m` tuples `(a, …)` nested around `inner`; each level parses its items one level deeper.
const nest = (m: number, inner: string) => `${'(a, '.repeat(m)}${inner}${')'.repeat(m)}`;
// `12 345` parses to 12345 (a thousands space); past the guard (depth > 12) it stays as written.
const RAW = '12 345';

describe('the nesting guard counts every recursion', () => {
  it('parses 12 levels and leaves the 13th as written', () => {
    expect(shape(nest(12, RAW))).toBe(nest(12, '12345'));
    expect(shape(nest(13, RAW))).toBe(nest(13, RAW));
  });

  it('a list, an assignment group, membership, a union, a matrix and a set each add a level', () => {
    each([
      [`b or ${nest(12, RAW)}`, `b, ${nest(12, RAW)}`],
      [`p=${nest(12, RAW)},q=1;p=1,q=1`, `(${nest(12, RAW)}, 1), (1, 1)`],
      [`x \\in ${nest(12, RAW)}`, nest(12, RAW)],
      [`${nest(12, RAW)} \\cup (1, 2)`, `${nest(12, RAW)} \\cup (1, 2)`],
      [`\\begin{pmatrix}${nest(12, RAW)} & 1\\end{pmatrix}`, `matrix[${nest(12, RAW)} & 1]`],
      [`\\{${nest(12, RAW)}\\}`, `\\{${nest(12, RAW)}\\}`],
    ]);
  });

  it('so do inequality bounds and the two answers of \\pm', () => {
    each([
      [nest(12, `x > ${RAW}`), nest(12, `(${RAW}, \\infty)`)],
      // Past the guard `x=2+1` is an expression, not the equation `x = 2+1`.
      [nest(12, 'x = 2 \\pm 1'), nest(12, 'x=2+1, x=2-(1)')],
      [nest(12, '\\pm (1,2)'), nest(12, '(1,2), -((1,2))')],
    ]);
  });
});

describe('answer structure: malformed forms', () => {
  it('drops blank list items; assignment groups need two full assignments each and the same labels', () => {
    each([
      ['1, , 2', '1, 2'],
      ['p=5;p', 'p = 5, p'],
      ['p=(1;2),q=3', 'p = (1;2), q = 3'],
      ['p=5,q=2;p=7,q', 'p = 5, q = 2, p = 7, q'],
      ['p=1,q=2,r=3;pq=4,r=5', 'p = 1, q = 2, r = 3, pq = 4, r = 5'],
    ]);
  });

  it('reads brackets only when they match and wrap the whole answer', () => {
    for (const s of ['\\{1\\}+x', '(1, 2\\}', '\\{1, 2)', '{1,2}', '{1, 2)', '(1, 2}', '(5)'])
      expect(parseAnswer(s), s).toEqual({ type: 'expr', tex: s, percent: false });
  });
});

describe('labels: what the name parts are replaced by', () => {
  it('one-letter commands are names; fractions, dots and subscripts alone name nothing', () => {
    expect(isLabel('\\P:\\S')).toBe(true);
    expect(isLabel(' f(2) ')).toBe(true);
    for (const t of ['\\frac{}{}', '{\\cdot}', '_{1}']) expect(isLabel(t), t).toBe(false);
  });
});
