// The composition rules pinned value by value (these were mutants the suite did not kill): weighted-sum
// normalisation, the gate threshold and its `otherwise`, and how a failing or unscorable child is named.
import { describe, expect, it } from 'vitest';
import { createRegistry } from '../src/catalog.js';
import { Runner } from '../src/core/runner.js';
import { compileNode, type NodeSpec } from '../src/core/spec.js';
import type { Sample } from '../src/core/types.js';

const registry = createRegistry();
const run = (node: NodeSpec, samples: Sample[]) =>
  new Runner().score(compileNode(node, registry, { file: 'compose-rules' }), samples);
const input = (name: string) => ({ name, kind: 'score-input', params: { field: name } });
const sample = (metadata: Record<string, unknown>): Sample => ({ prompt: 'q', response: 'r', metadata });

describe('weighted-sum', () => {
  const node = (normalize: boolean): NodeSpec => ({
    kind: 'weighted-sum',
    params: { normalize },
    terms: [
      { ...input('a'), weight: 2 },
      { ...input('b'), weight: -1 },
      { ...input('c'), weight: 0 },
    ],
  });

  it('sums weighted terms; normalize divides by the sum of absolute weights', async () => {
    const s = sample({ a: 1, b: 0.5, c: 100 });
    const [plain] = await run(node(false), [s]);
    const [normal] = await run(node(true), [s]);
    expect(plain?.score).toBeCloseTo(2 * 1 - 1 * 0.5, 12);
    expect(normal?.score).toBeCloseTo((2 * 1 - 1 * 0.5) / 3, 12);
    // A weight-0 term is reported but never counted.
    expect(plain?.components).toMatchObject({ a: 1, b: 0.5, c: 100 });
    expect(plain?.details?.weights).toEqual({ a: 2, b: -1, c: 0 });
  });

  it('logs a weight-0 term without letting it block the sum', async () => {
    const [r] = await run(node(false), [sample({ a: 1, b: 0 })]);
    expect(r).toMatchObject({ status: 'scored', score: 2 });
    expect(r?.components?.c).toBeNull();
  });

  it('names the first unscorable term, with its code when it has no message of its own', async () => {
    const [r] = await run(node(false), [sample({ c: 1 })]);
    expect(r).toMatchObject({ status: 'unscorable', code: 'missing-input' });
    expect(r?.message).toMatch(/^a: /);
  });

  it('leaves the sum as it is when every weight is 0', async () => {
    const zero: NodeSpec = { kind: 'weighted-sum', params: { normalize: true }, terms: [{ ...input('a'), weight: 0 }] };
    expect((await run(zero, [sample({ a: 5 })]))[0]?.score).toBe(0);
  });
});

describe('gate', () => {
  const node = (params: Record<string, unknown>): NodeSpec => ({
    kind: 'gate',
    params,
    when: input('w'),
    reward: input('r'),
  });

  it('opens at the threshold (inclusive), else gives `otherwise`', async () => {
    const gateAt = node({ threshold: 0.5, otherwise: -1 });
    const results = await run(gateAt, [
      sample({ w: 0.5, r: 0.8 }),
      sample({ w: 0.49, r: 0.8 }),
      sample({ w: 1, r: 0.3 }),
    ]);
    expect(results.map((r) => r.score)).toEqual([0.8, -1, 0.3]);
    expect(results[0]?.details).toMatchObject({ gate: 'open', condition: 0.5 });
    expect(results[1]?.details).toMatchObject({ gate: 'closed', condition: 0.49 });
  });

  it('defaults to threshold 1 and otherwise 0', async () => {
    const results = await run(node({}), [sample({ w: 1, r: 0.7 }), sample({ w: 0.99, r: 0.7 })]);
    expect(results.map((r) => r.score)).toEqual([0.7, 0]);
  });

  it('passes an unscorable condition or reward on, naming the child, instead of scoring it', async () => {
    const [noCondition, noReward] = await run(node({ threshold: 0.5 }), [sample({ r: 1 }), sample({ w: 1 })]);
    expect(noCondition).toMatchObject({ status: 'unscorable', code: 'missing-input' });
    expect(noCondition?.message).toMatch(/^w: /);
    expect(noReward).toMatchObject({ status: 'unscorable', code: 'missing-input' });
    expect(noReward?.message).toMatch(/^r: /);
  });
});
