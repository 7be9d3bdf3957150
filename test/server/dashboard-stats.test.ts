// The dashboard's statistics, pinned by numpy/scipy vectors and checked against brute force on random inputs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { histogram, ksStatistic, quantile, summarize } from '../../src/server/dashboard/stats.js';

describe('quantile (type 7)', () => {
  it('matches numpy.quantile', () => {
    // numpy.quantile([1, 2, 3, 4], [0.1, 0.5, 0.99]) -> [1.3, 2.5, 3.97]
    expect(quantile([1, 2, 3, 4], 0.1)).toBeCloseTo(1.3, 12);
    expect(quantile([1, 2, 3, 4], 0.5)).toBeCloseTo(2.5, 12);
    expect(quantile([1, 2, 3, 4], 0.99)).toBeCloseTo(3.97, 12);
    expect(quantile([5], 0.9)).toBe(5);
    expect(quantile([], 0.5)).toBeNull();
  });

  it('summarize sorts and reports n, mean, min and max', () => {
    expect(summarize([3, 1, 2])).toEqual({ n: 3, mean: 2, p10: 1.2, p50: 2, p90: 2.8, min: 1, max: 3 });
    expect(summarize([]).mean).toBeNull();
  });
});

describe('histogram', () => {
  it('puts the maximum in the last bin and counts every value once', () => {
    const bins = histogram([0, 0.5, 1, 1, 0.25], 0, 1, 4);
    expect(bins.map((b) => b.n)).toEqual([1, 1, 1, 2]);
    expect(histogram([2, 2], 2, 2, 10)).toEqual([{ lo: 2, hi: 2, n: 2 }]);
  });
});

describe('ksStatistic', () => {
  it('matches scipy.stats.ks_2samp', () => {
    // ks_2samp([1, 2, 3], [2, 3, 4]).statistic == 1/3; ks_2samp([0, 0, 1], [1, 1, 1]).statistic == 2/3
    expect(ksStatistic([1, 2, 3], [2, 3, 4])).toBeCloseTo(1 / 3, 12);
    expect(ksStatistic([0, 0, 1], [1, 1, 1])).toBeCloseTo(2 / 3, 12);
    expect(ksStatistic([1, 2], [1, 2])).toBe(0);
    expect(ksStatistic([0], [1])).toBe(1);
    expect(ksStatistic([], [1])).toBeNull();
  });

  it('equals sup |F_a - F_b| over every point, by brute force', () => {
    const sample = fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(sample, sample, (a, b) => {
        const sa = [...a].sort((x, y) => x - y);
        const sb = [...b].sort((x, y) => x - y);
        const cdf = (xs: number[], x: number) => xs.filter((v) => v <= x).length / xs.length;
        const brute = Math.max(...[...sa, ...sb].map((x) => Math.abs(cdf(sa, x) - cdf(sb, x))));
        expect(ksStatistic(sa, sb)).toBeCloseTo(brute, 12);
      }),
    );
  });
});
