import { describe, expect, it } from 'vitest';
import { comparisonKey, normalizeAnswer } from './normalize.js';
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

type Case = [string, string];
const each = (cases: Case[], f: (s: string) => string = norm) => {
  for (const [input, want] of cases) expect(f(input), input).toBe(want);
};

describe('math normalisation, rule by rule', () => {
  it('turns unicode math into LaTeX and full-width digits into ASCII', () => {
    each([
      ['−5', '-5'],
      ['2–3', '2-3'],
      ['2—3', '2-3'],
      ['2×3', '2\\times 3'],
      ['6÷2', '6\\div 2'],
      ['2·3', '2\\cdot 3'],
      ['2⋅3', '2\\cdot 3'],
      ['2π', '2\\pi'],
      ['∞', '\\infty'],
      ['√2', '\\sqrt2'],
      ['x≤3', 'x\\le 3'],
      ['x≥3', 'x\\ge 3'],
      ['x≠3', 'x\\ne 3'],
      ['A∪B', 'A\\cup B'],
      ['A∩B', 'A\\cap B'],
      ['±2', '\\pm 2'],
      ['x∈A', 'x\\in A'],
      ['∅', '\\emptyset'],
      ['x²', 'x^2'],
      ['x³', 'x^3'],
      ['１２', '12'],
      ['1，2', '1,2'],
      ['a：b', 'a:b'],
      ['**5**', '5'],
    ]);
  });

  it('drops currency, math delimiters and spacing commands', () => {
    each([
      ['US\\$5', '5'],
      ['(\\$5,\\$6)', '(5,6)'],
      ['a$b', 'a b'],
      ['2\\(3\\)', '2 3'],
      ['€5', '5'],
      ['€ 5', '5'],
      ['£5', '5'],
      ['\\dbinom{5}{2}', '\\binom{5}{2}'],
      ['\\tbinom{5}{2}', '\\binom{5}{2}'],
      ['2\\hspace{1cm}3', '2 3'],
      ['2\\hspace*{1cm}3', '2 3'],
      ['2\\!3', '23'],
      ['a\\,b', 'a b'],
      ['a  b', 'a b'],
      ['1\\quad2', '1 2'],
    ]);
  });

  it('joins thousands groups only before exactly three digits', () => {
    each([
      ['11,\\! 111', '11111'],
      ['11,\\!111', '11111'],
      ['11,\\!111.5', '11111.5'],
      ['1,\\!2', '1,2'],
      ['1\u2009000', '1000'],
      ['1\u00a0000', '1000'],
      ['1\u2009000.5', '1000.5'],
      ['1\u20092', '1 2'],
      ['2 {,}500', '2500'],
      ['2{ ,}500', '2500'],
      ['2{, }500', '2500'],
      ['2{,} 500', '2500'],
      ['2{,}500.5', '2500.5'],
    ]);
  });

  it('splits bracketed answers joined by "or"/"and", reads mixed numbers only after a non-digit', () => {
    each([
      ['(1,2)or(3,4)', '(1,2), (3,4)'],
      ['(1,2) or (3,4)', '(1,2), (3,4)'],
      ['[1,2]and(3,4)', '[1,2], (3,4)'],
      ['1+3\\frac{1}{2}', '1+(3+\\frac{1}{2})'],
      ['12\\frac{1}{2}', '(12+\\frac{1}{2})'],
      ['3 \\frac{1}{2}', '(3+\\frac{1}{2})'],
      ['2\\frac{10}{11}', '(2+\\frac{10}{11})'],
      ['3\\frac{1}{2}+1', '(3+\\frac{1}{2})+1'],
    ]);
  });

  it('writes ASCII relations as commands; "x => 5" after a variable is ≥', () => {
    each([
      ['x>=3', 'x\\ge 3'],
      ['x<=3', 'x\\le 3'],
      ['x!=3', 'x\\ne 3'],
      ['a<=>b', 'a<=>b'],
      ['x => 5', 'x \\ge 5'],
      [' x => 5', 'x \\ge 5'],
      ['x=>5', 'x\\ge 5'],
      ['a_1 => 0', 'a_1 \\ge 0'],
      ['a_{12} => 0', 'a_{12} \\ge 0'],
      ['2x => 5', '2x => 5'],
    ]);
  });

  it('drops every degree marker, and a °C/°F after it', () => {
    each([
      ['45^{\\circ}', '45'],
      ['45^ {\\circ}', '45'],
      ['45^{ \\circ }', '45'],
      ['45^ \\circ', '45'],
      ['30\\degree', '30'],
      ['(30\\degree, 60\\degree)', '(30, 60)'],
      ['(30\\circ, 60\\circ)', '(30, 60)'],
      ['20°C', '20'],
      ['20° C', '20'],
      ['(20°C, 30°F)', '(20, 30)'],
      ['1 degree', '1'],
      ['n degrees', 'n degrees'],
    ]);
    expect(normalizeAnswer('90 degrees', 'radians')).toBe('90\\cdot\\frac{\\pi}{180}');
  });

  it('strips end punctuation, leading ":"/"=" and balanced outer braces, repeatedly', () => {
    each([
      ['5............', '5'],
      ['=: =: =: =: =: =: 5', '5'],
      [': 5', '5'],
      ['{5}', '5'],
      ['{ 5 }', '5'],
      ['{{5.}}', '5'],
      ['{x \\} y}', 'x \\} y'],
      ['{{1}{2}}', '{1}{2}'],
      ['{1}{2}', '{1}{2}'],
      ['{1}+{2}', '{1}+{2}'],
      ['{{1}', '{{1}'],
    ]);
  });

  it('reads a decimal comma only when asked and only where a thousands group cannot be', () => {
    const unambiguous = (s: string) => normalizeAnswer(s, 'ignore', 'unambiguous');
    each(
      [
        ['1,22', '1.22'],
        ['12,34', '12.34'],
        ['0,111', '0.111'],
        ['1000,99', '1000.99'],
        ['1000,999', '1000.999'],
        ['1,2222', '1.2222'],
        ['-1,22', '-1.22'],
        ['1,22%', '1.22\\%'],
        ['1,222', '1,222'],
        ['12,345', '12,345'],
        ['123,456', '123,456'],
        ['1,2', '1,2'],
        ['a1,22', 'a1,22'],
        ['1,22a', '1,22a'],
      ],
      unambiguous,
    );
    expect(norm('1,22')).toBe('1,22');
  });

  it('keys strings for equality without spaces or braces around one character', () => {
    expect(comparisonKey('x ^ {2} + 1')).toBe('x^2+1');
    expect(comparisonKey('\\frac{1}{2}')).toBe('\\frac12');
    expect(comparisonKey('{ab}')).toBe('{ab}');
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
