import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contractSuite } from '../../test/contract.js';
import { expectClose, input, registry, run, scores, withScore } from '../../test/shaping/run.js';
import type { Sample } from '../core/types.js';
import { cGrpo, trlMultiObjective } from './group-mix.js';
import { drGrpoNode, grpoNormalizeNode, rankNormalizeNode, rlooNode } from './group-nodes.js';
import { curriculumWeightNode, groupZscoreMix } from './group-weighting.js';
import { mean, stdDev } from './math.js';

// Rewards at 1e-9 resolution: subnormal inputs only test floating-point underflow, not the formula.
const reward = fc.double({ min: -100, max: 100, noNaN: true }).map((x) => Math.round(x * 1e9) / 1e9);
const inGroup = (group: string | number, ...xs: number[]): Sample[] => xs.map((x) => withScore(x, { group }));
const typical = [...inGroup('a', 1, 0, 0.5), ...inGroup('b', 0.25, 0.25)];
const two = (a: string, b: string) => ({ terms: [input(a, a), input(b, b)] });
const pair = (group: string, a: number[], b: number[]): Sample[] =>
  a.map((x, i) => ({ prompt: 'q', response: 'r', group, metadata: { x, y: b[i] } }));

contractSuite(grpoNormalizeNode, { node: { kind: 'grpo-normalize', reward: input() }, samples: typical });
contractSuite(drGrpoNode, { node: { kind: 'dr-grpo', reward: input() }, samples: typical });
contractSuite(rlooNode, { node: { kind: 'rloo', reward: input() }, samples: typical });
contractSuite(rankNormalizeNode, { node: { kind: 'rank-normalize', reward: input() }, samples: typical });
contractSuite(curriculumWeightNode, { node: { kind: 'curriculum-weight', reward: input() }, samples: typical });
contractSuite(trlMultiObjective, {
  node: { kind: 'trl-multi-objective', ...two('x', 'y') },
  samples: pair('g', [1, 0, 1], [0, 1, 1]),
});
contractSuite(groupZscoreMix, {
  node: { kind: 'group-zscore-mix', ...two('x', 'y') },
  samples: pair('g', [1, 0, 1], [0, 1, 1]),
});
contractSuite(cGrpo, {
  node: { kind: 'c-grpo', outcome: input('o', 'x'), rubric: input('r', 'y') },
  samples: pair('g', [1, 0, 1], [0.5, 1, 0.25]),
});

