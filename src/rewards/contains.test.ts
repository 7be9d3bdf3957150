import { describe, expect, it } from 'vitest';
import { contractSuite } from '../../test/contract.js';
import { createRegistry } from '../catalog.js';
import { Runner } from '../core/runner.js';
import { compileNode } from '../core/spec.js';
import { contains } from './contains.js';

contractSuite(contains, {
  samples: [
    { prompt: 'q', response: 'The capital is Paris.', reference: 'paris' },
    { prompt: 'q', response: 'I think London', reference: ['Paris', 'Lyon'] },
  ],
});

describe('contains', () => {
  const registry = createRegistry();
  const score = async (response: string, reference: unknown, params = {}) => {
    const root = compileNode({ kind: 'contains', params }, registry, { file: 't' });
    const [r] = await new Runner().score(root, [{ prompt: 'q', response, reference }]);
    return r;
  };

  it('ignores case and whitespace runs by default, and can be case sensitive', async () => {
    expect((await score('we went to NEW   york', 'New York'))?.score).toBe(1);
    expect((await score('we went to NEW york', 'New York', { caseSensitive: true }))?.score).toBe(0);
  });

  it('any / all / partial over a list', async () => {
    const refs = ['alpha', 'beta', 'gamma'];
    expect((await score('alpha only', refs))?.score).toBe(1);
    expect((await score('alpha only', refs, { match: 'all' }))?.score).toBe(0);
    const partial = await score('alpha and beta', refs, { match: 'all', partial: true });
    expect(partial?.score).toBeCloseTo(2 / 3, 12);
    expect(partial?.details).toMatchObject({ found: ['alpha', 'beta'], missing: ['gamma'] });
  });

  it('whole-word mode does not count a match inside a longer word', async () => {
    expect((await score('the category is wrong', 'cat', { wholeWord: true }))?.score).toBe(0);
    expect((await score('the cat, the hat', 'cat', { wholeWord: true }))?.score).toBe(1);
    expect((await score('the category is wrong', 'cat'))?.score).toBe(1);
  });

  it('takes the strings from params.values and ignores <think>', async () => {
    expect((await score('<think>disclaimer</think>Sure!', undefined, { values: ['disclaimer'] }))?.score).toBe(0);
    expect((await score('Disclaimer: none', undefined, { values: ['disclaimer'] }))?.score).toBe(1);
  });

  it('looks only in the extracted answer when asked to', async () => {
    const r = await score('Paris is nice. <answer>Lyon</answer>', 'Paris', { extract: ['answer-tag'] });
    expect(r?.score).toBe(0);
    expect(r?.details).toMatchObject({ rule: 'answer-tag' });
  });

  it('never rewards an empty needle or an empty answer (Visual-RFT#176)', async () => {
    expect((await score('anything', '   '))?.code).toBe('unparsable-reference');
    const empty = await score('<answer></answer>', 'x', { extract: ['answer-tag'] });
    expect(empty).toMatchObject({ status: 'scored', score: 0, details: { reason: 'no-answer' } });
    expect((await score('anything', undefined))?.code).toBe('no-reference');
  });

  it('rejects an empty values entry at spec time', () => {
    expect(() => compileNode({ kind: 'contains', params: { values: [''] } }, registry, { file: 's' })).toThrow(
      /params\.values\[0\]/,
    );
  });
});
