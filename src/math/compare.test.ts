import { describe, expect, it } from 'vitest';
import { type CompareOptions, compareAnswers, type Judge } from './compare.js';
import { fastJudge } from './fast-judge.js';
import { type Answer, parseAnswer } from './structure.js';

const fast = fastJudge({ tolerance: 1e-9, rounding: 'exact' });
// The fast judge, undecided on the leaf `u` (as the main thread is, before the CAS answers).
const judge: Judge = {
  scalar: (g, p) => (g === 'u' || p === 'u' ? null : fast.scalar(g, p)),
  equation: (g, p) => (g.includes('u') || p.includes('u') ? null : fast.equation(g, p)),
};
const BASE: CompareOptions = { lists: 'set', percent: 'exact', chains: 'strict' };
const compare = (gold: Answer, pred: Answer, opts: Partial<CompareOptions> = {}) =>
  compareAnswers(gold, pred, judge, { ...BASE, ...opts });
const cmp = (gold: string, pred: string, opts: Partial<CompareOptions> = {}) =>
  compare(parseAnswer(gold), parseAnswer(pred), opts);
const num = (tex: string): Answer => ({ type: 'expr', tex, percent: false });

describe('sets and lists', () => {
  it('compares a list as a set under `set`: same members in any order', () => {
    expect(cmp('1, 2', '2, \\frac{2}{2}')).toEqual({ equal: true, rule: 'set-set' });
    expect(cmp('(1, 2), (3, 4)', '(3, 4), (1, 2)')?.equal).toBe(true);
    expect(cmp('1, 2', '1')).toEqual({ equal: false, rule: 'set: missing answers' });
    expect(cmp('1', '1, 2')).toEqual({ equal: false, rule: 'set: extra answers' });
    expect(cmp('1, 2', '1, 3')).toEqual({ equal: false, rule: 'set: missing answers' });
  });

  it('needs every gold answer under `all` and any shared one under `any`', () => {
    expect(cmp('1, 2', '2, 3, 1', { lists: 'all' })).toEqual({ equal: true, rule: 'set-all' });
    expect(cmp('1, 2', '1, 3', { lists: 'all' })).toEqual({ equal: false, rule: 'set: missing answers' });
    expect(cmp('1, 2', '5, 2', { lists: 'any' })).toEqual({ equal: true, rule: 'set-any' });
    expect(cmp('1, 2', '3, 4', { lists: 'any' })).toEqual({ equal: false, rule: 'set: missing answers' });
    expect(cmp('1, 2', '2, 3, 1', { lists: 'set' })?.equal).toBe(false);
  });

  it('treats the empty set as equal only to an empty set', () => {
    expect(cmp('\\emptyset', '\\{\\}')).toEqual({ equal: true, rule: 'set' });
    expect(cmp('\\emptyset', '\\{0\\}')).toEqual({ equal: false, rule: 'set' });
    expect(cmp('\\{0\\}', '\\varnothing')).toEqual({ equal: false, rule: 'set' });
  });

  it('reads a one-member set as its member', () => {
    expect(cmp('2', '\\{\\frac{4}{2}\\}')).toEqual({ equal: true, rule: 'exact' });
    const one: Answer = { type: 'set', items: [num('3')], braces: false };
    expect(compare(one, num('3'))).toEqual({ equal: true, rule: 'string' });
    // Braces are kept on the gold side: `\{3\}` is a set, compared member by member.
    expect(compare({ ...one, braces: true }, num('3'))).toEqual({ equal: true, rule: 'set-set' });
  });

  it('is undecided only while no decided member settles it', () => {
    expect(cmp('1, u', '1, 2')).toBeNull();
    expect(cmp('1, 2', '1, u', { lists: 'all' })).toBeNull();
    expect(cmp('1, 2', 'u, 5', { lists: 'any' })).toBeNull();
    expect(cmp('1, 2', 'u, 2', { lists: 'any' })?.equal).toBe(true);
    // 5 matches nothing in the prediction, whatever u is.
    expect(cmp('5, u', '1, 2')).toEqual({ equal: false, rule: 'set: missing answers' });
    // 5 in the prediction matches no gold answer, whatever u is.
    expect(cmp('1, 2', 'u, 5')).toEqual({ equal: false, rule: 'set: extra answers' });
    expect(cmp('1, 2', 'u, 2')).toBeNull();
    // Every prediction is a gold answer, but the gold may hold one more; and the converse.
    expect(cmp('1, u', '1')).toBeNull();
    expect(cmp('1', '1, u')).toBeNull();
  });
});

