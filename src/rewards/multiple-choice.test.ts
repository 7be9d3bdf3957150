import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contractSuite } from '../../test/contract.js';
import { createRegistry } from '../catalog.js';
import { Runner } from '../core/runner.js';
import { compileNode } from '../core/spec.js';
import type { Sample } from '../core/types.js';
import { findChoice } from './choice-letter.js';
import { multipleChoice } from './multiple-choice.js';

contractSuite(multipleChoice, {
  samples: [
    { prompt: 'q', response: 'The answer is (B).', reference: 'B' },
    { prompt: 'q', response: 'Paris', reference: 0, metadata: { choices: ['Paris', 'Lyon', 'Nice'] } },
    { prompt: 'q', response: 'A or C', reference: 'C' },
  ],
});

interface FormCase {
  response: string;
  expect: string | null;
  rule?: string;
}
const forms = JSON.parse(
  readFileSync(new URL('../../data/rewards/multiple-choice-forms.json', import.meta.url), 'utf8'),
).cases as FormCase[];

describe('findChoice: the usual answer forms', () => {
  it.each(forms.map((c) => [c.response, c] as const))('%j', (_, c) => {
    const found = findChoice(c.response, { letters: 'ABCD' }, 'ambiguous');
    if (c.expect === null) return expect(found).toBeNull();
    if (c.expect === 'ambiguous') expect(found).toHaveProperty('ambiguous');
    else expect(found).toMatchObject({ letter: c.expect });
    if (c.rule) expect(found?.rule).toBe(c.rule);
  });

  it('takes the last letter when onMultiple is "last", except for a hedged list', () => {
    const text = 'The answer is A.\nNo wait, the answer is B.';
    expect(findChoice(text, { letters: 'ABCD' }, 'last')).toMatchObject({ letter: 'B' });
    expect(findChoice('The answer is A or B', { letters: 'ABCD' }, 'last')).toHaveProperty('ambiguous');
  });
});

describe('multiple-choice', () => {
  const registry = createRegistry();
  const score = async (sample: Omit<Sample, 'prompt'>, params = {}) => {
    const root = compileNode({ kind: 'multiple-choice', params }, registry, { file: 't' });
    const [r] = await new Runner().score(root, [{ prompt: 'q', ...sample }]);
    return r;
  };

  it('scores the picked letter against a letter, an index or an option text', async () => {
    expect((await score({ response: 'Answer: C', reference: 'c' }))?.score).toBe(1);
    expect((await score({ response: 'Answer: C', reference: '(C)' }))?.score).toBe(1);
    expect((await score({ response: 'Answer: C', reference: 2 }))?.score).toBe(1);
    expect((await score({ response: 'Answer: C', reference: 'B' }))?.score).toBe(0);
    const metadata = { choices: ['red', 'green', 'blue'] };
    expect((await score({ response: 'Answer: C', reference: 'Blue', metadata }))?.score).toBe(1);
  });

  it('matches option text from metadata when no letter is given', async () => {
    const metadata = { choices: { A: 'Paris', B: 'Lyon', C: 'Nice', D: 'Lille' } };
    const r = await score({ response: 'The answer is: Lyon.', reference: 'B', metadata });
    expect(r).toMatchObject({ score: 1, details: { predicted: 'B', via: 'text', rule: 'answer-phrase' } });
    expect((await score({ response: 'lyon', reference: 'B', metadata }))?.score).toBe(1);
  });

  it('scores several different letters as 0 with reason "ambiguous"', async () => {
    const r = await score({ response: '**A** or maybe **B**', reference: 'A' });
    expect(r).toMatchObject({ score: 0, details: { reason: 'ambiguous', candidates: ['A', 'B'] } });
  });

  it('uses a configurable letter set, or one letter per listed option', async () => {
    expect((await score({ response: 'Answer: E', reference: 'E' }))?.status).toBe('error'); // E not in ABCD
    expect((await score({ response: 'Answer: E', reference: 'E' }, { letters: 'ABCDE' }))?.score).toBe(1);
    const metadata = { choices: ['1', '2', '3', '4', '5', '6'] };
    expect((await score({ response: 'Answer: F', reference: 'F', metadata }))?.score).toBe(1);
    expect(() => compileNode({ kind: 'multiple-choice', params: { letters: 'abc' } }, registry, { file: 's' })).toThrow(
      /params\.letters/,
    );
  });

  it('reports bad references and malformed choices as errors naming the field', async () => {
    const bad = await score({ response: 'A', reference: 'Z' });
    expect(bad).toMatchObject({ status: 'error', code: 'invalid-reference' });
    const badChoices = await score({ response: 'A', reference: 'A', metadata: { choices: 'A,B' } });
    expect(badChoices).toMatchObject({ status: 'error', code: 'invalid-sample' });
    expect(badChoices?.message).toMatch(/metadata\.choices/);
    expect((await score({ response: 'A' }))?.code).toBe('no-reference');
  });
});
