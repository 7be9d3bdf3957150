import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contractSuite } from '../../test/contract.js';
import { input, run, scores, withScore } from '../../test/shaping/run.js';
import { estimateReference, logSigmoidCentered } from './log-sigmoid.js';
import { scoreInput, stepInput } from './step-input.js';
import { affine, clip, klPenalty, referenceBias, threshold } from './transforms.js';

const typical = [withScore(0.2), withScore(2), withScore(-3, { meta: { reference_scores: [0, 1, 2] } })];
contractSuite(scoreInput, { samples: typical });
contractSuite(stepInput, { samples: [{ prompt: 'q', response: 'a', steps: [0.5, 0.25] }] });
contractSuite(affine, { node: { kind: 'affine', params: { scale: 2, shift: -1 }, reward: input() }, samples: typical });
contractSuite(clip, { node: { kind: 'clip', params: { min: -1, max: 1 }, reward: input() }, samples: typical });
contractSuite(threshold, { node: { kind: 'threshold', reward: input() }, samples: typical });
contractSuite(logSigmoidCentered, { node: { kind: 'log-sigmoid-centered', reward: input() }, samples: typical });
contractSuite(klPenalty, {
  node: { kind: 'kl-penalty', reward: input() },
  samples: [withScore(1, { meta: { logprobs: [-1, -2], ref_logprobs: [-1.5, -2] } })],
});
contractSuite(referenceBias, {
  node: { kind: 'reference-bias', reward: { kind: 'exact-match' } },
  samples: [
    { prompt: 'q', response: 'Paris', reference: 'Paris' },
    { prompt: 'q', response: 'Rome', reference: 'Paris' },
  ],
});

describe('single-reward transforms', () => {
  it('affine, clip and threshold map the child score and report it', async () => {
    const samples = [withScore(-3), withScore(0.5), withScore(4)];
    expect(scores(await run({ kind: 'affine', params: { scale: 2, shift: -1 }, reward: input() }, samples))).toEqual([
      -7, 0, 7,
    ]);
    expect(scores(await run({ kind: 'clip', params: { min: -1, max: 1 }, reward: input() }, samples))).toEqual([
      -1, 0.5, 1,
    ]);
    expect(scores(await run({ kind: 'clip', params: { max: 0 }, reward: input() }, samples))).toEqual([-3, 0, 0]);
    expect(scores(await run({ kind: 'threshold', reward: input() }, samples))).toEqual([0, 1, 1]);
    const strict = await run(
      { kind: 'threshold', params: { at: 0.5, strict: true, below: -1 }, reward: input() },
      samples,
    );
    expect(scores(strict)).toEqual([-1, -1, 1]);
    expect(strict[1]?.details).toMatchObject({ input: 0.5, pass: false });
  });

  it('rejects a clip range with min above max at compile time, naming the field', async () => {
    await expect(run({ kind: 'clip', params: { min: 2, max: 1 }, reward: input() }, [])).rejects.toThrow(
      /reward\.params\.min: min must not exceed max/,
    );
  });

  it('passes a child failure through instead of scoring it', async () => {
    const [r] = await run({ kind: 'affine', params: { shift: 1 }, reward: input() }, [{ prompt: 'q', response: 'a' }]);
    expect(r?.status).toBe('unscorable');
    expect(r?.code).toBe('missing-input');
    expect(r?.message).toMatch(/score-input: the sample has no metadata\.score/);
  });
});