describe('tuples and intervals', () => {
  it('needs the same brackets, the same length and equal items in order', () => {
    expect(cmp('(1, 2)', '(\\frac{3}{3}, 2)')).toEqual({ equal: true, rule: 'tuple(string)' });
    expect(cmp('(1, 2)', '(2, 1)')).toEqual({ equal: false, rule: 'tuple: number' });
    expect(cmp('(1, 2)', '[1, 2]')).toEqual({ equal: false, rule: 'brackets' });
    expect(cmp('(1, 2]', '(1, 2)')).toEqual({ equal: false, rule: 'brackets' });
    expect(cmp('(1, 2]', '[1, 2]')).toEqual({ equal: false, rule: 'brackets' });
    expect(cmp('(1, 2)', '(1, 2, 3)')).toEqual({ equal: false, rule: 'length' });
    expect(cmp('(1, 2)', '3')).toEqual({ equal: false, rule: 'tuple-vs-other' });
    expect(cmp('3', '(1, 2)')).toEqual({ equal: false, rule: 'tuple-vs-other' });
  });

  it('is undecided on an undecided item unless another item differs', () => {
    expect(cmp('(1, u)', '(1, 2)')).toBeNull();
    expect(cmp('(u, 1)', '(2, 3)')).toEqual({ equal: false, rule: 'tuple: number' });
  });

  it('matches an inequality only with a gold that is surely an interval', () => {
    expect(cmp('(1, \\infty)', 'x > 1')?.equal).toBe(true);
    expect(cmp('(1, 3]', '1 < x \\le 3')?.equal).toBe(true);
    expect(cmp('[1, 3)', '1 \\le x < 3')?.equal).toBe(true);
    expect(cmp('1 < x < 3', '1 < x < 3')?.equal).toBe(true);
    // `(1, 3)` may be a point and `[1, 3]` a vector: an inequality is not enough (anti-hack).
    expect(cmp('(1, 3)', '1 < x < 3')).toEqual({ equal: false, rule: 'inequality-vs-tuple' });
    expect(cmp('[1, 3]', '1 \\le x \\le 3')).toEqual({ equal: false, rule: 'inequality-vs-tuple' });
    expect(cmp('(-\\infty, 3, 4)', 'x < 3')).toEqual({ equal: false, rule: 'inequality-vs-tuple' });
    expect(cmp('[1, 3]', '1 \\le x \\le 3', { setRelation: true })?.equal).toBe(true);
    expect(cmp('(1, 3)', '1 < x < 3', { setRelation: true })?.equal).toBe(true);
    // A tuple answer for an inequality gold is compared as a tuple.
    expect(cmp('1 < x < 3', '(1, 3)')?.equal).toBe(true);
  });

  it('reads a bare list as a tuple under `looseTuples`, in order', () => {
    const loose = { looseTuples: true };
    expect(cmp('(1, 3)', '1, 3', loose)).toEqual({ equal: true, rule: 'loose-tuple(string)' });
    expect(cmp('(1, 3)', '1, 3')?.equal).toBe(false);
    expect(cmp('(1, 3)', '3, 1', loose)).toEqual({ equal: false, rule: 'loose-tuple: number' });
    expect(cmp('(1, 3)', '1, 3, 5', loose)?.equal).toBe(false);
    expect(cmp('(1, 3)', '\\{1, 3\\}', loose)?.equal).toBe(false);
    expect(cmp('[1, 3]', '1, 3', loose)?.equal).toBe(false);
    expect(cmp('(1, 3]', '1, 3', loose)?.equal).toBe(false);
    expect(cmp('[1, 3)', '1, 3', loose)?.equal).toBe(false);
    expect(cmp('(1, 3), (5, 7)', '1, 3', loose)?.equal).toBe(false);
    const wrapped: Answer = { type: 'set', items: [parseAnswer('(1, 3)')], braces: false };
    expect(compare(wrapped, parseAnswer('1, 3'), loose)?.equal).toBe(true);
  });
});

