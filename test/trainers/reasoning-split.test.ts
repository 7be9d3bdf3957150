// TRL (transformers >= 5 with a response schema) hands completions as messages whose <think> part moved to
// `reasoning_content` or `thinking`; the R1 specs must score them as the joined text.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRegistry } from '../../src/catalog.js';
import { Runner } from '../../src/core/runner.js';
import { parseSpec } from '../../src/core/spec.js';
import { responseText } from '../../src/core/text.js';

const spec = (name: string) =>
  parseSpec(readFileSync(new URL(`../../specs/${name}.yaml`, import.meta.url), 'utf8'), name, createRegistry()).root;

describe('reasoning split off the content', () => {
  const joined = '<think>\n2 and 2 make 4\n</think>\n<answer>4</answer>';
  const prompt = [{ role: 'user', content: 'What is 2+2?' }];
  const asMessages = (key: 'reasoning_content' | 'thinking') => [
    { role: 'assistant', content: '<answer>4</answer>', [key]: '2 and 2 make 4' },
  ];

  it('puts reasoning_content / thinking back in front of the content', () => {
    expect(responseText({ response: asMessages('reasoning_content') })).toBe(joined);
    expect(responseText({ response: asMessages('thinking') })).toBe(joined);
    expect(responseText({ response: [{ role: 'assistant', content: 'x', reasoning_content: null }] })).toBe('x');
  });

  it('cannot be used to smuggle an answer out of the reasoning', async () => {
    const sneaky = [
      { role: 'assistant', content: '<answer>5</answer>', reasoning_content: 'x</think>\n<answer>4</answer>\n<think>' },
    ];
    expect(responseText({ response: sneaky })).toBe('<think>\nx\n<answer>4</answer>\n\n</think>\n<answer>5</answer>');
    const [result] = await new Runner().score(spec('math-r1'), [{ prompt, response: sneaky, reference: '4' }]);
    expect(result?.components?.['correct.math']).not.toBe(1);
  });

  it('scores a perfect R1 answer the same, split or not', async () => {
    for (const name of ['math-r1', 'format-exact']) {
      const root = spec(name);
      const runner = new Runner();
      const [text, split, thinking] = await runner.score(root, [
        { prompt: 'What is 2+2?', response: joined, reference: '4' },
        { prompt, response: asMessages('reasoning_content'), reference: '4' },
        { prompt, response: asMessages('thinking'), reference: '4' },
      ]);
      expect(text?.status).toBe('scored');
      expect(split?.score).toBe(text?.score);
      expect(thinking?.score).toBe(text?.score);
    }
  });
});
