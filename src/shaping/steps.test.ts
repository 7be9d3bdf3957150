import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contractSuite } from '../../test/contract.js';
import { input, run, scores } from '../../test/shaping/run.js';
import type { Sample } from '../core/types.js';
import {
  firstErrorNode,
  implicitPrmNode,
  renormNode,
  stepAggregate,
  stepClipDeltaNode,
  stepClipNode,
  stepDeltaNode,
} from './step-nodes.js';
import { aggregate, implicitPrm, renormMix, renormSignShift, stepClip, stepDelta, withSuccess } from './steps.js';

const PRM = [0.7, 0.2, 0.4, 0.8];
const round = (xs: number[] | undefined) => xs?.map((x) => Math.round(x * 1e12) / 1e12);
const stepSample = (steps: number[], extra: Partial<Sample> = {}): Sample => ({
  prompt: 'q',
  response: 'a',
  steps,
  ...extra,
});
const correct = { prompt: 'q', response: 'The answer is 4', reference: '4' };
const typical = [stepSample(PRM, correct), stepSample([0.9], correct), stepSample([0.1, 0.6])];

contractSuite(stepClipNode, { samples: typical });
contractSuite(stepDeltaNode, { samples: typical });
contractSuite(stepClipDeltaNode, {
  node: { kind: 'step-clip-delta', outcome: { kind: 'exact-match' } },
  samples: typical,
});
contractSuite(stepAggregate, { samples: typical });
contractSuite(firstErrorNode, { node: { kind: 'first-error', params: { mode: 'index' } }, samples: typical });
contractSuite(renormNode, { node: { kind: 'renorm', outcome: { kind: 'exact-match' } }, samples: typical });
contractSuite(implicitPrmNode, {
  samples: [{ prompt: 'q', response: 'a', metadata: { logprobs: [-1, -2], ref_logprobs: [-1.5, -1] } }],
});

describe('Gao et al. 2024 process-reward shaping (paper-methods §1 vectors: α=1, η=0.5, success=1)', () => {
  it('Delta → [0.5, −0.2, 0.4, 0] + success; return from step 1 = 0.7 + 1', async () => {
    expect(round(stepDelta(PRM))).toEqual([0.5, -0.2, 0.4, 0]);
    const [r] = await run({ kind: 'step-delta', outcome: { kind: 'exact-match' } }, [stepSample(PRM, correct)]);
    expect(round(r?.steps)).toEqual([0.5, -0.2, 0.4, 1]);
    expect(r?.score).toBeCloseTo(1.7, 12);
  });

  it('Clip → [0, −0.3, −0.1, 0] (+1 at the end)', async () => {
    expect(round(stepClip(PRM, 0.5))).toEqual([0, -0.3, -0.1, 0]);
    const [r] = await run({ kind: 'step-clip', outcome: { kind: 'exact-match' } }, [stepSample(PRM, correct)]);
    expect(round(r?.steps)).toEqual([0, -0.3, -0.1, 1]);
  });

  it('Clip-Delta → [0.3, −0.2, −0.1, 0] (+1); return from step 1 = c1 + 1 = 1', async () => {
    const [r] = await run({ kind: 'step-clip-delta', outcome: { kind: 'exact-match' } }, [stepSample(PRM, correct)]);
    expect(round(r?.steps)).toEqual([0.3, -0.2, -0.1, 1]);
    expect(r?.score).toBeCloseTo(1, 12);
  });

  it('edge cases: K = 1 keeps only the success reward; K = 2 keeps step 1', () => {
    expect(stepDelta([0.9])).toEqual([0]);
    expect(withSuccess(stepDelta([0.9]), 1, 1)).toEqual([1]);
    expect(stepDelta([0.3, 0.8])).toEqual([0.3, 0]);
  });

  it('scales process rewards by α and reads steps from a child', async () => {
    const [r] = await run(
      { kind: 'step-delta', params: { alpha: 2 }, steps: { kind: 'step-input', params: { field: 'prm' } } },
      [{ prompt: 'q', response: 'a', metadata: { prm: PRM } }],
    );
    expect(round(r?.steps)).toEqual([1, -0.4, 0.8, 0]);
  });

  it('property: clipped step rewards are ≤ 0', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -10, max: 10, noNaN: true })),
        fc.double({ min: -1, max: 2, noNaN: true }),
        (prm, eta) => {
          for (const v of stepClip(prm, eta)) expect(v).toBeLessThanOrEqual(0);
        },
      ),
    );
  });

  it('property: delta rewards telescope, the return from step t is the score of step t', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 2, maxLength: 30 }), (prm) => {
        const d = stepDelta(prm);
        for (let t = 0; t < prm.length - 1; t++) {
          const ret = d.slice(t).reduce((a, b) => a + b, 0);
          expect(ret).toBeCloseTo(prm[t] as number, 9);
        }
      }),
    );
  });

  it('reports a sample without steps as unscorable/no-steps, and bad steps as invalid', async () => {
    const [a, b] = await run({ kind: 'step-clip' }, [{ prompt: 'q', response: 'a' }, stepSample([])]);
    expect(a).toMatchObject({ status: 'unscorable', code: 'no-steps' });
    expect(b).toMatchObject({ status: 'unscorable', code: 'no-steps' });
    const [c] = await run({ kind: 'step-clip', steps: input() }, [
      { prompt: 'q', response: 'a', metadata: { score: 1 } },
    ]);
    expect(c).toMatchObject({ status: 'error', code: 'child-failed' });
    expect(c?.message).toMatch(/score-input returned no per-step rewards/);
  });
});

