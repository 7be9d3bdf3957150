import { describe, expect, it } from 'vitest';
import { ENOUGH, pointsVerdict, proportionalVerdict, sampleAgreement, samplePoints } from './points.js';

const f = (fn: (x: number) => number) => (env: Map<string, number>) => ({ f: fn(env.get('x') as number) });

describe('sample-point verdicts', () => {
  it('never calls two functions equal when one is undefined where the other is not (domain mismatch)', () => {
    // ln x vs ln|x|, sqrt x vs sqrt|x|: equal wherever both are defined, different functions.
    expect(
      pointsVerdict(
        f(Math.log),
        f((x) => Math.log(Math.abs(x))),
        ['x'],
        1e-9,
      ),
    ).toBeNull();
    expect(
      pointsVerdict(
        f(Math.sqrt),
        f((x) => Math.sqrt(Math.abs(x))),
        ['x'],
        1e-9,
      ),
    ).toBeNull();
    // The same domain on both sides is fine.
    expect(pointsVerdict(f(Math.sqrt), f(Math.sqrt), ['x'], 1e-9)).toEqual({ equal: true, rule: 'random-points' });
  });

  it('samples negative points, so sqrt(x^2) and x differ', () => {
    expect(samplePoints(['x']).some((env) => (env.get('x') as number) < 0)).toBe(true);
    expect(
      pointsVerdict(
        f((x) => Math.sqrt(x * x)),
        f((x) => x),
        ['x'],
        1e-9,
      ),
    ).toEqual({
      equal: false,
      rule: 'random-points',
    });
  });

  it('proves nothing from lossy values: an overflowing side is unequal, never equal', () => {
    const lossy = () => ({ f: 0, lossy: true as const });
    expect(pointsVerdict(lossy, lossy, ['x'], 1e-9)).toEqual({ equal: false, rule: 'precision-loss' });
    expect(
      pointsVerdict(
        f((x) => x),
        lossy,
        ['x'],
        1e-9,
      ),
    ).toEqual({ equal: false, rule: 'precision-loss' });
    expect(
      proportionalVerdict(
        f((x) => x),
        lossy,
        ['x'],
        1e-9,
      ),
    ).toEqual({ equal: false, rule: 'precision-loss' });
  });

  it('requires agreement to float noise, not just the tolerance', () => {
    expect(
      pointsVerdict(
        f((x) => x * x),
        f((x) => x * x + 1e-11),
        ['x'],
        1e-9,
      ),
    ).toBeNull();
    expect(
      pointsVerdict(
        f((x) => x * x),
        f((x) => x * x + 1e-3),
        ['x'],
        1e-9,
      ),
    ).toEqual({
      equal: false,
      rule: 'random-points',
    });
  });

  it('searches the shared domain when the fixed points miss it (arcsin, sqrt(x - 5), narrow intervals)', () => {
    const asin = (k: number, c = 0) => f((x) => Math.asin(k * x + c));
    // asin(5x) vs asin(x): real together only for |x| <= 1/5, where they differ.
    expect(pointsVerdict(asin(1), asin(5), ['x'], 1e-9)).toEqual({ equal: false, rule: 'random-points' });
    expect(
      pointsVerdict(
        asin(1000),
        f((x) => 1000 * x),
        ['x'],
        1e-9,
      ),
    ).not.toEqual({ equal: true, rule: 'random-points' });
    // The same function with a domain inside [-1/5, 1/5] or [-4, -2] is found equal there.
    expect(pointsVerdict(asin(5), asin(5), ['x'], 1e-9)).toEqual({ equal: true, rule: 'random-points' });
    expect(pointsVerdict(asin(1, 3), asin(1, 3), ['x'], 1e-9)).toEqual({ equal: true, rule: 'random-points' });
    // asin(x + 3) vs asin(x + 4) share only [-4, -3].
    expect(pointsVerdict(asin(1, 3), asin(1, 4), ['x'], 1e-9)).toEqual({ equal: false, rule: 'random-points' });
    const sqrtShift = (c: number) => f((x) => Math.sqrt(x - c));
    expect(pointsVerdict(sqrtShift(5), sqrtShift(6), ['x'], 1e-9)).toEqual({ equal: false, rule: 'random-points' });
    expect(sampleAgreement(sqrtShift(5), sqrtShift(5), ['x'], 1e-9).valid).toBeGreaterThanOrEqual(ENOUGH);
  });

  it('confirms nothing where the two sides are never finite together', () => {
    const none = sampleAgreement(
      f((x) => Math.sqrt(-1 - x * x)),
      f((x) => Math.sqrt(-2 - x * x)),
      ['x'],
      1e-9,
    );
    expect(none).toEqual({ verdict: null, valid: 0 });
  });
});
