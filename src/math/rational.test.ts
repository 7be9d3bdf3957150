import { describe, expect, it } from 'vitest';
import {
  add,
  decimalDigits,
  div,
  exactRoot,
  mul,
  parseDecimal,
  powInt,
  type Rational,
  rat,
  ratEqual,
  sub,
  toNumber,
} from './rational.js';

const q = (n: number | bigint, d: number | bigint = 1): Rational => rat(BigInt(n), BigInt(d)) as Rational;

describe('rat: lowest terms, positive denominator', () => {
  it('reduces by the gcd whatever the signs', () => {
    expect(rat(6n, 8n)).toEqual({ n: 3n, d: 4n });
    expect(rat(6n, -8n)).toEqual({ n: -3n, d: 4n });
    expect(rat(-6n, 8n)).toEqual({ n: -3n, d: 4n });
    expect(rat(-6n, -8n)).toEqual({ n: 3n, d: 4n });
    expect(rat(7n, 5n)).toEqual({ n: 7n, d: 5n });
    expect(rat(5n)).toEqual({ n: 5n, d: 1n });
    expect(rat(-12n, 4n)).toEqual({ n: -3n, d: 1n });
  });

  it('writes zero as 0/1 and refuses a zero denominator', () => {
    expect(rat(0n, 5n)).toEqual({ n: 0n, d: 1n });
    expect(rat(0n, -5n)).toEqual({ n: 0n, d: 1n });
    expect(rat(1n, 0n)).toBeNull();
    expect(rat(0n, 0n)).toBeNull();
  });

  it('keeps numbers up to 4096 bits and refuses larger ones, on either side and with either sign', () => {
    const big = 2n ** 4095n; // 4096 bits
    const over = 2n ** 4096n; // 4097 bits
    expect(rat(big)?.n).toBe(big);
    expect(rat(-big)?.n).toBe(-big);
    expect(rat(1n, big)?.d).toBe(big);
    expect(rat(1n, -big)).toEqual({ n: -1n, d: big });
    expect(rat(over)).toBeNull();
    expect(rat(-over)).toBeNull();
    expect(rat(1n, over)).toBeNull();
    // Reduced first: over/2 has 4096 bits.
    expect(rat(over, 2n)?.n).toBe(big);
  });
});

describe('arithmetic', () => {
  it('adds, subtracts, multiplies and divides exactly', () => {
    expect(add(q(1, 3), q(1, 6))).toEqual(q(1, 2));
    expect(add(q(1, 2), q(-1, 2))).toEqual(q(0));
    expect(sub(q(1, 2), q(1, 3))).toEqual(q(1, 6));
    expect(sub(q(1, 3), q(1, 2))).toEqual(q(-1, 6));
    expect(mul(q(2, 3), q(3, 4))).toEqual(q(1, 2));
    expect(mul(q(-2, 5), q(5, 7))).toEqual(q(-2, 7));
    expect(div(q(1, 2), q(1, 4))).toEqual(q(2));
    expect(div(q(2, 3), q(-4, 9))).toEqual(q(-3, 2));
    expect(div(q(1), q(0))).toBeNull();
  });

  it('compares numerator and denominator both', () => {
    expect(ratEqual(q(1, 2), q(2, 4))).toBe(true);
    expect(ratEqual(q(1, 2), q(1, 3))).toBe(false);
    expect(ratEqual(q(1, 3), q(2, 3))).toBe(false);
    expect(ratEqual(q(1, 2), q(-1, 2))).toBe(false);
  });

  it('converts to a float', () => {
    expect(toNumber(q(1, 4))).toBe(0.25);
    expect(toNumber(q(-7, 2))).toBe(-3.5);
  });
});

describe('powInt', () => {
  it('raises to integer powers, negative ones inverting', () => {
    expect(powInt(q(2, 3), 3)).toEqual(q(8, 27));
    expect(powInt(q(2, 3), -2)).toEqual(q(9, 4));
    expect(powInt(q(-2), -3)).toEqual(q(-1, 8));
    expect(powInt(q(-2), 3)).toEqual(q(-8));
    expect(powInt(q(5, 7), 0)).toEqual(q(1));
    expect(powInt(q(5, 7), 1)).toEqual(q(5, 7));
    expect(powInt(q(0), -1)).toBeNull(); // 1/0
  });

  it('takes only integer exponents of size at most 1024', () => {
    expect(powInt(q(4), 0.5)).toBeNull();
    expect(powInt(q(1), 1024)).toEqual(q(1));
    expect(powInt(q(1), -1024)).toEqual(q(1));
    expect(powInt(q(1), 1025)).toBeNull();
    expect(powInt(q(1), -1025)).toBeNull();
  });

  it('computes results up to the size limit and refuses beyond it', () => {
    expect(powInt(q(2), 1024)).toEqual(q(2n ** 1024n));
    expect(powInt(q(1, 2), 1024)).toEqual(q(1, 2n ** 1024n));
    expect(powInt(q(1, 2), -1024)).toEqual(q(2n ** 1024n));
    expect(powInt(q(10), 1000)?.n).toBe(10n ** 1000n);
    // 16^1000 = 2^4000 and 17^1000 (4088 bits) fit; 16^1024 = 2^4096 has 4097 bits.
    expect(powInt(q(16), 1000)).toEqual(q(2n ** 4000n));
    expect(powInt(q(17), 1000)).toEqual(q(17n ** 1000n));
    expect(powInt(q(-17), 1000)).toEqual(q(17n ** 1000n));
    expect(powInt(q(1, 17), -1000)).toEqual(q(17n ** 1000n));
    expect(powInt(q(1, 17), 1000)).toEqual(q(1, 17n ** 1000n));
    expect(powInt(q(16), 1024)).toBeNull();
    expect(powInt(q(1, 16), 1024)).toBeNull();
    expect(powInt(q(2n ** 1024n), 4)).toBeNull();
    expect(powInt(q(1, 2n ** 1024n), 4)).toBeNull();
    expect(powInt(q(2n ** 4000n), 1000)).toBeNull();
    expect(powInt(q(1, 2n ** 4000n), -1000)).toBeNull();
    expect(powInt(q(10), 2000)).toBeNull();
  });
});