describe('equations', () => {
  it('compares labelled answers by label and value', () => {
    expect(cmp('x = 3', 'x = \\frac{6}{2}')).toEqual({ equal: true, rule: 'labelled(exact)' });
    expect(cmp('x = 3', 'x = 4')).toEqual({ equal: false, rule: 'labelled: number' });
    expect(cmp('x = 3', 'y = 3')).toEqual({ equal: false, rule: 'equation: different label' });
    expect(cmp('x_{1} = 3', 'x_1 = 3')?.equal).toBe(true);
    expect(cmp('(p, q) = (3, 2)', '(p,q) = (3, 2)')).toEqual({ equal: true, rule: 'labelled(tuple(string))' });
    expect(cmp('(p, q) = (3, 2)', '(p, q) = (2, 3)')?.equal).toBe(false);
    expect(cmp('x = u', 'x = 1')).toBeNull();
  });

  it('compares equations in unknowns up to a factor', () => {
    expect(cmp('x = 3', '2x = 6')?.equal).toBe(true);
    expect(cmp('2x + 1 = 3', '4x + 2 = 6')?.equal).toBe(true);
    expect(cmp('2x + 1 = 3', '4x + 2 = 5')?.equal).toBe(false);
  });

  it('reads an assignment as its value', () => {
    expect(cmp('x = 3', '3')).toEqual({ equal: true, rule: 'value(string)' });
    expect(cmp('3', 'x = 3')).toEqual({ equal: true, rule: 'value(string)' });
    expect(cmp('x = 3', '4')).toEqual({ equal: false, rule: 'value: number' });
    expect(cmp('3', 'x = u')).toBeNull();
    // `2x + z = 1` is an equation, not the value 1.
    expect(cmp('2x + z = 1', '1')).toEqual({ equal: false, rule: 'equation-vs-value' });
    expect(cmp('1', '2x + z = 1')).toEqual({ equal: false, rule: 'equation-vs-value' });
  });

  it('checks every link of a chain under `strict`', () => {
    expect(cmp('2 + 3 = 5', '5')?.equal).toBe(true);
    expect(cmp('2 + 3 = 6', '6')).toEqual({ equal: false, rule: 'equation-vs-value' });
    expect(cmp('x = 5+5+1 = 11', '11')?.equal).toBe(true);
    expect(cmp('x = 5+5 = 11', '11')?.equal).toBe(false);
    expect(cmp('x = 2 = 1 + 2', 'x = 2')?.equal).toBe(false);
    expect(cmp('x = 2', 'x = 2 = 3')?.equal).toBe(false);
    expect(cmp('x = 2', 'x = 1 + 2 = 2')?.equal).toBe(false);
    expect(cmp('2 = \\ln(e^2)', '2')?.equal).toBe(true);
    // An identity in x is still an equation in an unknown, not a value.
    expect(cmp('1', '\\sin^2 x + \\cos^2 x = 1')?.equal).toBe(false);
    expect(cmp('2', '2 = u')).toBeNull();
    expect(cmp('x = 1 + 1 = 2', 'x = 2')).toEqual({ equal: true, rule: 'value(string)' });
    expect(cmp('2 = u', '2')).toBeNull();
    // The functions and constants of arithmetic are not unknowns.
    expect(cmp('\\frac{6}{3} = 2', '2')?.equal).toBe(true);
    expect(cmp('\\sqrt{4} = 2', '2')?.equal).toBe(true);
    expect(cmp('2 \\cdot 3 = 6', '6')?.equal).toBe(true);
    expect(cmp('2 \\times 3 = 6', '6')?.equal).toBe(true);
    expect(cmp('6 \\div 3 = 2', '2')?.equal).toBe(true);
    expect(cmp('2\\pi = \\pi + \\pi', '2\\pi')?.equal).toBe(true);
  });

  it('keeps only the last side under `last`', () => {
    const last = { chains: 'last' as const };
    expect(cmp('x = 5+5 = 11', '11', last)?.equal).toBe(true);
    expect(cmp('x = 5+5 = 11', 'x = 11', last)).toEqual({ equal: true, rule: 'labelled(string)' });
    expect(cmp('x = 1 + 2 = 2', 'x = 2', last)?.equal).toBe(true);
    expect(cmp('1 + 1 = 3 = 2', '2', last)?.equal).toBe(true);
    expect(cmp('1 + 1 = 3 = 2', '2')?.equal).toBe(false);
    // A predicted equation is read as its last side; a gold one only when it is an assignment.
    expect(cmp('6', '2 + 3 = 6', last)?.equal).toBe(true);
    expect(cmp('2 + 3 = 6', '6', last)?.equal).toBe(false);
    expect(cmp('1', '2x + z = 1', last)?.equal).toBe(true);
    expect(cmp('2x + z = 1', '1', last)?.equal).toBe(false);
    expect(cmp('y = 2', '2', last)?.equal).toBe(true);
    expect(cmp('y = 2', 'x = 5 = 2', last)).toEqual({ equal: false, rule: 'equation: different label' });
    expect(cmp('2x + 1 = 3', '4x + 2 = 6', last)?.equal).toBe(true);
  });
});

