import { describe, expect, it } from 'vitest';
import type { FastExpr } from './fast-eval.js';
import { fastJudge, type JudgeOptions, roundedVerdict } from './fast-judge.js';

const EXACT: JudgeOptions = { tolerance: 1e-9, rounding: 'exact' };
const DIGITS: JudgeOptions = { tolerance: 1e-9, rounding: 'match-digits' };
const FLOAT: JudgeOptions = { tolerance: 1e-9, rounding: 'float-rounding' };
// The decimal side's value is the literal's own.
const rv = (tex: string, other: number, opts: JudgeOptions) =>
  roundedVerdict(tex, Number(tex.replace(/\s+/g, '')), other, opts);

describe('roundedVerdict', () => {
  it('matches a decimal to a value that rounds to it at its own number of places', () => {
    // sqrt 2 = 1.41421..., so 1.414 and 1.4142 are roundings of it and 1.415, 1.42 are not.
    expect(rv('1.414', Math.SQRT2, DIGITS)).toEqual({ equal: true, rule: 'rounded-decimal' });
    expect(rv('1.4142', Math.SQRT2, DIGITS)).toEqual({ equal: true, rule: 'rounded-decimal' });
    expect(rv('1.415', Math.SQRT2, DIGITS)).toEqual({ equal: false, rule: 'numeric' });
    expect(rv('1.42', Math.SQRT2, DIGITS)).toEqual({ equal: false, rule: 'numeric' });
    expect(rv('1.4', Math.SQRT2, DIGITS)).toEqual({ equal: true, rule: 'rounded-decimal' });
    expect(rv('1.5', Math.SQRT2, DIGITS)).toEqual({ equal: false, rule: 'numeric' });
    // Spaces inside the literal do not change its places; the decimal may be below the value.
    expect(rv('3.1 4', Math.PI, DIGITS)).toEqual({ equal: true, rule: 'rounded-decimal' });
    expect(rv('3.1 5', Math.PI, DIGITS)).toEqual({ equal: false, rule: 'numeric' });
    expect(rv('-3.14', -Math.PI, DIGITS)).toEqual({ equal: true, rule: 'rounded-decimal' });
  });

  it('accepts a tie in the last place either way (1/4 to one place is 0.2 or 0.3)', () => {
    expect(rv('0.2', 0.25, DIGITS)).toEqual({ equal: true, rule: 'rounded-decimal' });
    expect(rv('0.3', 0.25, DIGITS)).toEqual({ equal: true, rule: 'rounded-decimal' });
    expect(rv('0.1', 0.25, DIGITS)).toEqual({ equal: false, rule: 'numeric' });
  });

  it('under exact rounding, rejects a decimal that is not a rounding and leaves a rounding to the CAS', () => {
    expect(rv('1.414', Math.SQRT2, EXACT)).toBeNull();
    expect(rv('1.415', Math.SQRT2, EXACT)).toEqual({ equal: false, rule: 'numeric' });
  });

  it('under float-rounding, compares both sides rounded to 6 places (or the places asked for)', () => {
    // Math-Verify's float_rounding: round(x, 6) on both sides.
    const third = 1 / 3;
    expect(rv('0.333333', third, FLOAT)).toEqual({ equal: true, rule: 'float-rounding' });
    expect(rv('0.3333333', third, FLOAT)).toEqual({ equal: true, rule: 'float-rounding' });
    expect(rv('0.3333', third, FLOAT)).toEqual({ equal: false, rule: 'float-rounding' });
    expect(rv('0.33', third, { ...FLOAT, floatRounding: 2 })).toEqual({
      equal: true,
      rule: 'float-rounding',
    });
    expect(rv('0.34', third, { ...FLOAT, floatRounding: 2 })).toEqual({
      equal: false,
      rule: 'float-rounding',
    });
  });
});

