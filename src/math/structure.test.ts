import { describe, expect, it } from 'vitest';
import { describeAnswer, isLabel, isVariable, labelKey, parseAnswer } from './structure.js';

const shape = (s: string) => describeAnswer(parseAnswer(s));
const each = (cases: Array<[string, string]>) => {
  for (const [input, want] of cases) expect(shape(input), input).toBe(want);
};

describe('answer structure, form by form', () => {
  it('numbers with thousands commas or spaces are one number', () => {
    expect(parseAnswer('-1,234.5')).toEqual({ type: 'expr', tex: '-1234.5', percent: false });
    expect(parseAnswer('12 345.5')).toEqual({ type: 'expr', tex: '12345.5', percent: false });
    each([
      ['1,234', '1234'],
      ['1 234', '1234'],
      ['1 23', '1 23'],
    ]);
  });

  it('groups of assignments to the same labels are tuples in label order', () => {
    each([
      ['p=5,q=2;p=7,q=2', '(5, 2), (7, 2)'],
      ['p=5;q=2', 'p = 5, q = 2'],
      ['p=5,q=2;q=7,p=2', 'p = 5, q = 2, q = 7, p = 2'],
      ['p=5,q=2;p=7', 'p = 5, q = 2, p = 7'],
      ['2=5,q=2;2=7,q=2', '2 = 5, q = 2, 2 = 7, q = 2'],
    ]);
  });

  it('lists split on every separator; sets, empty sets, membership, tuples by ";" when no comma', () => {
    each([
      ['a;b', 'a, b'],
      ['1 \\text{or} 2', '1, 2'],
      ['1 \\lor 2', '1, 2'],
      ['1 \\vee 2', '1, 2'],
      ['\\varnothing', '\\{\\}'],
      ['\\{ \\}', '\\{\\}'],
      ['\\{\\}', '\\{\\}'],
      ['\\{1; 2\\}', '\\{1, 2\\}'],
      ['x \\in (0,1)', '(0, 1)'],
      ['a_1 \\in \\{1\\}', '\\{1\\}'],
      ['(0;-2;6)', '(0, -2, 6)'],
      ['[1]', '[1]'],
      ['(1, 2]', '(1, 2]'],
      ['(\\begin{pmatrix}1&2\\end{pmatrix})', 'matrix[1 & 2]'],
      ['\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}', 'matrix[1 & 2 \\\\ 3 & 4]'],
      ['(1, 2) \\cup (3, 4)', '(1, 2) \\cup (3, 4)'],
    ]);
    expect(parseAnswer('\\{1,2\\}')).toEqual({
      type: 'set',
      items: [
        { type: 'expr', tex: '1', percent: false },
        { type: 'expr', tex: '2', percent: false },
      ],
      braces: true,
    });
  });

  it('an approximation after a value is a note; a labelled one is the value', () => {
    each([
      ['x = 1/3 \\approx 0.33', 'x = 1/3'],
      ['x \\approx 11', 'x = 11'],
      ['x=1 \\approx 2', 'x = 1'],
      ['5 \\approx 4.9', '5'],
      ['\\approx 3', '\\approx 3'],
    ]);
  });

  it('equations keep every side; \\pm and \\mp give two answers', () => {
    expect(parseAnswer('x = y = 3')).toEqual({ type: 'equation', sides: ['x', 'y', '3'] });
    each([
      ['x =', 'x ='],
      ['1 \\mp 2', '1+2, 1-(2)'],
      ['x = 2 \\pm 1', 'x = 2+1, x = 2-(1)'],
      ['x = \\pm 1', 'x = 1, x = -(1)'],
      ['x = 1 = 2 \\pm 1', 'x = 1 = 2 \\pm 1'],
      ['x>1', '(1, \\infty)'],
    ]);
  });

  it('words are text, lower-cased; short letter strings and percents are expressions', () => {
    expect(parseAnswer('\\text{ Yes }')).toEqual({ type: 'text', value: 'yes' });
    expect(parseAnswer('New  York')).toEqual({ type: 'text', value: 'new york' });
    expect(parseAnswer("O'Neil")).toEqual({ type: 'text', value: "o'neil" });
    expect(parseAnswer('ab')).toEqual({ type: 'expr', tex: 'ab', percent: false });
    expect(parseAnswer('x-y')).toEqual({ type: 'expr', tex: 'x-y', percent: false });
    expect(parseAnswer('10 \\%')).toEqual({ type: 'expr', tex: '10', percent: true });
    expect(describeAnswer({ type: 'choice', letter: 'B' })).toBe('choice(B)');
    expect(shape('[1, 2)')).toBe('[1, 2)');
  });

  it('gives up structure past the nesting guard', () => {
    expect(parseAnswer('1, 2', 13)).toEqual({ type: 'expr', tex: '1, 2', percent: false });
  });
});

