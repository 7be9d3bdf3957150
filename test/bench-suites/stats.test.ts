// The statistics behind every interval and comparison, against textbook values.
import { describe, expect, it } from 'vitest';
import { bootstrapInterval, meanOf } from '../../src/bench-suites/stats/bootstrap.js';
import { mcnemar, pairedBootstrap } from '../../src/bench-suites/stats/paired.js';

describe('McNemar (McNemar 1947, continuity-corrected; exact binomial for few discordant pairs)', () => {
  it('exact two-sided binomial below 25 discordant rows', () => {
    expect(mcnemar(5, 2)).toMatchObject({ exact: true, p: (2 * (1 + 7 + 21)) / 128 });
    expect(mcnemar(0, 0).p).toBe(1);
    expect(mcnemar(3, 3).p).toBe(1);
  });

  it('χ² with continuity correction: b 30, c 10 → (|30 − 10| − 1)² / 40 = 9.025, p ≈ 0.00266', () => {
    const m = mcnemar(30, 10);
    expect(m.statistic).toBeCloseTo(9.025, 12);
    // p = erfc(√(χ²/2)) for one degree of freedom; erfc(2.12426) = 0.0026630 (tables)
    expect(m.p).toBeCloseTo(0.002663, 5);
    expect(mcnemar(20, 20).p).toBeCloseTo(0.87437, 4); // χ² = 1/40 = 0.025 → p = 0.87437
  });
});

describe('bootstrap', () => {
  const credits = Array.from({ length: 200 }, (_, i) => (i % 10 < 7 ? 1 : 0));

  it('a fixed seed gives the same interval; the interval holds the estimate and is about ±1.96 SE wide', () => {
    const a = bootstrapInterval(credits, meanOf);
    expect(bootstrapInterval(credits, meanOf)).toEqual(a);
    const [lo, hi] = a as [number, number];
    expect(lo).toBeLessThan(0.7);
    expect(hi).toBeGreaterThan(0.7);
    const se = Math.sqrt((0.7 * 0.3) / 200);
    expect(hi - lo).toBeGreaterThan(2 * 1.96 * se * 0.8);
    expect(hi - lo).toBeLessThan(2 * 1.96 * se * 1.2);
    const smooth = Array.from({ length: 50 }, (_, i) => Math.sin(i));
    expect(bootstrapInterval(smooth, meanOf, { seed: 7 })).not.toEqual(bootstrapInterval(smooth, meanOf));
  });

  it('paired: equal runs differ by 0 with p 1; a run better on every row has its whole interval above 0', () => {
    expect(pairedBootstrap(credits, credits)).toMatchObject({ difference: 0, p: 1, interval: [0, 0] });
    const better = credits.map(() => 1);
    const r = pairedBootstrap(better, credits);
    expect(r.difference).toBeCloseTo(0.3, 12);
    expect(r.interval[0]).toBeGreaterThan(0);
    expect(r.p).toBe(0);
    expect(() => pairedBootstrap([1], [1, 0])).toThrow(/equal, non-empty/);
  });
});