describe('fast judge on constants', () => {
  const judge = fastJudge(EXACT);

  it('calls the same text equal, ignoring spaces and braces around one character', () => {
    expect(judge.scalar('x + 1', 'x+1')).toEqual({ equal: true, rule: 'string' });
    expect(judge.scalar('\\frac{1}{2}', '\\frac12')).toEqual({ equal: true, rule: 'string' });
  });

  it('leaves what it cannot parse to the CAS', () => {
    expect(judge.scalar('\\arcsin x', 'x')).toBeNull();
    expect(judge.scalar('2', '\\sec 1')).toBeNull();
  });

  it('decides exact rationals exactly, naming plain numbers apart', () => {
    expect(judge.scalar('2', '3')).toEqual({ equal: false, rule: 'number' });
    expect(judge.scalar('0.5', '0.50')).toEqual({ equal: true, rule: 'number' });
    expect(judge.scalar('\\frac{2}{4}', '\\frac{1}{2}')).toEqual({ equal: true, rule: 'exact' });
    expect(judge.scalar('0.5', '\\frac{1}{2}')).toEqual({ equal: true, rule: 'exact' });
    expect(judge.scalar('\\frac{1}{3}+\\frac{1}{6}', '0.5')).toEqual({ equal: true, rule: 'exact' });
    expect(judge.scalar('\\frac{1}{3}', '0.3333')).toEqual({ equal: false, rule: 'exact' });
    expect(judge.scalar('\\frac{1}{3}', '0.5')).toEqual({ equal: false, rule: 'exact' });
    expect(judge.scalar('0.1+0.2', '0.3')).toEqual({ equal: true, rule: 'exact' });
  });

  it('matches a rounded decimal to a rational only under match-digits or float-rounding, on either side', () => {
    const digits = fastJudge(DIGITS);
    expect(digits.scalar('\\frac{1}{3}', '0.333')).toEqual({ equal: true, rule: 'rounded-decimal' });
    expect(digits.scalar('0.333', '\\frac{1}{3}')).toEqual({ equal: true, rule: 'rounded-decimal' });
    expect(digits.scalar('\\frac{2}{3}', '0.667')).toEqual({ equal: true, rule: 'rounded-decimal' });
    expect(digits.scalar('\\frac{2}{3}', '0.666')).toEqual({ equal: false, rule: 'numeric' });
    expect(digits.scalar('\\frac{1}{3}', '0.334')).toEqual({ equal: false, rule: 'numeric' });
    // Two decimals are compared exactly: 0.33 and 0.333 are different numbers.
    expect(digits.scalar('0.33', '0.333')).toEqual({ equal: false, rule: 'number' });
    expect(fastJudge(FLOAT).scalar('\\frac{1}{3}', '0.333333')).toEqual({ equal: true, rule: 'float-rounding' });
    expect(fastJudge(FLOAT).scalar('\\frac{1}{3}', '0.333')).toEqual({ equal: false, rule: 'float-rounding' });
  });

  it('never calls an overflowed value equal', () => {
    // e^1000 overflows a double: its float says nothing about either side.
    expect(judge.scalar('e^{1000}', 'e^{1000}+1')).toEqual({ equal: false, rule: 'precision-loss' });
    expect(judge.scalar('2', 'e^{1000}')).toEqual({ equal: false, rule: 'precision-loss' });
  });

  it('equates infinity only with the same infinity, and never with a finite rational', () => {
    expect(judge.scalar('\\infty', '2\\infty')).toEqual({ equal: true, rule: 'infinity' });
    expect(judge.scalar('\\infty', '-\\infty')).toEqual({ equal: false, rule: 'infinity' });
    expect(judge.scalar('-\\infty', '\\infty')).toEqual({ equal: false, rule: 'infinity' });
    // 10^400 is finite (an exact rational whose float overflowed, so it proves nothing by evaluation).
    expect(judge.scalar('\\infty', '10^{400}')).toEqual({ equal: false, rule: 'precision-loss' });
    expect(judge.scalar('10^{400}', '\\infty')).toEqual({ equal: false, rule: 'precision-loss' });
    expect(judge.scalar('\\infty', '\\pi')).toEqual({ equal: false, rule: 'infinity' });
    expect(judge.scalar('\\pi', '\\infty')).toEqual({ equal: false, rule: 'infinity' });
    expect(judge.scalar('2', '\\infty')).toEqual({ equal: false, rule: 'infinity' });
  });

  it('leaves undefined real values to the CAS', () => {
    expect(judge.scalar('\\ln(-1)', '1')).toBeNull();
    expect(judge.scalar('\\pi', '\\ln(-1)')).toBeNull();
  });

  it('decides irrational constants by float when they clearly differ or agree to float noise', () => {
    expect(judge.scalar('\\pi', '\\sqrt{10}')).toEqual({ equal: false, rule: 'numeric' });
    expect(judge.scalar('\\sqrt{2}\\cdot\\sqrt{3}', '\\sqrt{6}')).toEqual({ equal: true, rule: 'numeric' });
    expect(judge.scalar('\\sin 1', '1')).toEqual({ equal: false, rule: 'numeric' });
    expect(judge.scalar('1', '\\sqrt{2}')).toEqual({ equal: false, rule: 'numeric' });
    expect(judge.scalar('2\\pi', '\\pi+\\pi')).toEqual({ equal: true, rule: 'numeric' });
  });

  it('does not call values equal that differ beyond float noise, however little', () => {
    // pi + 10^-12 and pi are within the 1e-9 tolerance but are different numbers.
    expect(judge.scalar('\\pi+10^{-12}', '\\pi')).toBeNull();
    expect(judge.scalar('\\pi', '\\pi+10^{-12}')).toBeNull();
  });

  it('never calls pi equal to a truncated decimal inside an expression', () => {
    // 3.14159265358979 differs from pi by 3e-15, within float noise of it.
    expect(judge.scalar('\\pi', '3.14159265358979\\cdot 1')?.equal).not.toBe(true);
    expect(judge.scalar('3.14159265358979\\cdot 1', '\\pi')?.equal).not.toBe(true);
    expect(judge.scalar('\\frac{\\pi}{2}', '0.5\\pi')).toBeNull();
  });

  it('compares a pure decimal with an irrational as a rounding', () => {
    expect(judge.scalar('\\pi', '3.14')).toBeNull();
    expect(judge.scalar('\\pi', '3.15')).toEqual({ equal: false, rule: 'numeric' });
    expect(judge.scalar('3.15', '\\pi')).toEqual({ equal: false, rule: 'numeric' });
    expect(fastJudge(DIGITS).scalar('\\pi', '3.14')).toEqual({ equal: true, rule: 'rounded-decimal' });
    expect(fastJudge(DIGITS).scalar('3.14', '\\pi')).toEqual({ equal: true, rule: 'rounded-decimal' });
    expect(fastJudge(DIGITS).scalar('3.1416', '\\pi')).toEqual({ equal: true, rule: 'rounded-decimal' });
  });

  it('near zero, calls equal only identical floats and leaves the rest to the CAS', () => {
    // sin(pi) is 0 exactly; its float is 1.2e-16.
    expect(judge.scalar('\\sin(\\pi)', '0')?.equal).not.toBe(false);
    expect(judge.scalar('0', '\\sin(\\pi)')?.equal).not.toBe(false);
    expect(judge.scalar('10^{-13}\\pi', '\\pi\\cdot 10^{-13}')).toEqual({ equal: true, rule: 'numeric' });
    // Both near zero but different (one twice the other).
    expect(judge.scalar('10^{-13}\\pi', '2\\cdot 10^{-13}\\pi')?.equal).not.toBe(true);
    // One side near zero, the other not: clearly different.
    expect(judge.scalar('\\sin(\\pi)', '1')).toEqual({ equal: false, rule: 'numeric' });
    expect(judge.scalar('1', '\\sin(\\pi)')).toEqual({ equal: false, rule: 'numeric' });
  });
});

