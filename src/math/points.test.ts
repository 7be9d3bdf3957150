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

// max(0, min(x - a, b - x)): zero outside (a, b), positive inside.
const bump = (x: number, a: number, b: number) => Math.max(0, Math.min(x - a, b - x));
const xy = (fn: (x: number, y: number) => number) => (env: Map<string, number>) => ({
  f: fn(env.get('x') as number, env.get('y') as number),
});
const EQUAL = { equal: true, rule: 'random-points' };
const UNEQUAL = { equal: false, rule: 'random-points' };

describe('where the sample points reach', () => {
  it('sees a difference that exists only on one unit-wide stretch of the negative axis', () => {
    for (const a of [-3, -2.5, -2, -1.5, -1]) {
      const g = f((x) => x + bump(x, a, a + 1));
      expect(
        pointsVerdict(
          f((x) => x),
          g,
          ['x'],
          1e-9,
        ),
        `(${a}, ${a + 1})`,
      ).toEqual(UNEQUAL);
    }
  });

  it('sees a difference that exists only beyond 3, in each of two variables', () => {
    const sum = xy((x, y) => x + y);
    expect(
      pointsVerdict(
        sum,
        xy((x, y) => Math.min(x, 3) + y),
        ['x', 'y'],
        1e-9,
      ),
    ).toEqual(UNEQUAL);
    expect(
      pointsVerdict(
        sum,
        xy((x, y) => x + Math.min(y, 3)),
        ['x', 'y'],
        1e-9,
      ),
    ).toEqual(UNEQUAL);
  });

  it('compares answers defined only from 1000 on, in any variable (the wide scan reaches 10^3)', () => {
    const root = f((x) => Math.sqrt(x - 1000));
    expect(pointsVerdict(root, root, ['x'], 1e-9)).toEqual(EQUAL);
    expect(
      pointsVerdict(
        root,
        f((x) => 2 * Math.sqrt(x - 1000)),
        ['x'],
        1e-9,
      ),
    ).toEqual(UNEQUAL);
    const second = xy((x, y) => x + Math.sqrt(y - 1000));
    expect(pointsVerdict(second, second, ['x', 'y'], 1e-9)).toEqual(EQUAL);
  });

  it('compares answers defined only on an interval a few per cent wide', () => {
    // No fixed point in either: the wide scan and the points around what it finds.
    for (const [a, b] of [
      [3.3, 3.45],
      [10.7, 11.2],
    ] as const) {
      const product = f((x) => Math.sqrt(x - a) * Math.sqrt(b - x));
      const joined = f((x) => Math.sqrt((x - a) * (b - x)));
      expect(pointsVerdict(product, joined, ['x'], 1e-9), `[${a}, ${b}]`).toEqual(EQUAL);
      const scaled = f((x) => 1.5 * Math.sqrt((x - a) * (b - x)));
      expect(pointsVerdict(joined, scaled, ['x'], 1e-9), `[${a}, ${b}]`).toEqual(UNEQUAL);
    }
  });

  it('never calls equal two answers whose domains part just past the one fixed point they share', () => {
    // [3, 3.5] against [3, 3.3]: only 3.1891 of the fixed points is in either.
    const wide = f((x) => Math.sqrt((x - 3) * (3.5 - x)));
    const cut = f((x) => Math.sqrt((x - 3) * (3.5 - x)) + 0 * Math.sqrt(3.3 - x));
    expect(pointsVerdict(wide, cut, ['x'], 1e-9)).not.toEqual(EQUAL);
    expect(pointsVerdict(cut, wide, ['x'], 1e-9)).not.toEqual(EQUAL);
  });

  it('sees a difference on a narrow domain that only points near a found one reach', () => {
    // Domain [3, 3.3]; the answers differ on (3.267, 3.3) only, a few per cent above 3.1891.
    const root = (x: number) => Math.sqrt((x - 3) * (3.3 - x));
    expect(
      pointsVerdict(
        f(root),
        f((x) => root(x) + bump(x, 3.267, 3.3)),
        ['x'],
        1e-9,
      ),
    ).toEqual(UNEQUAL);
    // Small values are compared relative to their size there too, not to 1.
    const small = f((x) => 1e-4 * root(x));
    const nudged = f((x) => 1e-4 * root(x) + 1e-8 * bump(x, 3.267, 3.3));
    expect(pointsVerdict(small, nudged, ['x'], 1e-9)).toEqual(UNEQUAL);
    // Domain [2.5, 3.5] (three points found); they differ on (3.37, 3.45), near the third only.
    const wider = (x: number) => Math.sqrt((x - 2.5) * (3.5 - x));
    expect(
      pointsVerdict(
        f(wider),
        f((x) => wider(x) + bump(x, 3.37, 3.45)),
        ['x'],
        1e-9,
      ),
    ).toEqual(UNEQUAL);
  });

  it('stops looking once enough points agree, so float rounding elsewhere does not undo an equality', () => {
    // On [0, 3] four fixed points agree; x + 100 - 100 - x is 0 up to rounding (7e-15), which is
    // noise against 1 but not against the 1e-3 the extra points compare small values to.
    const s = (x: number) => Math.sqrt(x * (3 - x));
    const rounded = f((x) => s(x) * (x + 100 - 100 - x + 1e-3));
    expect(
      pointsVerdict(
        rounded,
        f((x) => s(x) * 1e-3),
        ['x'],
        1e-9,
      ),
    ).toEqual(EQUAL);
    // From 3.5 on, sqrt(x^2 + 100) - x cancels more the larger x: the wide scan stops after 8 points.
    const d = (x: number) => Math.sqrt(x - 3.5);
    const cancelled = f((x) => d(x) * (Math.sqrt(x * x + 100) - x));
    const stable = f((x) => (d(x) * 100) / (Math.sqrt(x * x + 100) + x));
    expect(pointsVerdict(cancelled, stable, ['x'], 1e-9)).toEqual(EQUAL);
  });
});
