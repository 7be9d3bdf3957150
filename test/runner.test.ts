import { beforeEach, describe, expect, it } from 'vitest';
import { Runner } from '../src/core/runner.js';
import { compileSpec } from '../src/core/spec.js';
import type { Sample } from '../src/core/types.js';
import { calls, testRegistry } from './fixtures.js';

const registry = testRegistry();
const compile = (reward: unknown) => compileSpec({ reward }, registry, { file: 'test' }).root;
const sample = (response: string, reference?: unknown): Sample => ({ prompt: 'q', response, reference });

describe('runner', () => {
  beforeEach(() => {
    calls.count = 0;
  });

  it('returns one result per sample in input order, with components', async () => {
    const results = await new Runner().score(compile({ kind: 'test-count' }), [
      sample('a'),
      sample('abc'),
      sample('ab'),
    ]);
    expect(results.map((r) => r.score)).toEqual([1, 3, 2]);
    expect(results[1]?.components).toEqual({ 'test-count': 3 });
  });

  it('scores identical (sample, node) pairs of a cheap-and-up kind once per batch, ids aside', async () => {
    const batch = [{ ...sample('x'), id: 1 }, { ...sample('x'), id: 2 }, sample('y'), sample('x')];
    const results = await new Runner().score(compile({ kind: 'test-count-cheap' }), batch);
    expect(results.map((r) => r.score)).toEqual([1, 1, 1, 1]);
    expect(calls.count).toBe(2);
  });

  it('scores every sample of a trivial kind (keying costs more than scoring)', async () => {
    const batch = [sample('x'), sample('x'), sample('y'), sample('x')];
    const results = await new Runner().score(compile({ kind: 'test-count' }), batch);
    expect(results.map((r) => r.score)).toEqual([1, 1, 1, 1]);
    expect(calls.count).toBe(4);
  });

  it('turns an overrun into an error result with code timeout, without waiting for the reward', async () => {
    const root = compile({ kind: 'test-slow', params: { ms: 2_000 } });
    const started = Date.now();
    const [r] = await new Runner({ timeoutMs: 50 }).score(root, [sample('x')]);
    expect(r).toMatchObject({ status: 'error', code: 'timeout' });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('bounds concurrency', async () => {
    const root = compile({ kind: 'test-slow', params: { ms: 40 } });
    const runner = new Runner({ concurrency: 2 });
    const started = Date.now();
    await runner.score(
      root,
      Array.from({ length: 6 }, (_, i) => sample(String(i))),
    );
    // six 40 ms calls two at a time need at least three rounds
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('reports a throwing reward and a non-finite score as errors, not crashes', async () => {
    const [thrown] = await new Runner().score(compile({ kind: 'test-throw' }), [sample('x')]);
    expect(thrown).toMatchObject({ status: 'error', code: 'reward-failed' });
    expect(thrown?.message).toMatch(/boom/);
    const [nan] = await new Runner().score(compile({ kind: 'test-nan' }), [sample('x')]);
    expect(nan).toMatchObject({ status: 'error', code: 'reward-failed' });
  });

  it('weighted-sum: weights, weight-0 metrics, and error propagation', async () => {
    const root = compile({
      kind: 'weighted-sum',
      terms: [
        { kind: 'exact-match', weight: 0.5 },
        { kind: 'test-count', weight: 0.25 },
        { kind: 'test-throw', weight: 0, name: 'broken_metric' },
      ],
    });
    const [r] = await new Runner().score(root, [sample('Paris', 'paris')]);
    expect(r?.status).toBe('scored');
    expect(r?.score).toBeCloseTo(0.5 * 1 + 0.25 * 5);
    expect(r?.components).toEqual({ 'weighted-sum': 1.75, 'exact-match': 1, 'test-count': 5, broken_metric: null });
    const failing = compile({ kind: 'weighted-sum', terms: [{ kind: 'exact-match' }, { kind: 'test-throw' }] });
    const [f] = await new Runner().score(failing, [sample('Paris', 'paris')]);
    expect(f).toMatchObject({ status: 'error', code: 'child-failed' });
    expect(f?.message).toMatch(/test-throw/);
  });

  it('weighted-sum: an unscorable term makes the sum unscorable, not 0', async () => {
    const root = compile({ kind: 'weighted-sum', terms: [{ kind: 'exact-match' }, { kind: 'test-count' }] });
    const [r] = await new Runner().score(root, [sample('Paris')]);
    expect(r).toMatchObject({ status: 'unscorable', code: 'no-reference' });
  });

  it('gate: never runs or leaks the gated reward when the condition fails', async () => {
    const root = compile({
      kind: 'gate',
      params: { otherwise: -1 },
      when: { kind: 'exact-match', params: { extract: ['answer-tag'] } },
      reward: { kind: 'test-count' },
    });
    const results = await new Runner().score(root, [sample('<answer>ok</answer>', 'ok'), sample('no tags', 'ok')]);
    expect(results.map((r) => r.score)).toEqual([19, -1]);
    expect(calls.count).toBe(1);
    expect(results[1]?.components).toEqual({ gate: -1, 'exact-match': 0 });
  });

  it('nested composites get dotted component paths and child details', async () => {
    const root = compile({
      kind: 'weighted-sum',
      terms: [{ kind: 'weighted-sum', name: 'inner', terms: [{ kind: 'exact-match' }] }, { kind: 'test-count' }],
    });
    const [r] = await new Runner().score(root, [sample('x', 'x')]);
    expect(Object.keys(r?.components ?? {}).sort()).toEqual([
      'inner',
      'inner.exact-match',
      'test-count',
      'weighted-sum',
    ]);
    expect(r?.details?.nodes).toHaveProperty(['inner.exact-match', 'details', 'rule'], 'whole');
  });
});
