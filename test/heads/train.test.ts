// Training recovers known structure for every objective, deterministically.
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/core/prng.js';
import type { PairExample, RatedExample } from '../../src/heads/objectives.js';
import { trainHead } from '../../src/heads/train.js';

const featuriser = { type: 'embeddings' as const, backend: 'synthetic' };
const dim = 6;
const trueW = [1.5, -1, 0.5, 0, 2, -0.5];
const gauss = (rand: () => number) => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
const vec = (rand: () => number) => Float64Array.from({ length: dim }, () => gauss(rand));
const reward = (x: Float64Array, w = trueW) => w.reduce((a, wi, i) => a + wi * (x[i] as number), 0);

/** Pairs labelled by a noiseless linear reward; magnitude and margin from the true gap. */
function linearPairs(n: number, seed: number): PairExample[] {
  const rand = mulberry32(seed);
  return Array.from({ length: n }, () => {
    const a = vec(rand);
    const b = vec(rand);
    const [c, r] = reward(a) >= reward(b) ? [a, b] : [b, a];
    const gap = reward(c) - reward(r);
    return { chosen: c, rejected: r, margin: Math.min(gap, 1), magnitude: gap > 2 ? 3 : gap > 1 ? 2 : 1 };
  });
}

const base = { featuriser, input: 'response' as const, epochs: 8, lr: 0.05, seed: 3 };

describe('trainHead', () => {
  for (const objective of ['bt', 'margin', 'scaled', 'smoothed', 'ties', 'ordinal'] as const) {
    it(`${objective}: held-out accuracy above 90% on a linear reward`, () => {
      const { report } = trainHead(linearPairs(1500, 11), { ...base, objective });
      expect(report.accuracy).toBeGreaterThan(0.9);
      expect(report.heldOut).toBe(150);
      expect(report.calibration?.ece).toBeLessThan(0.2);
    });
  }

  it('is deterministic for a seed and differs across seeds', () => {
    const data = linearPairs(300, 5);
    const a = trainHead(data, { ...base, objective: 'bt' }).file.weights;
    const b = trainHead(data, { ...base, objective: 'bt' }).file.weights;
    const c = trainHead(data, { ...base, objective: 'bt', seed: 4 }).file.weights;
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('an MLP head fits a reward a linear head cannot (|x0| − |x1|)', () => {
    const rand = mulberry32(9);
    const r = (x: Float64Array) => Math.abs(x[0] as number) - Math.abs(x[1] as number);
    const data: PairExample[] = Array.from({ length: 3000 }, () => {
      const a = vec(rand);
      const b = vec(rand);
      return r(a) >= r(b) ? { chosen: a, rejected: b } : { chosen: b, rejected: a };
    });
    const linear = trainHead(data, { ...base, objective: 'bt' }).report.accuracy as number;
    const mlp = trainHead(data, { ...base, objective: 'bt', hidden: 16, epochs: 20, lr: 0.01 }).report
      .accuracy as number;
    expect(mlp).toBeGreaterThan(linear + 0.15);
  });

  it('ties: tie pairs are pulled together (smaller held-out |Δ| than BT trained on the wins alone)', () => {
    const rand = mulberry32(21);
    const wins = linearPairs(1000, 13);
    const ties: PairExample[] = Array.from({ length: 500 }, () => {
      const a = vec(rand);
      const b = Float64Array.from(a, (v, i) => (i === 3 ? v + 2 * gauss(rand) : v)); // differ only where w = 0
      return { chosen: a, rejected: b, tie: true };
    });
    const { report } = trainHead([...wins, ...ties], { ...base, objective: 'ties', holdout: 0.2 });
    expect(report.tieGap).toBeDefined();
    expect(report.tieGap as number).toBeLessThan(0.3);
    // bt cannot use tie pairs and says so, per pair
    const bt = trainHead([...wins, ...ties], { ...base, objective: 'bt' });
    expect(bt.report.skipped).toHaveLength(500);
    expect(bt.report.skipped[0]?.reason).toMatch(/tie pair/);
  });

  it('margin and scaled report pairs without a margin or magnitude instead of defaulting', () => {
    const data = linearPairs(50, 2).map(({ chosen, rejected }) => ({ chosen, rejected }));
    expect(() => trainHead(data, { ...base, objective: 'margin' })).toThrow(/only 0 usable/);
    const mixed = [...linearPairs(50, 2), { chosen: vec(mulberry32(1)), rejected: vec(mulberry32(2)) }];
    const r = trainHead(mixed, { ...base, objective: 'scaled' });
    expect(r.report.skipped).toEqual([{ index: 51, reason: expect.stringMatching(/no preference magnitude/) }]);
  });

  it('PAL: two user groups with opposite tastes — the mixture beats one shared BT reward', () => {
    const rand = mulberry32(31);
    const wUser = [
      [2, 0, 0, 0, 0, 0],
      [-2, 0, 0, 0, 0, 0],
    ];
    const data: PairExample[] = Array.from({ length: 3000 }, (_, i) => {
      const user = i % 4; // users 0,1 like +x0; users 2,3 like −x0
      const w = wUser[user < 2 ? 0 : 1] as number[];
      const a = vec(rand);
      const b = vec(rand);
      const [c, r] = reward(a, w) >= reward(b, w) ? [a, b] : [b, a];
      return { chosen: c, rejected: r, user };
    });
    const users = ['a', 'b', 'c', 'd'];
    const pal = trainHead(data, { ...base, objective: 'pal', users, palK: 2, palDim: 2, epochs: 10, lr: 0.03 });
    const bt = trainHead(data, { ...base, objective: 'bt' });
    expect(pal.report.accuracy as number).toBeGreaterThan(0.85);
    expect(bt.report.accuracy as number).toBeLessThan(0.65);
  });

  it('regression recovers HelpSteer2-style attributes (RMSE well under their spread)', () => {
    const rand = mulberry32(41);
    const data: RatedExample[] = Array.from({ length: 1500 }, () => {
      const x = vec(rand);
      return { x, targets: [reward(x), (x[0] as number) - (x[1] as number)] };
    });
    const { report, file } = trainHead(data, {
      ...base,
      objective: 'regression',
      attributes: ['helpfulness', 'verbosity'],
    });
    expect(file.attributes).toEqual(['helpfulness', 'verbosity']);
    expect(report.rmse?.helpfulness).toBeLessThan(0.3);
    expect(report.rmse?.verbosity).toBeLessThan(0.3);
  });
});
