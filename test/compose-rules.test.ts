// The composition rules pinned value by value (these were mutants the suite did not kill): weighted-sum
// normalisation, the gate threshold and its `otherwise`, and how a failing or unscorable child is named.
import { describe, expect, it } from 'vitest';
import { createRegistry } from '../src/catalog.js';
import { blockingChild } from '../src/compose/children.js';
import { gate } from '../src/compose/gate.js';
import { weightedSum } from '../src/compose/weighted-sum.js';
import type { NodeHandle, ScoreContext } from '../src/core/define.js';
import { scored, unscorable } from '../src/core/outcome.js';
import { Runner } from '../src/core/runner.js';
import { compileNode, type NodeSpec } from '../src/core/spec.js';
import type { RewardResult, Sample } from '../src/core/types.js';

const run = (node: NodeSpec, samples: Sample[]) =>
  new Runner().score(compileNode(node, createRegistry(), { file: 'compose-rules' }), samples);
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

// Composites as the runner sees them: children are handles, so a test can give any child result.
const ctx: ScoreContext = { signal: new AbortController().signal, services: {}, queued: (wait) => wait };
const handle = (name: string, score: (s: Sample) => RewardResult, seen: Sample[][] = []): NodeHandle => ({
  name,
  kind: 'fixed',
  weight: undefined,
  run: async (samples) => {
    seen.push([...samples]);
    return samples.map(score);
  },
});

describe('blockingChild', () => {
  const kids = ['judge', 'format'].map((name) => handle(name, () => scored(1)));
  const ok = scored(1);

  it('names an errored child with its code and message, and wins over an earlier unscorable', () => {
    const timeout: RewardResult = { status: 'error', code: 'timeout', message: 'after 5000 ms' };
    expect(blockingChild(kids, [unscorable('no-reference', 'none'), timeout])).toEqual({
      status: 'error',
      code: 'child-failed',
      message: 'format: timeout (after 5000 ms)',
      details: { child: 'format', code: 'timeout' },
    });
    expect(blockingChild(kids, [{ status: 'error' }, ok])?.message).toBe('judge: error');
    expect(blockingChild(kids, [{ status: 'error', code: 'internal' }, ok])?.message).toBe('judge: internal');
  });

  it("keeps the first unscorable child's result, prefixing its message (or its code) with the child", () => {
    const none = unscorable('no-reference', 'the sample has no reference');
    expect(blockingChild(kids, [ok, none])).toEqual({ ...none, message: 'format: the sample has no reference' });
    const bare: RewardResult = { status: 'unscorable', code: 'empty-response' };
    expect(blockingChild(kids, [bare, none])).toEqual({ ...bare, message: 'judge: empty-response' });
    expect(blockingChild(kids, [ok, ok])).toBeUndefined();
  });
});

describe('composites over handles', () => {
  const batch = [0.9, 1, 0.2].map((w) => sample({ w }));

  it('gate runs its reward only on the samples whose condition scored at or above the threshold', async () => {
    const seen: Sample[][] = [];
    // A failed condition that still carries a score (a judge that scored, then failed) keeps the gate shut.
    const when = handle('when', (s) =>
      s === batch[0] ? { status: 'error', code: 'timeout', score: 1 } : scored(s.metadata?.w as number),
    );
    const reward = handle('reward', (s) => scored(10 * (s.metadata?.w as number)), seen);
    const results = await gate.run(batch, { when: [when], reward: [reward] }, { threshold: 0.5, otherwise: -1 }, ctx);
    expect(seen).toEqual([[batch[1]]]);
    expect(results.map((r) => [r.status, r.score])).toEqual([
      ['error', undefined],
      ['scored', 10],
      ['scored', -1],
    ]);
  });

  it('gate refuses to run without both slots', async () => {
    const when = handle('when', () => scored(1));
    const p = { threshold: 1, otherwise: 0 };
    await expect(gate.run(batch, {}, p, ctx)).rejects.toThrow('gate needs "when" and "reward"');
    await expect(gate.run(batch, { when: [when] }, p, ctx)).rejects.toThrow('gate needs "when" and "reward"');
    await expect(gate.run(batch, { reward: [when] }, p, ctx)).rejects.toThrow('gate needs "when" and "reward"');
  });

  it('weighted-sum with no terms scores 0, and a weight-0 term before a failing one does not take its name', async () => {
    expect((await weightedSum.run(batch, {}, { normalize: false }, ctx)).map((r) => r.score)).toEqual([0, 0, 0]);
    const [r] = await run(
      {
        kind: 'weighted-sum',
        terms: [
          { ...input('c'), weight: 0 },
          { ...input('a'), weight: 1 },
        ],
      },
      [sample({ b: 1 })],
    );
    expect(r).toMatchObject({ status: 'unscorable', code: 'missing-input' });
    expect(r?.message).toMatch(/^a: /);
  });

  it('documents every param for `rewardkit kinds`', () => {
    for (const kind of ['gate', 'weighted-sum']) {
      const entry = createRegistry()
        .describe()
        .find((d) => d.kind === kind);
      const schema = entry?.params as { properties?: Record<string, { description?: string }> } | undefined;
      const props = schema?.properties ?? {};
      expect(Object.keys(props).length).toBeGreaterThan(0);
      for (const prop of Object.values(props)) expect(prop.description).toMatch(/^[a-z].{10,}/);
    }
  });
});
