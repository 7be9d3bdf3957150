import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logSigmoid, mean, normalCdf, normalQuantile, quantile, stdDev } from './math.js';

describe('shaping math', () => {
  it('log-sigmoid matches paper-methods §2 vectors and never overflows', () => {
    expect(logSigmoid(1)).toBeCloseTo(-0.313262, 6); // r = 2, r_ref = 1
    expect(logSigmoid(-1)).toBeCloseTo(-1.313262, 6); // r = 0.5, r_ref = 1.5
    expect(logSigmoid(-1000)).toBe(-1000);
    expect(logSigmoid(1000)).toBe(-0);
  });

  it('Φ⁻¹(0.85) equals the constant in the PAR re-implementation of LSC', () => {
    expect(normalQuantile(0.85)).toBeCloseTo(1.0364333894937898, 14);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 13);
    expect(normalQuantile(0.5)).toBe(0);
    expect(() => normalQuantile(1)).toThrow(/0 < p < 1/);
  });

  it('Φ⁻¹ inverts Φ across the range', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true }), (p) => {
        expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 12);
      }),
    );
  });

  it('quantile interpolates linearly (numpy default)', () => {
    expect(quantile([4, 1, 3, 2], 0.85)).toBeCloseTo(3.55, 12);
    expect(quantile([5], 0.3)).toBe(5);
    expect(quantile([1, 2, 3], 0.5)).toBe(2);
  });

  it('std is population or sample', () => {
    expect(stdDev([1, 2, 3, 4], 'population')).toBeCloseTo(Math.sqrt(1.25), 12);
    expect(stdDev([1, 2, 3, 4], 'sample')).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(mean([1, 2, 3, 4])).toBe(2.5);
  });
});
