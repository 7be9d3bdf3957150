import { describe, expect, it } from 'vitest';
import { inequalityInterval } from './relations.js';
import type { Answer } from './structure.js';

// Leaves stay as their LaTeX, so each interval end reads as written.
const leaf = (tex: string): Answer => ({ type: 'expr', tex, percent: false });
const read = (s: string) => inequalityInterval(s, leaf);
const iv = (lo: string, loOpen: boolean, hi: string, hiOpen: boolean): Answer => ({
  type: 'seq',
  open: loOpen ? '(' : '[',
  close: hiOpen ? ')' : ']',
  items: [leaf(lo), leaf(hi)],
  fromInequality: true,
});
const union = (...parts: Answer[]): Answer => ({ type: 'union', parts });
const NEG = '-\\infty';
const POS = '\\infty';

describe('one relation with the variable on one side', () => {
  it('reads each relation as the set of reals it describes', () => {
    expect(read('x > 3')).toEqual(iv('3', true, POS, true));
    expect(read('x < 3')).toEqual(iv(NEG, true, '3', true));
    expect(read('x \\ge 3')).toEqual(iv('3', false, POS, true));
    expect(read('x \\le 3')).toEqual(iv(NEG, true, '3', false));
    expect(read('x \\geq 3')).toEqual(iv('3', false, POS, true));
    expect(read('x \\leq 3')).toEqual(iv(NEG, true, '3', false));
    expect(read('x \\geqslant 3')).toEqual(iv('3', false, POS, true));
    expect(read('x \\leqslant 3')).toEqual(iv(NEG, true, '3', false));
    expect(read('x \\gt 3')).toEqual(iv('3', true, POS, true));
    expect(read('x \\lt 3')).toEqual(iv(NEG, true, '3', true));
  });

  it('reads the variable on the right the other way round (3 < x is x > 3)', () => {
    expect(read('3 < x')).toEqual(iv('3', true, POS, true));
    expect(read('3 > x')).toEqual(iv(NEG, true, '3', true));
    expect(read('3 \\ge x')).toEqual(iv(NEG, true, '3', false));
    expect(read('3 \\le x')).toEqual(iv('3', false, POS, true));
    expect(read('\\frac{1}{2} \\lt y')).toEqual(iv('\\frac{1}{2}', true, POS, true));
  });

  it('accepts subscripted, Greek and function-call variables', () => {
    expect(read('x_1 > 0')).toEqual(iv('0', true, POS, true));
    expect(read('x_{10} \\le 2')).toEqual(iv(NEG, true, '2', false));
    expect(read('\\alpha > 0')).toEqual(iv('0', true, POS, true));
    expect(read('f(x) < 1')).toEqual(iv(NEG, true, '1', true));
    expect(read('f( t ) \\ge 1')).toEqual(iv('1', false, POS, true));
    expect(read('f(t1) \\ge 1')).toEqual(iv('1', false, POS, true));
  });

  it('reads x != 3 as everything but 3, on either side and spelled either way', () => {
    const but3 = union(iv(NEG, true, '3', true), iv('3', true, POS, true));
    expect(read('x \\ne 3')).toEqual(but3);
    expect(read('x \\neq 3')).toEqual(but3);
    expect(read('3 \\neq x')).toEqual(but3);
  });

  it('flips the relation for a negated variable (-x > -1 is x < 1)', () => {
    expect(read('-x > -1')).toEqual(iv(NEG, true, '-(-1)', true));
    expect(read('-x \\ge 2')).toEqual(iv(NEG, true, '-(2)', false));
    expect(read('- x < 2')).toEqual(iv('-(2)', true, POS, true));
    expect(read('-1 < -x')).toEqual(iv(NEG, true, '-(-1)', true));
    expect(read('2 \\le -x')).toEqual(iv(NEG, true, '-(2)', false));
    expect(read('-\\alpha > 1')).toEqual(iv(NEG, true, '-(1)', true));
    expect(read('-x_1 < 0')).toEqual(iv('-(0)', true, POS, true));
    expect(read('-x_{10} < 0')).toEqual(iv('-(0)', true, POS, true));
    expect(read('-x \\ne 3')).toEqual(union(iv(NEG, true, '-(3)', true), iv('-(3)', true, POS, true)));
  });

  it('leaves steps and relations between variables unread', () => {
    for (const s of [
      '2x > 10',
      'x < y',
      '-x > -y',
      'xy > 0',
      'x + 1 > 2',
      '-2x > 1',
      '1 > 0',
      'x - y > 1',
      '2 - x > 1',
      '-x^2 > -1',
    ])
      expect(read(s), s).toBeNull();
  });

  it('takes the one plain variable as the unknown when the other side is an expression in another', () => {
    // -x < y is y in (-x, oo).
    expect(read('-x < y')).toEqual(iv('-x', true, POS, true));
    expect(read('y > -x')).toEqual(iv('-x', true, POS, true));
  });
});

describe('two relations', () => {
  it('reads a chain in either direction as an interval', () => {
    expect(read('1 < x \\le 2')).toEqual(iv('1', true, '2', false));
    expect(read('1 \\le x < 2')).toEqual(iv('1', false, '2', true));
    expect(read('2 \\ge x > 1')).toEqual(iv('1', true, '2', false));
    expect(read('2 > x \\ge 1')).toEqual(iv('1', false, '2', true));
    expect(read('0 < t_1 < 1')).toEqual(iv('0', true, '1', true));
  });

  it('reads lo <= |v| <= hi as [-hi, -lo] and [lo, hi]', () => {
    expect(read('1 \\le |z| \\le 2')).toEqual(union(iv('-(2)', false, '-(1)', false), iv('1', false, '2', false)));
    expect(read('1 < | z | \\le 2')).toEqual(union(iv('-(2)', false, '-(1)', true), iv('1', true, '2', false)));
    expect(read('3 > |x_1| \\ge 1')).toEqual(union(iv('-(3)', true, '-(1)', false), iv('1', false, '3', true)));
    expect(read('0 < |x_{10}| < 1')).toEqual(union(iv('-(1)', true, '-(0)', true), iv('0', true, '1', true)));
    expect(read('0 < |\\alpha| < 1')).toEqual(union(iv('-(1)', true, '-(0)', true), iv('0', true, '1', true)));
  });

  it('refuses mixed directions, inequations in a chain and non-variable middles', () => {
    for (const s of [
      '1 < x > 0',
      '1 > x < 2',
      '1 < x \\ne 2',
      '1 \\ne x < 2',
      '1 < 2x < 3',
      '1 < |2z| < 3',
      '1 < 2|z| < 3',
      '1 < |z|^2 < 4',
    ])
      expect(read(s), s).toBeNull();
  });
});

describe('what is not an inequality', () => {
  it('needs a relation and text on each side of it', () => {
    for (const s of ['x = 3', '3', 'x < ', '< 3', 'x <', '1 < x <', '1 < < 2']) expect(read(s), s).toBeNull();
  });

  it('does not read commands that start like a relation', () => {
    for (const s of ['x \\leftarrow 3', 'x \\neg 3', 'x \\geqq 3', 'x \\ltimes 3', 'x \\gtrsim 3'])
      expect(read(s), s).toBeNull();
  });

  it('refuses chains of three relations or more', () => {
    expect(read('0 < x < 1 < 2')).toBeNull();
    expect(read('0 < x < 1 < 2 < 3')).toBeNull();
  });
});
