import { describe, expect, it } from 'vitest';
import { pointsVerdict, proportionalVerdict, samplePoints } from './points.js';

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
});
