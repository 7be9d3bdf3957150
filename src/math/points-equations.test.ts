import { describe, expect, it } from 'vitest';
import { fastJudge } from './fast-judge.js';
import { close, pointsVerdict, proportionalVerdict } from './points.js';

const f = (fn: (x: number) => number) => (env: Map<string, number>) => ({ f: fn(env.get('x') as number) });
const EQUAL = { equal: true, rule: 'equation' };
const UNEQUAL = { equal: false, rule: 'equation' };

describe('close', () => {
  it('is within tol relative to the larger magnitude, bound included', () => {
    expect(close(1, 2, 0.5, 0)).toBe(true); // |1 - 2| = 0.5 * 2
    expect(close(1, 2, 0.49, 0)).toBe(false);
    expect(close(0, 1e-20, 1e-9, 1)).toBe(true); // floor 1: tiny differences near zero
    expect(close(0, 1e-20, 1e-9, 0)).toBe(false);
    expect(close(5, 5, 0, 0)).toBe(true);
  });

  it('is never true for a non-finite value, even against itself', () => {
    for (const [a, b] of [
      [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY],
      [1, Number.POSITIVE_INFINITY],
      [Number.NEGATIVE_INFINITY, 1],
      [Number.NaN, Number.NaN],
      [Number.NaN, 1],
      [1, Number.NaN],
    ])
      expect(close(a as number, b as number, 1, 1), `${a} ${b}`).toBe(false);
  });
});

describe('proportionalVerdict', () => {
  it('calls equations with proportional sides equal, skipping points where both are undefined', () => {
    expect(
      proportionalVerdict(
        f((x) => x - 1),
        f((x) => 3 - 3 * x),
        ['x'],
        1e-9,
      ),
    ).toEqual(EQUAL);
    // sqrt(x) = 1 and 2 sqrt(x) = 2: undefined together for x < 0.
    const s = f((x) => Math.sqrt(x) - 1);
    expect(
      proportionalVerdict(
        s,
        f((x) => 2 * Math.sqrt(x) - 2),
        ['x'],
        1e-9,
      ),
    ).toEqual(EQUAL);
  });

  it('needs at least 4 points where the sides are defined, and no more', () => {
    // sqrt(x - 1/2) is real at exactly 4 of the sample points (0.8123, 1.2913, 2.6457, 3.1891).
    const r = f((x) => Math.sqrt(x - 0.5) - 1);
    expect(
      proportionalVerdict(
        r,
        f((x) => 2 * Math.sqrt(x - 0.5) - 2),
        ['x'],
        1e-9,
      ),
    ).toEqual(EQUAL);
    expect(pointsVerdict(r, r, ['x'], 1e-9)).toEqual({ equal: true, rule: 'random-points' });
    const never = f((x) => Math.sqrt(-1 - x * x));
    expect(proportionalVerdict(never, never, ['x'], 1e-9)).toBeNull();
  });

  it('never calls equations with different domains equal', () => {
    // y = (sqrt x)^2 is the half-line x >= 0 of y = x; ln(x^2) is defined for x < 0, 2 ln x is not.
    const atY = (fn: (x: number) => number) => f((x) => 0.5 - fn(x));
    const half = atY((x) => Math.sqrt(x) ** 2);
    const line = atY((x) => x);
    // Undecided, as pointsVerdict leaves a domain mismatch (the CAS judge reads null as unequal).
    expect(proportionalVerdict(half, line, ['x'], 1e-9)).toBeNull();
    expect(proportionalVerdict(line, half, ['x'], 1e-9)).toBeNull();
    const judge = fastJudge({ tolerance: 1e-9, rounding: 'exact' });
    expect(judge.equation(['y', '(\\sqrt{x})^2'], ['y', 'x'])?.equal).not.toBe(true);
    expect(judge.equation(['y', '\\ln(x^2)'], ['y', '2\\ln x'])?.equal).not.toBe(true);
    expect(judge.equation(['y', '\\sqrt{x}'], ['2y', '2\\sqrt{x}'])).toEqual(EQUAL);
  });

  it('treats a side that is zero at a point where the other is not as a different equation', () => {
    // x = 0.4137 (a sample point) and 2x = 0.8274: both sides zero there, the same equation.
    expect(
      proportionalVerdict(
        f((x) => x - 0.4137),
        f((x) => 2 * x - 0.8274),
        ['x'],
        1e-9,
      ),
    ).toEqual(EQUAL);
    // x = 0.4137 and x = 0.4137 - 10^-11: different equations.
    expect(
      proportionalVerdict(
        f((x) => x - 0.4137),
        f((x) => x - 0.4137 + 1e-11),
        ['x'],
        1e-9,
      ),
    ).toEqual(UNEQUAL);
    expect(
      proportionalVerdict(
        f((x) => x - 0.4137 + 1e-11),
        f((x) => x - 0.4137),
        ['x'],
        1e-9,
      ),
    ).toEqual(UNEQUAL);
  });

  it('never calls an identity the same equation as one that holds at some points only', () => {
    // x = x (0 = 0 everywhere) against x = 1: a side that is zero at every point is no multiple of x - 1.
    const identity = f(() => 0);
    expect(
      proportionalVerdict(
        identity,
        f((x) => x - 1),
        ['x'],
        1e-9,
      ),
    ).toEqual(UNEQUAL);
    expect(
      proportionalVerdict(
        f((x) => x - 1),
        identity,
        ['x'],
        1e-9,
      ),
    ).toEqual(UNEQUAL);
  });

  it('allows float rounding in the ratio: x + 10^7 = 10^7 + 1 is x = 1', () => {
    // The sum rounds x to a multiple of 2^-29, so the ratio to x - 1 moves by about 1e-9 between points.
    expect(
      proportionalVerdict(
        f((x) => x - 1),
        f((x) => x + 1e7 - (1e7 + 1)),
        ['x'],
        1e-9,
      ),
    ).toEqual(EQUAL);
  });

  it('calls sides that are not proportional different', () => {
    expect(
      proportionalVerdict(
        f((x) => x - 1),
        f((x) => x - 2),
        ['x'],
        1e-9,
      ),
    ).toEqual(UNEQUAL);
    expect(
      proportionalVerdict(
        f((x) => x * x - 1),
        f((x) => x - 1),
        ['x'],
        1e-9,
      ),
    ).toEqual(UNEQUAL);
  });
});

describe('the wide scan on a narrow domain', () => {
  it('compares small values relative to their size, not to 1', () => {
    // Real only for |x| <= 2e-3 (no fixed point), where 1e-7 x and 2e-7 x differ by about 1e-10.
    const narrow = (c: number) => f((x) => c * x + 0 * Math.sqrt(4e-6 - x * x));
    expect(pointsVerdict(narrow(1e-7), narrow(2e-7), ['x'], 1e-9)).toEqual({ equal: false, rule: 'random-points' });
    expect(pointsVerdict(narrow(1e-7), narrow(1e-7), ['x'], 1e-9)).toEqual({ equal: true, rule: 'random-points' });
  });
});