describe('other answer kinds', () => {
  it('compares text without case or spaces, and never with a number', () => {
    expect(cmp('\\text{No Solution}', 'no solution')).toEqual({ equal: true, rule: 'text' });
    expect(cmp('\\text{nosolution}', 'no solution')?.equal).toBe(true);
    expect(cmp('\\text{no}', '\\text{yes}')).toEqual({ equal: false, rule: 'text' });
    expect(cmp('\\text{abc}', 'ABC')?.equal).toBe(true);
    expect(cmp('ABC', '\\text{abc}')?.equal).toBe(true);
    expect(cmp('\\text{AB}', 'AB')).toEqual({ equal: true, rule: 'text' });
    expect(cmp('\\text{abc}', '(1, 2)')).toEqual({ equal: false, rule: 'text' });
    expect(cmp('(1, 2)', '\\text{abc}')).toEqual({ equal: false, rule: 'text' });
  });

  it('compares choices by letter', () => {
    const b: Answer = { type: 'choice', letter: 'B' };
    expect(compare(b, { type: 'choice', letter: 'B' })).toEqual({ equal: true, rule: 'choice' });
    expect(compare(b, { type: 'choice', letter: 'C' })).toEqual({ equal: false, rule: 'choice' });
    expect(compare(b, num('B'))).toEqual({ equal: false, rule: 'choice' });
    expect(compare(num('B'), b)).toEqual({ equal: false, rule: 'choice' });
  });

  it('compares unions as sets of parts, whatever the list policy', () => {
    const union = '(1, 2) \\cup (3, 4)';
    expect(cmp(union, '(3, 4) \\cup (1, 2)')).toEqual({ equal: true, rule: 'union(set-set)' });
    expect(cmp(union, '(1, 2) \\cup (3, 5)', { lists: 'any' })).toEqual({
      equal: false,
      rule: 'union: set: missing answers',
    });
    expect(cmp(union, '(1, 2)')).toEqual({ equal: false, rule: 'tuple-vs-other' });
    expect(cmp(union, '1')).toEqual({ equal: false, rule: 'union' });
    expect(cmp('1', union)).toEqual({ equal: false, rule: 'union' });
  });

  it('compares matrices cell by cell', () => {
    const m = '\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}';
    expect(cmp(m, '\\begin{pmatrix}1&\\frac{4}{2}\\\\3&4\\end{pmatrix}')).toEqual({
      equal: true,
      rule: 'matrix(string)',
    });
    expect(cmp(m, '\\begin{pmatrix}1&2\\\\4&3\\end{pmatrix}')).toEqual({ equal: false, rule: 'matrix: number' });
    expect(cmp(m, '\\begin{pmatrix}1&2\\end{pmatrix}')).toEqual({ equal: false, rule: 'matrix-shape' });
    expect(cmp(m, '\\begin{pmatrix}1\\\\3\\end{pmatrix}')).toEqual({ equal: false, rule: 'matrix-shape' });
    expect(cmp('\\begin{pmatrix}1&2\\end{pmatrix}', m)).toEqual({ equal: false, rule: 'matrix-shape' });
    expect(cmp(m, '1')).toEqual({ equal: false, rule: 'matrix-vs-other' });
    expect(cmp('1', m)).toEqual({ equal: false, rule: 'matrix-vs-other' });
    const ragged: Answer = { type: 'matrix', rows: [[num('1'), num('2')], [num('3')]] };
    const square: Answer = {
      type: 'matrix',
      rows: [
        [num('1'), num('2')],
        [num('3'), num('4')],
      ],
    };
    expect(compare(square, ragged)).toEqual({ equal: false, rule: 'matrix-shape' });
    expect(compare({ type: 'matrix', rows: [] }, { type: 'matrix', rows: [] })).toEqual({
      equal: true,
      rule: 'matrix(empty)',
    });
    expect(cmp(m, '\\begin{pmatrix}1&u\\\\3&4\\end{pmatrix}')).toBeNull();
  });

  it('reads percent under the percent policy', () => {
    expect(cmp('50\\%', '50\\%')?.equal).toBe(true);
    expect(cmp('50\\%', '50')).toEqual({ equal: false, rule: 'percent' });
    expect(cmp('50', '50\\%')).toEqual({ equal: false, rule: 'percent' });
    expect(cmp('50\\%', '0.5', { percent: 'value' })?.equal).toBe(true);
    expect(cmp('0.5', '50\\%', { percent: 'value' })?.equal).toBe(true);
    expect(cmp('50\\%', '50', { percent: 'value' })?.equal).toBe(false);
    expect(cmp('50\\%', '50', { percent: 'ignore' })?.equal).toBe(true);
    expect(cmp('50\\%', '0.5', { percent: 'ignore' })?.equal).toBe(false);
  });
});
