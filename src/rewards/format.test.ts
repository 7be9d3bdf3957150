import { describe, expect, it } from 'vitest';
import { contractSuite } from '../../test/contract.js';
import { createRegistry } from '../catalog.js';
import { Runner } from '../core/runner.js';
import { compileNode } from '../core/spec.js';
import { format } from './format.js';

const R1 = '<think>\nreasoning\n</think>\n<answer>\n42\n</answer>';

contractSuite(format, {
  samples: [
    { prompt: 'q', response: R1 },
    { prompt: 'q', response: 'just 42' },
  ],
});
contractSuite(format, {
  node: { kind: 'format', params: { mode: 'tags', tags: [{ name: 'think', weight: 1 }, 'answer'] } },
  samples: [{ prompt: 'q', response: '<answer>x</answer>' }],
});

describe('format', () => {
  const registry = createRegistry();
  const score = async (response: string, params = {}) => {
    const root = compileNode({ kind: 'format', params }, registry, { file: 't' });
    const [r] = await new Runner().score(root, [{ prompt: 'q', response }]);
    return r;
  };

  it('strict: only the blocks, in order, once each, whitespace between allowed', async () => {
    expect((await score(R1))?.score).toBe(1);
    expect((await score('<think>a</think><answer>b</answer>'))?.score).toBe(1);
    const cases: Array<[string, RegExp]> = [
      ['Sure! <think>a</think><answer>b</answer>', /text outside the tags before <think>/],
      ['<think>a</think><answer>b</answer> bye', /text after <\/answer>/],
      ['<answer>b</answer><think>a</think>', /out of order/],
      ['<think>a</think><think>a</think><answer>b</answer>', /<think> or <\/think> appears more than once/],
      ['<think>a</think><answer> </answer>', /<answer> is empty/],
      ['<think>a</think>', /<answer> block missing/],
      ['<think>a<answer>b</answer>', /<think> block missing/],
    ];
    for (const [text, reason] of cases) {
      const r = await score(text);
      expect(r?.score, text).toBe(0);
      expect(String(r?.details?.reason), text).toMatch(reason);
    }
  });

  it('lenient: blocks in order, other text allowed', async () => {
    expect((await score('Sure! <think>a</think> so <answer>b</answer> bye', { mode: 'lenient' }))?.score).toBe(1);
    expect((await score('<answer>b</answer><think>a</think>', { mode: 'lenient' }))?.score).toBe(0);
    expect((await score('<think>a</think><answer></answer>', { mode: 'lenient' }))?.score).toBe(0);
    expect((await score('<think>a</think><answer></answer>', { mode: 'lenient', allowEmpty: true }))?.score).toBe(1);
  });

  it('tags: weighted credit per present block, listing found and missing', async () => {
    const tags = [{ name: 'think', weight: 1 }, { name: 'answer', weight: 3 }, 'cite'];
    const r = await score('<answer>x</answer> <cite></cite>', { mode: 'tags', tags });
    expect(r?.score).toBeCloseTo(3 / 5, 12);
    expect(r?.details).toEqual({ found: ['answer'], missing: ['think', 'cite'] });
  });

  it('regex: any RE2 pattern over the trimmed response', async () => {
    const p = { mode: 'regex', pattern: '^<think>.*?</think><answer>.*?</answer>$', flags: 's' };
    expect((await score('<think>a\nb</think><answer>c</answer>\n', p))?.score).toBe(1);
    expect((await score('<think>a</think>x<answer>c</answer>', p))?.score).toBe(0);
    expect((await score('say hi', { mode: 'regex', pattern: 'hi', fullmatch: false }))?.score).toBe(1);
  });

  it('prefix: a prompt-prefilled <think> counts, and is not doubled when the model repeats it', async () => {
    expect((await score('reasoning</think><answer>1</answer>'))?.score).toBe(0);
    expect((await score('reasoning</think><answer>1</answer>', { prefix: '<think>' }))?.score).toBe(1);
    expect((await score('<think>r</think><answer>1</answer>', { prefix: '<think>' }))?.score).toBe(1);
  });

  it('rejects bad params at spec time', () => {
    const compile = (params: object) => compileNode({ kind: 'format', params }, registry, { file: 's' });
    expect(() => compile({ mode: 'regex' })).toThrow(/params\.pattern: mode "regex" needs/);
    expect(() => compile({ mode: 'regex', pattern: '(' })).toThrow(/params\.pattern: not a valid RE2/);
    expect(() => compile({ tags: ['think', 'think'] })).toThrow(/params\.tags/);
    expect(() => compile({ tags: ['a b'] })).toThrow(/params\.tags\[0\]/);
  });
});
