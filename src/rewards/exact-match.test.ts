import { describe, expect, it } from 'vitest';
import { contractSuite } from '../../test/contract.js';
import { createRegistry } from '../catalog.js';
import { Runner } from '../core/runner.js';
import { compileNode } from '../core/spec.js';
import { exactMatch } from './exact-match.js';

contractSuite(exactMatch, {
  samples: [
    { prompt: 'q', response: 'The answer is Paris.', reference: 'paris' },
    { prompt: 'q', response: '\\boxed{42}', reference: ['41', '42'] },
    { prompt: 'q', response: 'London', reference: 'Paris' },
  ],
});

describe('exact-match', () => {
  const registry = createRegistry();
  const score = async (response: string, reference: unknown, params = {}) => {
    const root = compileNode({ kind: 'exact-match', params }, registry, { file: 't' });
    const [r] = await new Runner().score(root, [{ prompt: 'q', response, reference }]);
    return r;
  };

  it('applies SQuAD normalisation (case, punctuation, articles, whitespace)', async () => {
    expect((await score('  The   Eiffel-Tower! ', 'eiffel tower'))?.score).toBe(0); // hyphen removed, not spaced
    expect((await score('The  Eiffel Tower!', 'eiffel tower'))?.score).toBe(1);
    expect((await score('an apple', 'Apple'))?.score).toBe(1);
  });

  it('folds compatibility characters (NFKC): full-width letters and ligatures match their plain forms', async () => {
    expect((await score('Ｐａｒｉｓ', 'paris'))?.score).toBe(1);
    expect((await score('ﬁve', 'five'))?.score).toBe(1);
    expect((await score('４２', '42'))?.score).toBe(1);
  });

  it('never reads an answer inside <think>, and scores several different boxed answers 0', async () => {
    expect((await score('<think>so \\boxed{42}</think>', '42'))?.score).toBe(0);
    expect((await score('<think>it is \\boxed{42}', '42'))?.score).toBe(0);
    expect(await score('first \\boxed{41}, then \\boxed{42}', '42')).toMatchObject({
      score: 0,
      details: { reason: 'conflicting-answers', answers: ['41', '42'] },
    });
    expect((await score('\\boxed{42} and again \\boxed{42}', '42'))?.score).toBe(1);
  });

  it('can be case sensitive', async () => {
    expect((await score('Paris', 'paris', { lowercase: false }))?.score).toBe(0);
    expect((await score('Paris', 'Paris', { lowercase: false }))?.score).toBe(1);
  });

  it('matches any of several references and says which', async () => {
    const r = await score('\\boxed{B}', ['A', 'B']);
    expect(r?.score).toBe(1);
    expect(r?.details).toMatchObject({ rule: 'boxed', matched: 1 });
  });

  it('is unscorable without a reference and an error for a wrongly shaped one', async () => {
    expect((await score('x', undefined))?.code).toBe('no-reference');
    const bad = await score('x', { a: 1 });
    expect(bad?.status).toBe('error');
    expect(bad?.code).toBe('invalid-reference');
  });
});
