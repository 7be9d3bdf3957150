/** An exact rational n/d with d > 0 and gcd(n, d) = 1. */
export interface Rational {
  n: bigint;
  d: bigint;
}

const MAX_BITS = 4096;

/** A gcd up to sign: rat moves any sign to the numerator, so neither input needs its absolute value. */
function gcd(a: bigint, b: bigint): bigint {
  let x = a;
  let y = b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** n/d in lowest terms, or null for a zero denominator or a size past 4096 bits (left to the CAS). */
export function rat(n: bigint, d: bigint = 1n): Rational | null {
  if (d === 0n) return null;
  const g = gcd(n, d) || 1n;
  let num = n / g;
  let den = d / g;
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  if (bitLength(num) > MAX_BITS || bitLength(den) > MAX_BITS) return null;
  return { n: num, d: den };
}

function bitLength(x: bigint): number {
  const hex = (x < 0n ? -x : x).toString(16);
  // Exact: the leading hex digit holds 1 to 4 of the bits.
  return (hex.length - 1) * 4 + Number.parseInt(hex[0] as string, 16).toString(2).length;
}

export const add = (a: Rational, b: Rational) => rat(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Rational, b: Rational) => rat(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a: Rational, b: Rational) => rat(a.n * b.n, a.d * b.d);
export const div = (a: Rational, b: Rational) => rat(a.n * b.d, a.d * b.n);
export const ratEqual = (a: Rational, b: Rational) => a.n === b.n && a.d === b.d;

/** a^k for an integer k with |k| <= 1024; null when the result would be too large. */
export function powInt(a: Rational, k: number): Rational | null {
  if (!Number.isInteger(k) || Math.abs(k) > 1024) return null;
  // x with b bits is at least 2^(b-1), so x^k has at least (b-1)k + 1 bits: refused before computing it.
  const surelyTooLarge = (x: bigint) => (bitLength(x) - 1) * Math.abs(k) >= MAX_BITS;
  if (surelyTooLarge(a.n) || surelyTooLarge(a.d)) return null;
  const e = BigInt(Math.abs(k));
  return k >= 0 ? rat(a.n ** e, a.d ** e) : rat(a.d ** e, a.n ** e);
}

/** Exact integer k-th root of a rational when there is one (sqrt(9/4) = 3/2), else null. */
export function exactRoot(a: Rational, k: number): Rational | null {
  if (a.n < 0n && k % 2 === 0) return null;
  const rn = intRoot(a.n < 0n ? -a.n : a.n, k);
  const rd = intRoot(a.d, k);
  if (rn === null || rd === null) return null;
  return rat(a.n < 0n ? -rn : rn, rd);
}

/** The exact integer k-th root of x, or null: Newton on integers from 2^ceil(bits/k), which is above the root. */
function intRoot(x: bigint, k: number): bigint | null {
  if (x < 2n) return x;
  const K = BigInt(k);
  let guess = 1n << BigInt(Math.ceil(bitLength(x) / k));
  for (let i = 0; i < 4000; i++) {
    const next = ((K - 1n) * guess + x / guess ** (K - 1n)) / K;
    if (next >= guess) break;
    guess = next;
  }
  return guess ** K === x ? guess : null;
}

/** n/d as a double (±∞ or 0 past a double's range). */
export function toNumber(a: Rational): number {
  const f = Number(a.n) / Number(a.d);
  if (!Number.isNaN(f)) return f;
  // Both parts past a double's range (∞/∞ is NaN): drop the same low bits from each first.
  const shift = BigInt(Math.max(a.n.toString(2).length, a.d.toString(2).length) - 1000);
  return Number(a.n >> shift) / Number(a.d >> shift);
}

const PLAIN = /^([+-]?)(\d+)(?:\.(\d*))?$|^([+-]?)\.(\d+)$/;

/** Parses `12`, `-3.50`, `.5` exactly; anything else is null. */
export function parseDecimal(text: string): Rational | null {
  const m = PLAIN.exec(text);
  if (!m) return null;
  const sign = (m[1] ?? m[4]) === '-' ? -1n : 1n;
  const whole = m[2] ?? '0';
  const frac = m[3] ?? m[5] ?? '';
  if (whole.length + frac.length > 1000) return null;
  return rat(sign * BigInt(whole + frac), 10n ** BigInt(frac.length));
}

/** Number of digits after the decimal point of a plain decimal literal, or null if it has none. */
export function decimalDigits(text: string): number | null {
  const m = /^[+-]?\d*\.(\d+)$/.exec(text);
  return m ? (m[1] as string).length : null;
}