describe('fast judge with variables and equations', () => {
  const judge = fastJudge(EXACT);

  it('compares expressions at sample points', () => {
    expect(judge.scalar('(x+1)^2', 'x^2+2x+1')).toEqual({ equal: true, rule: 'random-points' });
    expect(judge.scalar('x+y', 'y+x+1')).toEqual({ equal: false, rule: 'random-points' });
    // A variable on one side only still samples it.
    expect(judge.scalar('2', 'x+2-x')).toEqual({ equal: true, rule: 'random-points' });
  });

  it('compares equations up to a non-zero factor', () => {
    expect(judge.equation(['y', '2x+1'], ['2y', '4x+2'])).toEqual({ equal: true, rule: 'equation' });
    expect(judge.equation(['y', '2x+1'], ['y', '2x-1'])).toEqual({ equal: false, rule: 'equation' });
    // x - y = 0 is y = x, with the sides of the difference grouped.
    expect(judge.equation(['x', 'y'], ['x-y', '0'])).toEqual({ equal: true, rule: 'equation' });
    expect(judge.equation(['x', 'y+1'], ['x-y', '1'])).toEqual({ equal: true, rule: 'equation' });
  });

  it('leaves equations without variables or that it cannot parse to the CAS', () => {
    expect(judge.equation(['1', '1'], ['2', '2'])).toBeNull();
    expect(judge.equation(['1', '2'], ['3', '4'])).toBeNull();
    expect(judge.equation(['\\arcsin x', '0'], ['x', '0'])).toBeNull();
    expect(judge.equation(['x', '0'], ['\\arcsin x', '0'])).toBeNull();
  });
});

