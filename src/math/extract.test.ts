import { describe, expect, it } from 'vitest';
import { boxedContents, choiceLetter, extractFinal, extractGold, MATH_EXTRACTORS, stripReasoning } from './extract.js';

const ALL = [...MATH_EXTRACTORS];

describe('math extraction', () => {
  it('takes every \\boxed{} / \\fbox{} with nested braces, and the \\boxed 5 form', () => {
    expect(boxedContents('a \\boxed{\\frac{1}{2}} b \\fbox{ 3 } c \\boxed 7.')).toEqual(['\\frac{1}{2}', '3', '7.']);
    expect(boxedContents('\\boxed{\\{1, 2\\}}')).toEqual(['\\{1, 2\\}']);
    expect(boxedContents('\\boxed{unclosed')).toEqual([]);
    expect(boxedContents('\\boxedx{1}')).toEqual([]);
  });

  it('never reads the <think> part', () => {
    expect(stripReasoning('<think>\\boxed{1}</think>after')).toBe('after');
    expect(stripReasoning('before<think>never closed \\boxed{1}')).toBe('before');
    expect(stripReasoning('template put think in the prompt</think> visible')).toBe(' visible');
    expect(extractFinal('<think>\\boxed{4}</think><answer>5</answer>', ALL)).toEqual({
      answers: ['5'],
      rule: 'answer-tag',
    });
  });

  it('follows the configured priority', () => {
    const text = '<answer>6</answer> but \\boxed{7}';
    expect(extractFinal(text, ALL)?.answers).toEqual(['7']);
    expect(extractFinal(text, ['answer-tag', 'boxed'])?.answers).toEqual(['6']);
  });

  it('reads "final answer" phrases up to the end of the sentence', () => {
    const cases: Array<[string, string]> = [
      ['Final Answer: The final answer is $260$. I hope it is correct.', '260'],
      ['The answer is 18 eggs.', '18'],
      ['The answer is 10 percent.', '10 percent'],
      ['The answer is 3.5.', '3.5'],
      ['#### 1,234', '1,234'],
      ['答案是 5', '5'],
      ['The answer is $\\$64$.', '\\$64'],
      ['So the final answer is:\n\n$\\frac{1}{2}$', '\\frac{1}{2}'],
      ['The answer is $5$ and $6$.', '$5$ and $6$'],
    ];
    for (const [text, want] of cases) expect(extractFinal(text, ['final-answer'])?.answers, text).toEqual([want]);
  });

  it('takes the last math segment, with a list just before it', () => {
    expect(extractFinal('Roots: $x=1$, $y = 2$.', ['latex'])?.answers).toEqual(['x=1, y = 2']);
    expect(extractFinal('First $x=1$, then $y = 2$.', ['latex'])?.answers).toEqual(['y = 2']);
    expect(extractFinal('First $x=1$. Finally $y = 2$.', ['latex'])?.answers).toEqual(['y = 2']);
    expect(extractFinal('\\[ 8 \\] and \\( 9 \\)', ['latex'])?.answers).toEqual(['8, 9']);
  });

  it('takes the last number, or the whole list it ends', () => {
    expect(extractFinal('12 apples and 1,234.5 pears', ['last-number'])?.answers).toEqual(['1,234.5']);
    expect(extractFinal('the roots are 3 and -4', ['last-number'])?.answers).toEqual(['3, -4']);
    expect(extractFinal('so it costs 7,425,000 dollars', ['last-number'])?.answers).toEqual(['7,425,000']);
    expect(extractFinal('It could be 5, 6, 7, or 8.', ['last-number'])?.answers).toEqual(['5, 6, 7, 8']);
    expect(extractFinal('x-3 is 2-1', ['last-number'])?.answers).toEqual(['1']);
    expect(extractFinal('no digits here', ['last-number'])).toBeNull();
  });

  it('finds nothing in master-key responses', () => {
    for (const key of [
      ' ',
      '.',
      ':',
      'Thought process:',
      'Solution',
      '解',
      'かいせつ',
      'Respuesta',
      '<answer></answer>',
    ])
      expect(extractFinal(key, ALL), key).toBeNull();
  });

  it('reads gold answers bare, in $...$, in \\boxed{} or after ####', () => {
    expect(extractGold('$\\frac{1}{2}$')).toBe('\\frac{1}{2}');
    expect(extractGold('so \\boxed{3} and \\boxed{4}')).toBe('3, 4');
    expect(extractGold('\\boxed{1} no no no no no \\boxed{2}')).toBe('2');
    expect(extractGold('\\boxed{}')).toBe('');
    expect(extractGold('48/2 = 24\n#### 72')).toBe('72');
    expect(extractGold('x + 1')).toBe('x + 1');
  });

  it('reads option letters in the usual forms', () => {
    const forms: Array<[string, string | null]> = [
      ['B', 'B'],
      ['(B)', 'B'],
      ['B)', 'B'],
      ['B.', 'B'],
      ['B: 42', 'B'],
      ['\\text{(C)}', 'C'],
      ['\\textbf{(C)}\\ 12', 'C'],
      ['**D**', 'D'],
      ['Option E', 'E'],
      ['(b)', 'B'],
      ['a triangle', null],
      ['42', null],
      ['K', null],
    ];
    for (const [text, want] of forms) expect(choiceLetter(text), text).toBe(want);
  });
});