describe('group normalisation', () => {
  it('GRPO: (r − mean) / (sample std + ε) per group; groups never mix', async () => {
    const samples = [...inGroup('a', 1, 0, 0, 1), ...inGroup('b', 5, 7)];
    const results = await run({ kind: 'grpo-normalize', params: { epsilon: 0 }, reward: input() }, samples);
    const s = Math.sqrt(1 / 3);
    const expected = [0.5 / s, -0.5 / s, -0.5 / s, 0.5 / s, -1 / Math.SQRT2, 1 / Math.SQRT2];
    expectClose(scores(results), expected, 12);
    expect(results[0]?.details).toMatchObject({ input: 1, group: 'a', size: 4, mean: 0.5 });
    const trl = await run({ kind: 'grpo-normalize', reward: input() }, inGroup('a', 1, 0));
    expect(trl[0]?.score).toBeCloseTo(0.5 / (Math.SQRT1_2 + 1e-4), 12);
  });

  it('Dr. GRPO subtracts the mean only; RLOO subtracts the mean of the others', async () => {
    const samples = inGroup('a', 1, 0, 0, 1);
    expect(scores(await run({ kind: 'dr-grpo', reward: input() }, samples))).toEqual([0.5, -0.5, -0.5, 0.5]);
    const rloo = await run({ kind: 'rloo', reward: input() }, samples);
    expectClose(scores(rloo), [2 / 3, -2 / 3, -2 / 3, 2 / 3], 12);
    expect(rloo[0]?.details).toMatchObject({ baseline: 1 / 3 });
  });

  it('rank normalisation averages ties and scales to [0, 1] or [−1, 1]', async () => {
    const samples = inGroup('a', 3, 1, 2, 2);
    expect(scores(await run({ kind: 'rank-normalize', reward: input() }, samples))).toEqual([1, 0, 0.5, 0.5]);
    const centered = await run({ kind: 'rank-normalize', params: { centered: true }, reward: input() }, samples);
    expect(scores(centered)).toEqual([1, -1, 0, 0]);
  });

  it('property: GRPO groups have mean 0 and unit std, or all zeros when constant', () =>
    fc.assert(
      fc.asyncProperty(fc.array(reward, { minLength: 2, maxLength: 12 }), async (xs) => {
        const out = scores(
          await run({ kind: 'grpo-normalize', params: { epsilon: 0 }, reward: input() }, inGroup(7, ...xs)),
        ) as number[];
        if (stdDev(xs, 'sample') === 0) {
          expect(out.every((x) => x === 0)).toBe(true);
          return;
        }
        expect(mean(out)).toBeCloseTo(0, 9);
        expect(stdDev(out, 'sample')).toBeCloseTo(1, 9);
      }),
      { numRuns: 150 },
    ));

  it('property: an RLOO baseline excludes the sample itself', () =>
    fc.assert(
      fc.asyncProperty(
        fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 2, maxLength: 10 }),
        fc.nat(),
        fc.double({ min: -100, max: 100, noNaN: true }),
        async (xs, at, replacement) => {
          const i = at % xs.length;
          const changed = xs.map((x, k) => (k === i ? replacement : x));
          const node = { kind: 'rloo', reward: input() };
          const [before, after] = [await run(node, inGroup('g', ...xs)), await run(node, inGroup('g', ...changed))];
          const base = (r: typeof before) => r.map((x) => (x.details as { baseline: number }).baseline);
          expect(base(after)[i]).toBeCloseTo(base(before)[i] as number, 9);
          const others = xs.filter((_, k) => k !== i);
          expect(base(before)[i]).toBeCloseTo(mean(others), 9);
        },
      ),
      { numRuns: 100 },
    ));

  it('a sample without a group is unscorable/no-group; a lone rollout is group-too-small', async () => {
    const results = await run({ kind: 'grpo-normalize', reward: input() }, [
      withScore(1),
      withScore(1, { group: 'solo' }),
      withScore(2, { group: 1 }),
      withScore(2, { group: '1' }),
    ]);
    expect(results[0]).toMatchObject({ status: 'unscorable', code: 'no-group' });
    expect(results[0]?.message).toMatch(/needs a "group" id/);
    expect(results[1]).toMatchObject({ status: 'unscorable', code: 'group-too-small' });
    expect(results[1]?.message).toMatch(/at least 2 scored rollouts of the prompt in the batch, got 1/);
    expect(scores(results.slice(2))).toEqual([0, 0]); // 1 and "1" are one group, as the CLI batches them
  });

  it('checks the expected group size, and leaves failed members out', async () => {
    const samples = [...inGroup('a', 1, 0, 1), ...inGroup('b', 1, 0), { prompt: 'q', response: 'r', group: 'a' }];
    const results = await run({ kind: 'dr-grpo', params: { groupSize: 3 }, reward: input() }, samples);
    expect(results[3]?.message).toMatch(/holds 2 rollouts of this group, expected 3/);
    expect(results[0]?.message).toMatch(/holds 4 rollouts/);
    const loose = await run({ kind: 'dr-grpo', reward: input() }, samples);
    const expected = [1 / 3, -2 / 3, 1 / 3, 0.5, -0.5];
    expectClose(scores(loose).slice(0, 5), expected);
    expect(loose[5]).toMatchObject({ code: 'missing-input' });
  });
});