describe('log-sigmoid centring (Wang et al. 2024)', () => {
  const lsc = (params: Record<string, unknown>) => ({ kind: 'log-sigmoid-centered', params, reward: input() });

  it('matches the paper-methods §2 vector: r = 2, r_ref = 1 → −0.313262', async () => {
    const [r] = await run(lsc({ ref: 1 }), [withScore(2)]);
    expect(r?.score).toBeCloseTo(-0.313262, 6);
    expect(r?.details).toEqual({ input: 2, ref: 1 });
  });

  it('estimates r_ref from reference scores: normal fit μ + Φ⁻¹(q)σ or the empirical quantile', async () => {
    const refs = [1, 2, 3, 4];
    const normal = 2.5 + 1.0364333894937898 * Math.sqrt(1.25);
    expect(estimateReference(refs, { estimator: 'normal', q: 0.85 })).toBeCloseTo(normal, 12);
    expect(estimateReference(refs, { estimator: 'empirical', q: 0.85 })).toBeCloseTo(3.55, 12);
    const [a, b, c] = await run(lsc({ estimator: 'empirical' }), [
      withScore(3.55, { meta: { reference_scores: refs } }),
      withScore(1, { meta: { reference_scores: 0.5 } }),
      withScore(1, { meta: { reference_scores: 'x' } }),
    ]);
    expect(a?.score).toBeCloseTo(Math.log(0.5), 12);
    expect(b?.details).toMatchObject({ ref: 0.5 });
    expect(c).toMatchObject({ status: 'error', code: 'invalid-sample' });
    expect(c?.message).toMatch(/metadata\.reference_scores must be a number or a non-empty list/);
    const [d] = await run(lsc({}), [withScore(1)]);
    expect(d).toMatchObject({ status: 'unscorable', code: 'missing-input' });
  });

  it('is ≤ 0 and monotone in r for any reference', () => {
    const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true });
    return fc.assert(
      fc.asyncProperty(finite, finite, finite, async (r1, r2, ref) => {
        const [a, b] = await run(lsc({ ref }), [withScore(Math.min(r1, r2)), withScore(Math.max(r1, r2))]);
        expect(a?.score).toBeLessThanOrEqual(0);
        expect(b?.score).toBeLessThanOrEqual(0);
        expect(a?.score as number).toBeLessThanOrEqual(b?.score as number);
      }),
      { numRuns: 200 },
    );
  });
});

describe('KL-shaped reward (Stiennon et al. 2020)', () => {
  const meta = { logprobs: [-1, -2, -0.5], ref_logprobs: [-1.5, -1, -0.5] };

  it('subtracts β · Σ(log π − log π_ref)', async () => {
    // Σ log-ratio = 0.5 − 1 + 0 = −0.5; R = 1 − 0.1 · (−0.5) = 1.05
    const [r] = await run({ kind: 'kl-penalty', params: { beta: 0.1 }, reward: input() }, [withScore(1, { meta })]);
    expect(r?.score).toBeCloseTo(1.05, 12);
    expect(r?.details).toMatchObject({ input: 1, logRatio: -0.5, beta: 0.1 });
  });

  it('per token: −β·(log π − log π_ref) on each token, the reward on the last', async () => {
    const [r] = await run({ kind: 'kl-penalty', params: { beta: 0.1, perToken: true }, reward: input() }, [
      withScore(1, { meta }),
    ]);
    expect(r?.steps?.map((x) => Number(x.toFixed(12)))).toEqual([-0.05, 0.1, 1]);
    expect((r?.steps ?? []).reduce((a, b) => a + b, 0)).toBeCloseTo(r?.score as number, 12);
  });

  it('reports missing and mismatched log-probs', async () => {
    const node = { kind: 'kl-penalty', reward: input() };
    const [a, b, c] = await run(node, [
      withScore(1),
      withScore(1, { meta: { logprobs: [-1], ref_logprobs: [-1, -2] } }),
      withScore(1, { meta: { logprobs: [-1, 'x'], ref_logprobs: [-1, -2] } }),
    ]);
    expect(a).toMatchObject({ status: 'unscorable', code: 'missing-input' });
    expect(b?.message).toMatch(/logprobs has 1 tokens but metadata\.ref_logprobs has 2/);
    expect(c?.message).toMatch(/metadata\.logprobs\[1\] must be a finite number/);
  });
});

describe('reference bias (Stiennon et al. 2020)', () => {
  it('uses a given reference mean', async () => {
    const [r] = await run({ kind: 'reference-bias', params: { referenceMean: 0.25 }, reward: input() }, [withScore(1)]);
    expect(r?.score).toBe(0.75);
  });

  it('estimates the bias by scoring the batch references, so references average 0', async () => {
    const samples = [
      { prompt: 'q', response: 'Paris', reference: 'Paris' },
      { prompt: 'q', response: 'Rome', reference: 'Paris' },
      { prompt: 'q', response: 'Lyon', reference: 'Lyon' },
    ];
    // Each reference scored as a response matches itself: bias = 1, so responses score 0 or −1.
    const results = await run({ kind: 'reference-bias', reward: { kind: 'exact-match' } }, samples);
    expect(scores(results)).toEqual([0, -1, 0]);
    expect(results[0]?.details).toMatchObject({ bias: 1, estimatedFrom: 3 });
  });

  it('is unscorable when no reference can be scored', async () => {
    const [r] = await run({ kind: 'reference-bias', reward: input() }, [withScore(1)]);
    expect(r).toMatchObject({ status: 'unscorable', code: 'no-reference' });
  });
});