describe('step aggregation and implicit PRM (Yuan et al. 2024)', () => {
  it('aggregates by min, sum, mean, max, product, last', async () => {
    const xs = [0.5, 0.25, 1];
    expect(['min', 'sum', 'mean', 'max', 'product', 'last'].map((h) => aggregate(xs, h as 'min'))).toEqual([
      0.25,
      1.75,
      1.75 / 3,
      1,
      0.125,
      1,
    ]);
    const [r] = await run({ kind: 'step-aggregate', params: { how: 'product' } }, [stepSample(xs)]);
    expect(r?.score).toBe(0.125);
  });

  it('computes q_t cumulatively and r_t as its differences, per step', () => {
    const { q, r } = implicitPrm([-1, -2, -0.5, -1], [-1.5, -1, -1, -1], [1, 3], 0.5);
    // log-ratios 0.5, −1, 0.5, 0 → β·cumsum at token 1: −0.25, at token 3: 0
    expect(q).toEqual([-0.25, 0]);
    expect(r).toEqual([-0.25, 0.25]);
  });

  it('scores min/sum/mean of step rewards from metadata log-probs', async () => {
    const metadata = { logprobs: [-1, -2, -0.5, -1], ref_logprobs: [-1.5, -1, -1, -1], step_ends: [1, 3] };
    const sample = { prompt: 'q', response: 'a', metadata };
    const min = await run({ kind: 'implicit-prm', params: { beta: 0.5 } }, [sample]);
    expect(min[0]).toMatchObject({ score: -0.25, steps: [-0.25, 0.25] });
    const sum = await run({ kind: 'implicit-prm', params: { beta: 0.5, how: 'sum', variant: 'accumulative' } }, [
      sample,
    ]);
    expect(sum[0]?.score).toBe(-0.25);
    const tokens = await run({ kind: 'implicit-prm', params: { how: 'mean' } }, [
      { prompt: 'q', response: 'a', metadata: { logprobs: [-1, -2], ref_logprobs: [-2, -2] } },
    ]);
    expect(tokens[0]).toMatchObject({ score: 0.5, steps: [1, 0] });
  });

  it('rejects step ends that are out of range or not increasing', async () => {
    const bad = await run({ kind: 'implicit-prm' }, [
      { prompt: 'q', response: 'a', metadata: { logprobs: [-1, -2], ref_logprobs: [-1, -2], step_ends: [1, 1] } },
      { prompt: 'q', response: 'a', metadata: { logprobs: [-1, -2], ref_logprobs: [-1, -2], step_ends: [5] } },
    ]);
    expect(bad[0]?.message).toMatch(/step_ends\[1\] must be a token index in 0\.\.1, increasing/);
    expect(bad[1]?.message).toMatch(/step_ends\[0\]/);
  });
});

describe('ReNorm (both readings are reconstructions)', () => {
  it('sign-shift: steps p + r_o − 1, the answer turn r_o', async () => {
    expect(round(renormSignShift([0.8, 0.6], 1))).toEqual([0.8, 0.6, 1]);
    expect(round(renormSignShift([0.8, 0.6], 0))).toEqual([-0.2, -0.4, 0]);
    const [r] = await run({ kind: 'renorm', outcome: { kind: 'exact-match' } }, [stepSample([0.8, 0.6], correct)]);
    expect(r?.score).toBeCloseTo(2.4, 12);
    expect(round(r?.steps)).toEqual([0.8, 0.6, 1]);
  });

  it('mix: λ·mean(p) + (1 − λ)·r_o', () => {
    expect(renormMix([0.8, 0.6], 1, 0.5)).toBeCloseTo(0.85, 12);
    expect(renormMix([0.8, 0.6], 0, 0.25)).toBeCloseTo(0.175, 12);
  });

  it('property: a correct trajectory never scores below a wrong one with the same process scores', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 20 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (p, lambda) => {
          expect(aggregate(renormSignShift(p, 1), 'sum')).toBeGreaterThan(aggregate(renormSignShift(p, 0), 'sum'));
          expect(aggregate(renormSignShift(p, 1), 'mean')).toBeGreaterThan(aggregate(renormSignShift(p, 0), 'mean'));
          expect(renormMix(p, 1, lambda)).toBeGreaterThanOrEqual(renormMix(p, 0, lambda));
        },
      ),
    );
  });

  it('needs an outcome and process scores in [0, 1]', async () => {
    const [a, b] = await run({ kind: 'renorm', outcome: input() }, [
      stepSample([0.5], { metadata: { score: 2 } }),
      stepSample([1.5], { metadata: { score: 1 } }),
    ]);
    expect(a?.message).toMatch(/score-input: renorm needs an outcome in \[0, 1\], got 2/);
    expect(b?.message).toMatch(/step 0 is 1\.5/);
  });
});

describe('first-error step localisation', () => {
  it('matches the reference index (ProcessBench: −1 = no error)', async () => {
    const results = await run({ kind: 'first-error' }, [
      stepSample([0.9, 0.3, 0.8], { reference: 1 }),
      stepSample([0.9, 0.8], { reference: -1 }),
      stepSample([0.9, 0.8], { reference: '0' }),
      stepSample([0.9]),
      stepSample([0.9], { reference: 'two' }),
    ]);
    expect(scores(results)).toEqual([1, 1, 0, null, null]);
    expect(results[2]?.details).toEqual({ predicted: -1, expected: 0 });
    expect(results[3]?.code).toBe('no-reference');
    expect(results[4]?.code).toBe('invalid-reference');
  });
});
