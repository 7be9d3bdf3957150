import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/core/prng.js';
import { bceLoss, probeDimensions } from '../../src/heads/probe.js';

describe('MRMBench-style probes (reconstruction from memory: logistic probe accuracy per dimension)', () => {
  it('BCE: log 2 at z = 0, gradient σ(z) − y matches finite differences', () => {
    expect(bceLoss(0, 1).loss).toBeCloseTo(Math.log(2), 12);
    for (const y of [0, 1])
      for (const z of [-3, -0.2, 0, 1.7]) {
        const num = (bceLoss(z + 1e-6, y).loss - bceLoss(z - 1e-6, y).loss) / 2e-6;
        expect(bceLoss(z, y).grad).toBeCloseTo(num, 6);
      }
  });
  it('a dimension encoded in the features is probed well; one that is not stays near the majority baseline', () => {
    const rand = mulberry32(5);
    const xs = Array.from({ length: 1200 }, () => Float64Array.from({ length: 8 }, () => rand() * 2 - 1));
    const rnd = mulberry32(9);
    const labels = {
      helpfulness: xs.map((x) => ((x[0] as number) + 0.5 * (x[3] as number) > 0 ? 1 : 0) as 0 | 1),
      noise: xs.map(() => (rnd() < 0.5 ? 1 : 0) as 0 | 1),
      partial: xs.map((x, i) => (i % 3 === 0 ? undefined : (((x[1] as number) > 0 ? 1 : 0) as 0 | 1))),
    };
    const [help, noise, partial] = probeDimensions(xs, labels);
    expect(help?.accuracy).toBeGreaterThan(0.95);
    expect(noise?.accuracy).toBeLessThan(0.6);
    expect(partial?.train).toBe(Math.ceil(800 * 0.8));
    expect(partial?.accuracy).toBeGreaterThan(0.95);
  });
});
