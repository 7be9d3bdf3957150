import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExpressionError, evaluate, parseExpression, variablesOf } from './expression.js';

const calc = (src: string, vars: Record<string, number> = {}) => evaluate(parseExpression(src), vars);

describe('calculate_output expressions', () => {
  it('evaluates the OpenAI guide example', () => {
    const vars = { math_correctness: 1, uses_formula: 0.5, step_count: 0.2 };
    expect(calc('0.7 * math_correctness + 0.2 * uses_formula + 0.1 * step_count', vars)).toBeCloseTo(0.82, 12);
  });

  it('follows precedence: ^ right-associative and above unary minus', () => {
    expect(calc('1 + 2 * 3')).toBe(7);
    expect(calc('(1 + 2) * 3')).toBe(9);
    expect(calc('2 ^ 3 ^ 2')).toBe(512);
    expect(calc('-2 ^ 2')).toBe(-4);
    expect(calc('2 ** -1')).toBe(0.5);
    expect(calc('10 / 4 - 1')).toBe(1.5);
    expect(calc('--3')).toBe(3);
    expect(calc('1e-2 + .5')).toBeCloseTo(0.51, 12);
  });

  it('calls the allowed functions', () => {
    expect(calc('min(a, b, 0.3)', { a: 0.5, b: 0.4 })).toBe(0.3);
    expect(calc('max(a, 2)', { a: 1 })).toBe(2);
    expect(calc('abs(-2) + floor(1.7) + ceil(1.2) + round(2.5)')).toBe(8);
    expect(calc('sqrt(16) + log(exp(2))')).toBe(6);
  });

  it('lists variables in first-use order', () => {
    expect(variablesOf(parseExpression('b * 2 + a - b + min(c, a)'))).toEqual(['b', 'a', 'c']);
  });

  it('rejects bad syntax with a position', () => {
    const bad: Array<[string, RegExp]> = [
      ['1 +', /expected a number.*position 3/],
      ['(1 + 2', /expected "\)"/],
      ['1 2', /unexpected "2"/],
      ['a; b', /unexpected character ";" at position 1/],
      ['foo(1)', /unknown function "foo"/],
      ['constructor(1)', /unknown function "constructor"/],
      ['abs(1, 2)', /takes 1 argument/],
      ['min()', /at least 1 argument/],
      ['x.y', /unexpected character "\."|unexpected/],
      ['"a"', /unexpected character/],
      ['', /the end/],
    ];
    for (const [src, re] of bad) expect(() => parseExpression(src), src).toThrow(re);
  });

  it('never evaluates code and never resolves names outside the variables', () => {
    expect(() => calc('process')).toThrow(/unbound variable "process"/);
    expect(() => calc('__proto__', {})).toThrow(/unbound/);
    expect(() => parseExpression('this.constructor')).toThrow(ExpressionError);
  });

  it('bounds nesting and length instead of overflowing the stack', () => {
    expect(() => parseExpression(`${'('.repeat(3000)}1${')'.repeat(3000)}`)).toThrow(/nested deeper/);
    expect(() => parseExpression(`${'-'.repeat(5000)}1`)).toThrow(/nested deeper/);
    expect(calc(Array.from({ length: 4000 }, () => '1').join('+'))).toBe(4000);
    expect(() => parseExpression('1+'.repeat(6000) + '1')).toThrow(/longer than/);
  });

  it('throws only ExpressionError on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (src) => {
        try {
          parseExpression(src);
        } catch (err) {
          expect(err).toBeInstanceOf(ExpressionError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with JavaScript arithmetic on random formulas', () => {
    const leaf = fc.oneof(fc.integer({ min: 0, max: 9 }).map(String), fc.constantFrom('a', 'b'));
    const formula = fc.letrec<{ e: string }>((tie) => ({
      e: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '/'), tie('e')).map(([l, op, r]) => `(${l} ${op} ${r})`),
      ),
    })).e;
    fc.assert(
      fc.property(
        formula,
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: -5, max: 5, noNaN: true }),
        (src, a, b) => {
          // Reference: the same fully parenthesised formula evaluated by JS with the same variables.
          const expected = new Function('a', 'b', `return ${src};`)(a, b) as number;
          const got = calc(src, { a, b });
          if (Number.isNaN(expected)) expect(got).toBeNaN();
          else expect(got).toBe(expected);
        },
      ),
      { numRuns: 500 },
    );
  });
});