describe('exactRoot', () => {
  it('takes exact roots of numerator and denominator', () => {
    expect(exactRoot(q(9, 4), 2)).toEqual(q(3, 2));
    expect(exactRoot(q(-27), 3)).toEqual(q(-3));
    expect(exactRoot(q(-8, 27), 3)).toEqual(q(-2, 3));
    expect(exactRoot(q(16, 81), 4)).toEqual(q(2, 3));
    expect(exactRoot(q(32), 5)).toEqual(q(2));
    expect(exactRoot(q(0), 2)).toEqual(q(0));
    expect(exactRoot(q(1), 3)).toEqual(q(1));
    expect(exactRoot(q(1, 4), 2)).toEqual(q(1, 2));
  });

  it('returns null without an exact rational root', () => {
    expect(exactRoot(q(2), 2)).toBeNull();
    expect(exactRoot(q(3), 2)).toBeNull();
    expect(exactRoot(q(4, 3), 2)).toBeNull();
    expect(exactRoot(q(2), 3)).toBeNull();
    expect(exactRoot(q(8, 2), 3)).toBeNull(); // 8/2 = 4
    expect(exactRoot(q(-4), 2)).toBeNull(); // no real even root of a negative
    expect(exactRoot(q(-1), 4)).toBeNull();
  });

  it('finds roots past float precision exactly (Newton on integers)', () => {
    expect(exactRoot(q(10n ** 40n), 2)).toEqual(q(10n ** 20n));
    const r = 10n ** 20n + 7n; // its square's float root rounds off the +7
    expect(exactRoot(q(r * r), 2)).toEqual(q(r));
    expect(exactRoot(q(1, r * r), 2)).toEqual(q(1, r));
    expect(exactRoot(q(-(r ** 3n)), 3)).toEqual(q(-r));
    expect(exactRoot(q(r * r + 1n), 2)).toBeNull();
    expect(exactRoot(q(r * r - 1n), 2)).toBeNull();
    const s = 2n ** 70n + 3n;
    expect(exactRoot(q(s ** 3n), 3)).toEqual(q(s));
    expect(exactRoot(q(s ** 3n + 1n), 3)).toBeNull();
    // Near the 4096-bit limit: Newton from a power of two just above the root.
    const u = 2n ** 2047n + 1n;
    expect(exactRoot(q(u * u), 2)).toEqual(q(u));
    expect(exactRoot(q(u * u - 2n), 2)).toBeNull();
    const w = 2n ** 1300n + 5n;
    expect(exactRoot(q(w ** 3n), 3)).toEqual(q(w));
  });
});

describe('parseDecimal', () => {
  it('parses plain decimal literals exactly', () => {
    expect(parseDecimal('12')).toEqual(q(12));
    expect(parseDecimal('-3.50')).toEqual(q(-7, 2));
    expect(parseDecimal('+2.5')).toEqual(q(5, 2));
    expect(parseDecimal('3.')).toEqual(q(3));
    expect(parseDecimal('.5')).toEqual(q(1, 2));
    expect(parseDecimal('-.25')).toEqual(q(-1, 4));
    expect(parseDecimal('+.125')).toEqual(q(1, 8));
    expect(parseDecimal('-0.125')).toEqual(q(-1, 8));
    expect(parseDecimal('0.1')).toEqual(q(1, 10));
    expect(parseDecimal('007')).toEqual(q(7));
  });

  it('refuses anything else', () => {
    for (const t of ['', '1e5', ' 1', '1 ', '1.2.3', 'a', '-', '.', '1,5', '--1', 'x1', '1x', '.5x', 'x.5'])
      expect(parseDecimal(t), t).toBeNull();
  });

  it('takes at most 1000 digits (a cap, to keep parsing cheap)', () => {
    expect(parseDecimal('1'.repeat(1000))).toEqual(q(BigInt('1'.repeat(1000))));
    expect(parseDecimal(`${'1'.repeat(500)}.${'0'.repeat(499)}1`)?.d).toBe(10n ** 500n);
    expect(parseDecimal('1'.repeat(1001))).toBeNull();
    expect(parseDecimal(`${'1'.repeat(600)}.${'1'.repeat(600)}`)).toBeNull();
  });
});

describe('decimalDigits', () => {
  it('counts the digits after the point of a plain decimal', () => {
    expect(decimalDigits('3.14')).toBe(2);
    expect(decimalDigits('-0.125')).toBe(3);
    expect(decimalDigits('+1.5')).toBe(1);
    expect(decimalDigits('.50')).toBe(2);
  });

  it('is null for integers and anything that is not a plain decimal', () => {
    for (const t of ['12', '3.', '1.2e3', 'x3.14', '3.14x', '', '.', '1.2.3']) expect(decimalDigits(t), t).toBeNull();
  });
});
