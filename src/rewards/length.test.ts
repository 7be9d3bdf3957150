import { readFileSync } from 'node:fs';
import { Tiktoken } from 'js-tiktoken/lite';
import { describe, expect, it } from 'vitest';
import { contractSuite } from '../../test/contract.js';
import { createRegistry } from '../catalog.js';
import { Runner } from '../core/runner.js';
import { compileNode } from '../core/spec.js';
import { lengthReward, rangeScore, targetScore } from './length.js';
import { tokenCounter } from './token-count.js';

contractSuite(lengthReward, {
  samples: [
    { prompt: 'q', response: 'four words right here' },
    { prompt: 'q', response: '' },
  ],
});
contractSuite(lengthReward, {
  node: { kind: 'length', params: { unit: 'tokens', mode: 'range', min: 2, max: 10, slack: 5 } },
  samples: [{ prompt: 'q', response: 'Hello, world!' }],
});

const corpus = JSON.parse(readFileSync(new URL('../../data/rewards/token-corpus.json', import.meta.url), 'utf8'))
  .texts as string[];

describe('token counting', () => {
  it('pins known counts (OpenAI cookbook: "tiktoken is great!" is 6 cl100k tokens)', async () => {
    expect((await tokenCounter('cl100k_base')).count('tiktoken is great!')).toBe(6);
    expect((await tokenCounter('cl100k_base')).count('Hello, world!')).toBe(4);
  });

  it.each(['o200k_base', 'cl100k_base'] as const)(
    'equals js-tiktoken encode().length on the corpus (%s)',
    async (name) => {
      const counter = await tokenCounter(name);
      const mod =
        name === 'o200k_base'
          ? await import('js-tiktoken/ranks/o200k_base')
          : await import('js-tiktoken/ranks/cl100k_base');
      const reference = new Tiktoken(mod.default);
      for (const text of corpus) expect(counter.count(text), text).toBe(reference.encode(text, [], []).length);
    },
  );

  it('counts a 200k-character run in chunks instead of hanging', async () => {
    const counter = await tokenCounter('o200k_base');
    expect(counter.count('x'.repeat(200_000))).toBe((200_000 / 32) * counter.count('x'.repeat(32)));
    expect(counter.count(' '.repeat(100_000))).toBeGreaterThan(0);
  });
});

describe('length', () => {
  const registry = createRegistry();
  const score = async (response: string, params = {}) => {
    const root = compileNode({ kind: 'length', params }, registry, { file: 't' });
    const [r] = await new Runner().score(root, [{ prompt: 'q', response }]);
    return r;
  };

  it('counts chars (code points), words and tokens', async () => {
    expect((await score('héllo 🎉', { unit: 'chars' }))?.score).toBe(7);
    expect((await score('  one two\nthree  '))?.score).toBe(3);
    expect((await score('Hello, world!', { unit: 'tokens', encoding: 'cl100k_base' }))?.score).toBe(4);
  });

  it('measures the whole response, the answer outside <think>, or the thinking', async () => {
    const text = '<think>a b c</think> d e';
    expect((await score(text))?.score).toBe(5); // "<think>a", "b", "c</think>", "d", "e"
    expect((await score(text, { scope: 'answer' }))?.score).toBe(2);
    expect((await score(text, { scope: 'thinking' }))?.score).toBe(3);
  });

  it('range: 1 inside [min, max], linear decay over slack outside', () => {
    expect(rangeScore(5, 2, 10, 0)).toBe(1);
    expect(rangeScore(11, 2, 10, 0)).toBe(0);
    expect(rangeScore(12, 2, 10, 4)).toBe(0.5);
    expect(rangeScore(0, 2, 10, 4)).toBe(0.5);
    expect(rangeScore(20, 2, 10, 4)).toBe(0);
  });

  it('target: 1 − |n − target| / scale, floored at 0', () => {
    expect(targetScore(100, 100, 100)).toBe(1);
    expect(targetScore(150, 100, 100)).toBe(0.5);
    expect(targetScore(50, 100, 100)).toBe(0.5);
    expect(targetScore(300, 100, 100)).toBe(0);
  });

  it('scores range and target modes through the runner', async () => {
    const words = (n: number) => Array.from({ length: n }, () => 'w').join(' ');
    expect((await score(words(12), { mode: 'range', max: 10, slack: 4 }))?.score).toBe(0.5);
    expect(await score(words(15), { mode: 'target', target: 10 })).toMatchObject({
      score: 0.5,
      details: { length: 15 },
    });
    expect((await score(words(15), { mode: 'target', target: 10, scale: 20 }))?.score).toBe(0.75);
  });

  it('rejects incomplete modes at spec time', () => {
    const compile = (params: object) => compileNode({ kind: 'length', params }, registry, { file: 's' });
    expect(() => compile({ mode: 'range' })).toThrow(/params\.max: mode "range" needs/);
    expect(() => compile({ mode: 'range', min: 5, max: 1 })).toThrow(/params\.min/);
    expect(() => compile({ mode: 'target' })).toThrow(/params\.target/);
    expect(() => compile({ unit: 'bytes' })).toThrow(/params\.unit/);
  });
});
