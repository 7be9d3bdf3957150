import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contractSuite } from '../../test/contract.js';
import { input, run, scores } from '../../test/shaping/run.js';
import type { Sample } from '../core/types.js';
import { maxNode, meanNode, minNode, productNode } from './combinators.js';
import { logSigmoidSum } from './log-sigmoid.js';

const xy = (x: number, y: number, extra: Record<string, unknown> = {}): Sample => ({
  prompt: 'q',
  response: 'r',
  metadata: { x, y, ...extra },
});
const terms = { terms: [input('x', 'x'), input('y', 'y')] };
const typical = [xy(0.5, 1), xy(0, 0.25), xy(-1, 2)];

contractSuite(meanNode, { node: { kind: 'mean', ...terms }, samples: typical });
contractSuite(minNode, { node: { kind: 'min', ...terms }, samples: typical });
contractSuite(maxNode, { node: { kind: 'max', ...terms }, samples: typical });
contractSuite(productNode, { node: { kind: 'product', ...terms }, samples: typical });
contractSuite(logSigmoidSum, {
  node: { kind: 'log-sigmoid-sum', params: { refs: { x: 0, y: 1 } }, ...terms },
  samples: typical,
});

describe('combinators', () => {
  it('mean (weighted), min, max and product of the terms', async () => {
    const samples = [xy(0.5, 1), xy(0, 0.25)];
    expect(scores(await run({ kind: 'mean', ...terms }, samples))).toEqual([0.75, 0.125]);
    const weighted = { kind: 'mean', terms: [{ ...input('x', 'x'), weight: 3 }, input('y', 'y')] };
    expect(scores(await run(weighted, samples))).toEqual([0.625, 0.0625]);
    expect(scores(await run({ kind: 'min', ...terms }, samples))).toEqual([0.5, 0]);
    expect(scores(await run({ kind: 'max', ...terms }, samples))).toEqual([1, 0.25]);
    expect(scores(await run({ kind: 'product', ...terms }, samples))).toEqual([0.5, 0]);
  });

  it('weight-0 terms are metrics: shown in the breakdown, never scored, never blocking', async () => {
    const node = { kind: 'min', terms: [input('x', 'x'), { ...input('y', 'y'), weight: 0 }] };
    const [a, b] = await run(node, [xy(0.5, -9), { prompt: 'q', response: 'r', metadata: { x: 0.5 } }]);
    expect(a?.score).toBe(0.5);
    expect(a?.components).toMatchObject({ x: 0.5, y: -9, min: 0.5 });
    expect(b?.score).toBe(0.5);
    expect(b?.components).toMatchObject({ y: null });
  });

  it('a failing term blocks the combination and is named', async () => {
    const [r] = await run({ kind: 'product', ...terms }, [{ prompt: 'q', response: 'r', metadata: { x: 1 } }]);
    expect(r).toMatchObject({ status: 'unscorable', code: 'missing-input' });
    expect(r?.message).toMatch(/^y: /);
  });

  it('every node reports its inputs in the breakdown', async () => {
    const node = {
      kind: 'mean',
      terms: [{ kind: 'affine', name: 'scaled', params: { scale: 2 }, reward: input('x', 'x') }, input('y', 'y')],
    };
    const [r] = await run(node, [xy(0.25, 1)]);
    expect(r?.components).toEqual({ 'scaled.x': 0.25, scaled: 0.5, y: 1, mean: 0.75 });
    expect(r?.details).toMatchObject({
      inputs: { scaled: 0.5, y: 1 },
      nodes: { scaled: { details: { input: 0.25 } } },
    });
  });
});

describe('log-sigmoid sum as logical AND (Wang et al. 2024)', () => {
  it('matches paper-methods §2: (2 vs 1) and (0.5 vs 1.5) → −1.626523', async () => {
    const [r] = await run({ kind: 'log-sigmoid-sum', params: { refs: { x: 1, y: 1.5 } }, ...terms }, [xy(2, 0.5)]);
    expect(r?.score).toBeCloseTo(-1.626523, 6);
    expect(r?.details).toMatchObject({ terms: { x: { ref: 1 }, y: { ref: 1.5 } } });
  });

  it('reads per-term references from metadata, estimating from score lists', async () => {
    const sample = xy(2, 0.5, { reference_scores: { x: 1, y: [1.5, 1.5] } });
    const [r] = await run({ kind: 'log-sigmoid-sum', ...terms }, [sample]);
    expect(r?.score).toBeCloseTo(-1.626523, 6);
    const [missing] = await run({ kind: 'log-sigmoid-sum', ...terms }, [xy(2, 0.5)]);
    expect(missing?.message).toMatch(/metadata\.reference_scores\.x/);
  });

  it('property: the AND never exceeds any one of its log-sigmoid terms (all ≤ 0)', () =>
    fc.assert(
      fc.asyncProperty(
        fc.double({ min: -50, max: 50, noNaN: true }),
        fc.double({ min: -50, max: 50, noNaN: true }),
        async (x, y) => {
          const [both] = await run({ kind: 'log-sigmoid-sum', params: { refs: { x: 0, y: 0 } }, ...terms }, [xy(x, y)]);
          const parts = both?.details?.terms as Record<string, { term: number }>;
          expect(both?.score as number).toBeLessThanOrEqual(
            Math.min(parts.x?.term as number, parts.y?.term as number) + 1e-12,
          );
        },
      ),
      { numRuns: 100 },
    ));
});

describe('gate (lead-owned) never leaks a score', () => {
  it('property: when the condition fails the reward child is not run and its score never appears', () =>
    fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            when: fc.double({ min: 0, max: 1, noNaN: true }),
            reward: fc.double({ min: -5, max: 5, noNaN: true }),
          }),
          {
            minLength: 1,
            maxLength: 8,
          },
        ),
        async (rows) => {
          const node = {
            kind: 'gate',
            params: { threshold: 0.5, otherwise: -1 },
            when: input('w', 'when'),
            reward: input('r', 'reward'),
          };
          const samples = rows.map((row, i) => ({ id: i, prompt: 'q', response: `r${i}`, metadata: row }));
          const results = await run(node, samples);
          rows.forEach((row, i) => {
            const r = results[i];
            // dedupe keys are JSON, so -0 and 0 are one input; compare numerically
            if (row.when >= 0.5) expect(r?.score === row.reward).toBe(true);
            else {
              expect(r?.score).toBe(-1);
              expect(r?.components?.r ?? null).toBeNull();
            }
          });
        },
      ),
      { numRuns: 100 },
    ));
});
