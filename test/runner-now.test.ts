// Runner.scoreNow (the synchronous lane the server uses for trivial rules) must answer exactly what
// Runner.score answers: same results, same field order, same failures, sample by sample.
import { describe, expect, it } from 'vitest';
import { Runner } from '../src/core/runner.js';
import { compileSpec } from '../src/core/spec.js';
import type { Sample } from '../src/core/types.js';
import { testRegistry } from './fixtures.js';

const registry = testRegistry();
const compile = (reward: unknown) => compileSpec({ reward }, registry, { file: 'test' }).root;

const responses = [
  '<think>maybe 3</think><answer>Paris</answer>',
  'The answer is 42.',
  'So we get \\boxed{3/4}',
  '\\boxed{1} and \\boxed{2}',
  'no answer here',
  '',
  'Final answer: **blue whale**',
];
const references: unknown[] = ['Paris', '42', '3/4', ['1', '2'], undefined, '', 7, { bad: true }, ['']];
const batch: Sample[] = responses.flatMap((response, i) =>
  references.map((reference, j) => ({ id: `${i}-${j}`, prompt: 'q', response, reference })),
);

const specs: Array<[string, unknown]> = [
  ['exact-match', { kind: 'exact-match' }],
  ['exact-match, answer-tag only', { kind: 'exact-match', params: { extract: ['answer-tag'] } }],
  ['token-f1', { kind: 'token-f1' }],
  ['regex', { kind: 'regex', params: { pattern: '\\d+' } }],
  ['a throwing rule', { kind: 'test-throw' }],
  ['a non-finite rule', { kind: 'test-nan' }],
  ['a counting rule', { kind: 'test-count' }],
];

describe('Runner.scoreNow', () => {
  for (const [name, reward] of specs) {
    it(`answers what score answers, synchronously: ${name}`, async () => {
      const root = compile(reward);
      const now = new Runner().scoreNow(root, batch);
      expect(now).not.toBeInstanceOf(Promise);
      const expected = await new Runner().score(root, batch);
      // Same JSON text: the same fields in the same order.
      expect(JSON.stringify(now)).toBe(JSON.stringify(expected));
      expect(now).toHaveLength(batch.length);
    });
  }

  it('falls back to a promise for composites and asynchronous rewards, with the same results', async () => {
    for (const reward of [
      { kind: 'weighted-sum', terms: [{ kind: 'exact-match' }, { kind: 'test-count', weight: 0.5 }] },
      { kind: 'test-slow', params: { ms: 1 } },
    ]) {
      const root = compile(reward);
      const now = new Runner().scoreNow(root, batch.slice(0, 5));
      expect(now).toBeInstanceOf(Promise);
      expect(JSON.stringify(await now)).toBe(JSON.stringify(await new Runner().score(root, batch.slice(0, 5))));
    }
  });

  it('times each sample when asked: a synchronous one at once, an asynchronous one once it settles', async () => {
    const times: number[] = [];
    expect(new Runner().scoreNow(compile({ kind: 'exact-match' }), batch, times)).not.toBeInstanceOf(Promise);
    expect(times).toHaveLength(batch.length);
    for (const t of times) expect(t).toBeGreaterThanOrEqual(0);
    const slow: number[] = [];
    const pending = new Runner().scoreNow(compile({ kind: 'test-slow', params: { ms: 30 } }), batch.slice(0, 3), slow);
    expect(pending).toBeInstanceOf(Promise);
    await pending;
    expect(slow).toHaveLength(3);
    // Each covers its wait (a timer may fire a millisecond early), not just the synchronous part.
    for (const t of slow) expect(t).toBeGreaterThanOrEqual(25);
  });

  it('still bounds an asynchronous trivial reward by its budget', async () => {
    const [r] = await new Runner({ timeoutMs: 20 }).scoreNow(compile({ kind: 'test-slow', params: { ms: 2_000 } }), [
      { prompt: 'q', response: 'x' },
    ]);
    expect(r).toMatchObject({ status: 'error', code: 'timeout' });
  });
});