describe('labels and variables', () => {
  it('a variable is one letter or command, a subscript, an argument', () => {
    for (const t of ['x', 'a_1', 'a_{12}', '\\theta', 'f(x)', 'f( 2 )', 'x_1(t)']) expect(isVariable(t), t).toBe(true);
    for (const t of ['xy', '2x']) expect(isVariable(t), t).toBe(false);
  });

  it('a label only names things: no digits outside subscripts, no + or -', () => {
    const labels = ['x', ' x ', '(p,q)', 'AB', '|AB|', 'A:B', '\\frac{NO}{BO}', 'V_{1}:V_{2}', "f'", '[a,b]', 'x/y'];
    for (const t of [...labels, 'a\\cdot b', '\\alpha\\beta']) expect(isLabel(t), t).toBe(true);
    for (const t of ['2x + z', 'x+y', 'a'.repeat(41), '{}', '\\frac12', '3']) expect(isLabel(t), t).toBe(false);
    expect(labelKey(' { a } b ')).toBe('ab');
  });
});

describe('answer structure: anchors and edges', () => {
  it('pins each pattern to the whole answer', () => {
    each([
      ['x 123 456', 'x 123 456'],
      ['1 234x', '1 234x'],
      ['1 234.56', '1234.56'],
      ['1 234 567', '1234567'],
      ['x1,234', 'x1, 234'],
      ['1,234x', '1, 234x'],
      ['12,345', '12345'],
      ['1,234.56', '1234.56'],
      ['p=5;p=7', 'p = 5, p = 7'],
      ['p=5,q;p=7,q', 'p = 5, q, p = 7, q'],
      ['2\\emptyset', '2\\emptyset'],
      ['\\emptyset x', '\\emptyset x'],
      ['2x \\in (0,1)', '2x \\in (0,1)'],
      ['a_{12} \\in (0,1)', '(0, 1)'],
      ['x\\in (0,1)', '(0, 1)'],
      ['x \\in(0,1)', '(0, 1)'],
      ['2\\text{cm}', '2\\text{cm}'],
      ['\\text{a} + 1', '\\text{a} + 1'],
      ['2abc', '2abc'],
      ['abc2', 'abc2'],
      ['100\\%', '100\\%'],
    ]);
    expect(parseAnswer('10\\% + 1')).toEqual({ type: 'expr', tex: '10\\% + 1', percent: false });
    expect(parseAnswer('100\\%')).toEqual({ type: 'expr', tex: '100', percent: true });
    expect(describeAnswer({ type: 'text', value: 'x' })).toBe('text(x)');
  });

  it('labels: arguments with digits, 40 characters, subscripts and commands before punctuation', () => {
    expect(isVariable(' x ')).toBe(true);
    expect(isVariable('f(xy)')).toBe(true);
    for (const t of ['f(2)', 'a'.repeat(40), 'AB_1', 'AB_{12}', '\\alpha:\\beta']) expect(isLabel(t), t).toBe(true);
  });
});
