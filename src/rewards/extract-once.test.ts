import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allBoxed,
  answerPhrase,
  answerTag,
  EXTRACTORS,
  type Extraction,
  type Extractor,
  extractAnswer,
  lastBoxed,
  lastLine,
  lastNumber,
  stripThinking,
} from './extract.js';

// extractAnswer strips reasoning once per response; this is the rule-by-rule definition it must agree with,
// built from the public extractors, each of which strips the response itself.
function byRule(text: string, order: readonly Extractor[]): Extraction | null {
  const rules: Record<Extractor, (t: string) => string | null> = {
    boxed: (t) => lastBoxed(stripThinking(t)),
    'answer-tag': answerTag,
    'answer-phrase': answerPhrase,
    'last-number': lastNumber,
    'last-line': lastLine,
    whole: (t) => stripThinking(t).trim() || null,
  };
  for (const rule of order) {
    const value = rules[rule](text);
    if (value === null || value === '') continue;
    if (rule === 'boxed') {
      const distinct = [...new Set(allBoxed(stripThinking(text)).filter(Boolean))];
      if (distinct.length > 1) return { value, rule, conflicting: distinct };
    }
    return { value, rule };
  }
  return null;
}

const pieces = [
  '<think>',
  '</think>',
  '<answer>',
  '</answer>',
  '\\boxed{',
  '\\boxed ',
  '\\fbox{',
  '}',
  '{',
  'The answer is ',
  'final answer: ',
  'answer = ',
  '42',
  '-1,234.5',
  '3/4',
  ' ',
  '\n',
  '.',
  '**',
  'x',
  'Paris',
  '$',
];

describe('extractAnswer (reasoning stripped once)', () => {
  it('agrees with the rule-by-rule definition on generated responses and orders', () => {
    const text = fc.array(fc.constantFrom(...pieces), { maxLength: 24 }).map((p) => p.join(''));
    const order = fc.uniqueArray(fc.constantFrom(...EXTRACTORS), { minLength: 1 });
    fc.assert(
      fc.property(text, order, (t, o) => {
        expect(extractAnswer(t, o)).toEqual(byRule(t, o));
      }),
      { seed: 21, numRuns: 3000 },
    );
  });

  it('reads no answer from text before a lone </think> or inside reasoning, whichever rule finds it', () => {
    const t = '\\boxed{1} <answer>2</answer></think>The answer is 3<think>\\boxed{4}</think>';
    expect(extractAnswer(t, ['boxed', 'answer-tag', 'answer-phrase'])).toEqual({ value: '3', rule: 'answer-phrase' });
    expect(extractAnswer('</think>a</think>\\boxed{5}', ['boxed'])).toEqual({ value: '5', rule: 'boxed' });
  });
});
