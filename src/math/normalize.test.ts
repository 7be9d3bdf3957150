import { describe, expect, it } from 'vitest';
import { normalizeAnswer } from './normalize.js';
import { describeAnswer, parseAnswer } from './structure.js';
import { UNIT_WORDS } from './units.js';

const norm = (s: string) => normalizeAnswer(s);
const shape = (s: string) => describeAnswer(parseAnswer(normalizeAnswer(s)));

describe('math normalisation', () => {
  it('removes layout: \\left \\right, \\dfrac, spacing, \\text{}, delimiters, trailing punctuation', () => {
    expect(norm('\\left( 1, 2 \\right)')).toBe('( 1, 2 )');
    expect(norm('\\dfrac{1}{2}')).toBe('\\frac{1}{2}');
    expect(norm('\\tfrac12')).toBe('\\frac12');
    expect(norm('\\,3\\;\\quad')).toBe('3');
    expect(norm('\\text{11}')).toBe('11');
    expect(norm('\\textbf{even}')).toBe('even');
    expect(norm('$5$.')).toBe('5');
    expect(norm('\\displaystyle x^2')).toBe('x^2');
    expect(norm('5!')).toBe('5!');
  });

  it('handles degrees, percent, currency and thousands spacing', () => {
    expect(norm('45^\\circ')).toBe('45');
    expect(norm('30°')).toBe('30');
    expect(norm('120 \\text{ degrees}')).toBe('120');
    expect(normalizeAnswer('45^\\circ', 'radians')).toBe('45\\cdot\\frac{\\pi}{180}');
    expect(norm('25 percent')).toBe('25\\%');
    expect(norm('10%')).toBe('10\\%');
    expect(norm('\\$1,250')).toBe('1,250');
    expect(norm('1\\,000')).toBe('1000');
    expect(norm('2{,}500')).toBe('2500');
    expect(norm('3{,}5')).toBe('3.5');
  });

  it('strips allow-listed units after a number, never single letters', () => {
    expect(norm('12 \\text{ cm}')).toBe('12');
    expect(norm('36 \\text{ cm}^2')).toBe('36');
    expect(norm('8 square units')).toBe('8');
    expect(norm('18\\pi \\text{ cm}^2')).toBe('18\\pi');
    expect(norm('12 m')).toBe('12 m');
    expect(norm('5 s')).toBe('5 s');
    expect(UNIT_WORDS.every((w) => w.length >= 2)).toBe(true);
    expect(UNIT_WORDS).not.toContain('in');
  });

  it('reads mixed numbers as sums', () => {
    expect(norm('3\\frac{1}{2}')).toBe('(3+\\frac{1}{2})');
    expect(norm('x\\frac{1}{2}')).toBe('x\\frac{1}{2}');
  });
});

describe('answer structure', () => {
  it('tells thousands separators from tuples by context', () => {
    expect(shape('7,425,000')).toBe('7425000');
    expect(shape('(7,425)')).toBe('(7, 425)');
    expect(shape('1, 234')).toBe('1, 234');
  });

  it('parses sets, lists, intervals, unions, matrices, equations and text', () => {
    expect(parseAnswer('\\{1, 2\\}')).toMatchObject({ type: 'set', braces: true });
    expect(parseAnswer('1 or 2')).toMatchObject({ type: 'set', braces: false });
    expect(parseAnswer('[1, 2)')).toMatchObject({ type: 'seq', open: '[', close: ')' });
    expect(parseAnswer('(1,2)\\cup(3,4)')).toMatchObject({ type: 'union' });
    expect(parseAnswer('\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}')).toMatchObject({ type: 'matrix' });
    expect(parseAnswer('y = 2x+1')).toEqual({ type: 'equation', sides: ['y', '2x+1'] });
    expect(parseAnswer('Monday')).toEqual({ type: 'text', value: 'monday' });
    expect(parseAnswer('\\emptyset')).toEqual({ type: 'set', items: [], braces: true });
    expect(parseAnswer('x \\in [0, 1]')).toMatchObject({ type: 'seq', open: '[' });
  });

  it('turns inequalities into intervals', () => {
    expect(shape('x > 2')).toBe('(2, \\infty)');
    expect(shape('x \\le 3')).toBe('(-\\infty, 3]');
    expect(shape('3 < x')).toBe('(3, \\infty)');
    expect(shape('-2 \\le x < 5')).toBe('[-2, 5)');
    expect(shape('5 > x \\ge 1')).toBe('[1, 5)');
  });

  it('expands \\pm into two answers', () => {
    expect(shape('\\pm 2')).toBe('2, -(2)');
    expect(shape('x = 1 \\pm \\sqrt{2}')).toBe('x = 1+\\sqrt{2}, x = 1-(\\sqrt{2})');
  });

  it('keeps percent as a flag', () => {
    expect(parseAnswer(norm('10%'))).toEqual({ type: 'expr', tex: '10', percent: true });
  });
});