describe('fast judge parse cache', () => {
  it('gives the same verdicts with a cache, and keeps parses and failed parses in it', () => {
    const cache = new Map<string, FastExpr | null>();
    const judge = fastJudge(EXACT, cache);
    for (let i = 0; i < 2; i++) {
      expect(judge.scalar('(x+1)^2', 'x^2+2x+1')).toEqual({ equal: true, rule: 'random-points' });
      expect(judge.scalar('\\frac{1}{3}', '0.3333')).toEqual({ equal: false, rule: 'exact' });
      expect(judge.scalar('\\arcsin x', 'x')).toBeNull();
      expect(judge.equation(['y', 'x'], ['x-y', '0'])).toEqual({ equal: true, rule: 'equation' });
    }
    expect(cache.get('(x+1)^2')?.vars).toEqual(['x']);
    expect(cache.has('\\arcsin x')).toBe(true);
    expect(cache.get('\\arcsin x')).toBeNull();
  });

  it('uses what is in the cache', () => {
    // A cached parse of another expression stands in for the text: the cache is what is read.
    const cache = new Map<string, FastExpr | null>();
    const judge = fastJudge(EXACT, cache);
    judge.scalar('x', '0');
    cache.set('A', cache.get('x') as FastExpr);
    cache.set('B', null);
    expect(judge.scalar('A', 'x + 0')).toEqual({ equal: true, rule: 'random-points' });
    expect(judge.scalar('x', 'B')).toBeNull();
  });

  it('empties the cache once it holds more than 10,000 parses', () => {
    const cache = new Map<string, FastExpr | null>();
    for (let i = 0; i <= 10_000; i++) cache.set(`k${i}`, null);
    fastJudge(EXACT, cache).scalar('x+1', '1+x');
    expect(cache.size).toBeLessThanOrEqual(2);
    expect(cache.has('x+1')).toBe(true);
  });
});

describe('fast judge on large exact powers', () => {
  it('keeps powers exact up to the 4096-bit limit, so equal ones are equal', () => {
    // All are 2^4000 (4001 bits), or 17^1000 (4088 bits).
    const judge = fastJudge(EXACT);
    expect(judge.scalar('16^{1000}', '256^{500}')).toEqual({ equal: true, rule: 'exact' });
    expect(judge.scalar('16^{1000}', '2^{1000}\\cdot 2^{1000}\\cdot 2^{1000}\\cdot 2^{1000}')).toEqual({
      equal: true,
      rule: 'exact',
    });
    expect(judge.scalar('17^{1000}', '17^{999}\\cdot 17')).toEqual({ equal: true, rule: 'exact' });
    expect(judge.scalar('17^{1000}', '17^{1000}+1')).toEqual({ equal: false, rule: 'exact' });
    // Roots of exact values past a double's range (10^400) are taken exactly; they threw a RangeError.
    expect(judge.scalar('\\sqrt{10^{400}}', '10^{200}')).toEqual({ equal: true, rule: 'exact' });
    expect(judge.scalar('(10^{400})^{1/2}', '10^{200}')).toEqual({ equal: true, rule: 'exact' });
    expect(judge.scalar('\\sqrt[3]{10^{600}}', '10^{200}+1')).toEqual({ equal: false, rule: 'exact' });
  });
});
