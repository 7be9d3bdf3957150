import { describe, expect, it } from 'vitest';
import { contractSuite } from '../../test/contract.js';
import { createRegistry } from '../catalog.js';
import { Runner } from '../core/runner.js';
import { compileNode } from '../core/spec.js';
import { tokenF1, tokenOverlap } from './token-f1.js';

contractSuite(tokenF1, {
  samples: [
    { prompt: 'q', response: 'the cat sat', reference: 'a cat sat on the mat' },
    { prompt: 'q', response: 'dog', reference: ['cat', 'dog'] },
  ],
});

describe('tokenOverlap (SQuAD f1_score, hand-checked vectors)', () => {
  it('counts common tokens as a multiset', () => {
    // pred [cat sat], gold [cat sat on mat]: common 2 → P 1, R 0.5, F1 2/3
    expect(tokenOverlap(['cat', 'sat'], ['cat', 'sat', 'on', 'mat'])).toEqual({ precision: 1, recall: 0.5, f1: 2 / 3 });
    // repeated tokens count once per occurrence in both: pred [a a a], gold [a b] → common 1
    const o = tokenOverlap(['x', 'x', 'x'], ['x', 'y']);
    expect(o.precision).toBeCloseTo(1 / 3, 12);
    expect(o.recall).toBeCloseTo(1 / 2, 12);
    expect(o.f1).toBeCloseTo(0.4, 12);
    expect(tokenOverlap(['a'], ['b'])).toEqual({ precision: 0, recall: 0, f1: 0 });
  });

  it('SQuAD v2: an empty side scores 1 only when both are empty', () => {
    expect(tokenOverlap([], []).f1).toBe(1);
    expect(tokenOverlap([], ['a']).f1).toBe(0);
  });
});

describe('token-f1', () => {
  const registry = createRegistry();
  const score = async (response: string, reference: unknown, params = {}) => {
    const root = compileNode({ kind: 'token-f1', params }, registry, { file: 't' });
    const [r] = await new Runner().score(root, [{ prompt: 'q', response, reference }]);
    return r;
  };

  it('normalises like SQuAD (case, punctuation, articles) before counting', async () => {
    const r = await score('The Cat sat!', 'a cat sat on the mat');
    expect(r?.score).toBeCloseTo(2 / 3, 12);
    expect(r?.details).toMatchObject({ precision: 1, recall: 0.5, tokens: 2 });
  });

  it('selects precision or recall', async () => {
    expect((await score('cat sat', 'cat sat on mat', { metric: 'precision' }))?.score).toBe(1);
    expect((await score('cat sat', 'cat sat on mat', { metric: 'recall' }))?.score).toBe(0.5);
  });

  it('takes the max over references and reports which one', async () => {
    const r = await score('Denver Broncos', ['Broncos', 'Denver Broncos', 'The Denver Broncos team']);
    expect(r).toMatchObject({ score: 1, details: { matched: 1 } });
  });

  it('reads the answer from the usual places and ignores <think>', async () => {
    expect((await score('<think>mat mat</think><answer>cat</answer>', 'cat'))?.score).toBe(1);
  });

  it('empty references are unscorable; an answer that normalises to nothing scores 0', async () => {
    expect((await score('cat', ['the', '!!']))?.code).toBe('unparsable-reference');
    expect((await score('the', 'cat'))?.score).toBe(0);
  });
});