describe('multi-reward group mixes', () => {
  it('TRL sum_then_normalize: Σ w·r, centred and scaled per group (ε = 1e-4)', async () => {
    const node = { kind: 'trl-multi-objective', terms: [input('x', 'x'), { ...input('y', 'y'), weight: 0.5 }] };
    const results = await run(node, pair('g', [1, 0], [0, 1]));
    const s = Math.sqrt(0.125); // sums 1 and 0.5
    expect(results[0]?.score).toBeCloseTo(0.25 / (s + 1e-4), 12);
    expect(results[1]?.score).toBeCloseTo(-0.25 / (s + 1e-4), 12);
    const none = await run({ ...node, params: { scaleRewards: 'none' } }, pair('g', [1, 0], [0, 1]));
    expect(scores(none)).toEqual([0.25, -0.25]);
  });

  it('TRL skips unscorable terms (nansum) and marks a sample unscorable only when all are', async () => {
    const samples: Sample[] = [
      { prompt: 'q', response: 'r', group: 'g', metadata: { x: 1 } },
      { prompt: 'q', response: 'r', group: 'g', metadata: { x: 0, y: 1 } },
      { prompt: 'q', response: 'r', group: 'g', metadata: {} },
    ];
    const results = await run(
      { kind: 'trl-multi-objective', params: { scaleRewards: 'none' }, ...two('x', 'y') },
      samples,
    );
    expect(scores(results)).toEqual([0, 0, null]);
    expect(results[2]?.code).toBe('missing-input');
  });

  it('TRL normalize_then_sum (GDPO): per-term group z-scores, weighted sum, then a batch z-score', async () => {
    const samples = [...pair('g', [1, 0], [0, 1]), ...pair('h', [1, 1], [2, 0])];
    const results = await run(
      { kind: 'trl-multi-objective', params: { aggregation: 'normalize_then_sum', epsilon: 0 }, ...two('x', 'y') },
      samples,
    );
    // g: z(x) = [.707, −.707], z(y) = [−.707, .707] → sums [0, 0]; h: z(x) = [0, 0], z(y) = [.707, −.707]
    const sums = [0, 0, Math.SQRT1_2, -Math.SQRT1_2];
    const m = mean(sums);
    const s = stdDev(sums, 'sample');
    expectClose(
      scores(results),
      sums.map((x) => (x - m) / s),
      9,
    );
  });

  it('C-GRPO: α = 0.3 mix with group-max-normalised rubric, zero outcome stays zero', async () => {
    const node = (params: Record<string, unknown>) => ({
      kind: 'c-grpo',
      params,
      outcome: input('o', 'x'),
      rubric: input('r', 'y'),
    });
    const paper = await run(node({}), pair('g', [1, 0, 1], [0.5, 1, 0.25]));
    expectClose(scores(paper), [0.85, 0, 0.775], 12);
    const norm = await run(node({}), pair('g', [1, 1], [0.5, 0.25]));
    expectClose(scores(norm), [1, 0.85], 12);
    const quirk = await run(node({ unnormalizedQuirk: true }), pair('g', [1, 1], [0.5, 0.25]));
    expectClose(scores(quirk), [0.85, 0.775], 12);
    const mix = await run(node({ mode: 'mix' }), pair('g', [0, 1], [1, 0.5]));
    expectClose(scores(mix), [0.3, 0.85], 12);
    const negative = await run(node({ mode: 'only-negative' }), pair('g', [0, 1], [1, 0.5]));
    expectClose(scores(negative), [0.3, 1], 12);
  });

  it('BLEUBERI z-score mix: population z-scores per term, then their mean', async () => {
    const results = await run({ kind: 'group-zscore-mix', ...two('x', 'y') }, pair('g', [1, 0, 0], [0, 0, 1]));
    const hi = Math.SQRT2;
    const lo = -Math.SQRT1_2;
    expectClose(scores(results), [(hi + lo) / 2, lo, (hi + lo) / 2], 12);
    expect(results[1]?.details).toMatchObject({ z: { x: expect.closeTo(lo, 12), y: expect.closeTo(lo, 12) } });
  });

  it('PC-GRPO curriculum (reconstruction): weight 4d(1 − d) peaks for medium groups, scales a target', async () => {
    const samples = [...inGroup('hard', 1, 0, 0, 0), ...inGroup('medium', 1, 0), ...inGroup('solved', 1, 1)];
    const results = await run({ kind: 'curriculum-weight', reward: input() }, samples);
    expect(scores(results)).toEqual([0.75, 0, 0, 0, 1, 0, 0, 0]);
    expect(results[4]?.details).toMatchObject({ difficulty: 0.5, weight: 1 });
    const target = { kind: 'dr-grpo', reward: input() };
    const weighted = await run({ kind: 'curriculum-weight', reward: input(), target }, samples);
    expect(scores(weighted)).toEqual([0.5625, -0.1875, -0.1875, -0.1875, 0.5, -0.5, 0, 0]);
    const gaussian = await run(
      { kind: 'curriculum-weight', params: { shape: 'gaussian' }, reward: input() },
      inGroup('m', 1, 0),
    );
    expect(gaussian[0]?.score).toBe(1);
    const [bad] = await run({ kind: 'curriculum-weight', reward: input() }, inGroup('x', 2));
    expect(bad?.message).toMatch(/needs rewards in \[0, 1\], got 2/);
  });
});

describe('what group nodes declare', () => {
  it('group-level, so hosts keep a prompt’s rollouts in one batch, and groupSize documented', () => {
    for (const def of [grpoNormalizeNode, drGrpoNode, rlooNode, rankNormalizeNode]) {
      expect(def.capabilities.groupLevel).toBe(true);
      const entry = registry.describe().find((d) => d.kind === def.kind);
      const schema = entry?.params as { properties?: Record<string, { description?: string }> } | undefined;
      expect(schema?.properties?.groupSize?.description).toMatch(/^expected rollouts per group/);
    }
  });
});
