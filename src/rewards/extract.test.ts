import { describe, expect, it } from 'vitest';
import {
  allBoxed,
  answerPhrase,
  answerTag,
  extractAnswer,
  lastBoxed,
  lastLine,
  lastNumber,
  stripThinking,
  tagBlocks,
} from './extract.js';

describe('boxed extraction', () => {
  it('balances nested braces', () => {
    expect(lastBoxed('so \\boxed{\\frac{1}{2}} done')).toBe('\\frac{1}{2}');
    expect(lastBoxed('\\boxed{\\left\\{ x \\mid x^{2} > 1 \\right\\}}')).toBe('\\left\\{ x \\mid x^{2} > 1 \\right\\}');
    expect(lastBoxed('\\boxed{{a}{b{c}}}')).toBe('{a}{b{c}}');
  });

  it('reads \\fbox and the space form "\\boxed 5"', () => {
    expect(lastBoxed('\\fbox{7}')).toBe('7');
    expect(lastBoxed('the result is $\\boxed 5$')).toBe('5');
  });

  it('skips an unclosed brace instead of running to the end', () => {
    expect(lastBoxed('\\boxed{1+')).toBeNull();
    expect(allBoxed('\\boxed{2} then \\boxed{3')).toEqual(['2']);
  });

  it('takes the last of several answers, and lists them all in order', () => {
    expect(allBoxed('\\boxed{1}, \\boxed{2} and \\fbox{3}')).toEqual(['1', '2', '3']);
    expect(lastBoxed('\\boxed{1}, \\boxed{2}')).toBe('2');
  });

  it('keeps unicode content intact', () => {
    expect(lastBoxed('\\boxed{π/2 ≈ 1.57 🎉}')).toBe('π/2 ≈ 1.57 🎉');
    expect(lastBoxed('\\boxed{答案}')).toBe('答案');
  });
});

describe('answer tags and <think> exclusion', () => {
  it('ignores answers inside <think>, closed or left open', () => {
    expect(answerTag('<think><answer>1</answer></think><answer>2</answer>')).toBe('2');
    expect(answerTag('<answer>3</answer><think>maybe <answer>4</answer>')).toBe('3');
    expect(stripThinking('a<think>x</think>b<think>y')).toBe('ab');
  });

  it('takes the last tag and trims it', () => {
    expect(answerTag('<answer> 1 </answer> <answer>\n 2 \n</answer>')).toBe('2');
    expect(answerTag('no tags')).toBeNull();
  });
});

describe('answer phrase, last number, last line', () => {
  it('reads "the answer is" and "Final answer:" up to the end of the line', () => {
    expect(answerPhrase('So the answer is 42.')).toBe('42');
    expect(answerPhrase('Final answer: **Paris**\nthanks')).toBe('Paris');
    expect(answerPhrase('The answer is 1.\nActually, the answer is 2.')).toBe('2');
    expect(answerPhrase('<think>the answer is 9</think>no phrase here')).toBeNull();
    expect(answerPhrase("the answer isn't obvious")).toBeNull();
    expect(answerPhrase('a nonanswer: 5')).toBeNull();
  });

  it('finds the last number with separators, decimals and fractions', () => {
    expect(lastNumber('from 3 apples to -1,234.5 pears')).toBe('-1,234.5');
    expect(lastNumber('ratio 3/4')).toBe('3/4');
    expect(lastNumber('<think>7</think> none')).toBeNull();
  });

  it('reads the last non-empty line', () => {
    expect(lastLine('one\n two \n\n')).toBe('two');
  });
});

describe('extractAnswer', () => {
  it('tries the extractors in order and names the rule that found the answer', () => {
    const text = 'The answer is 3. <answer>4</answer> \\boxed{5}';
    expect(extractAnswer(text, ['boxed', 'answer-tag'])).toEqual({ value: '5', rule: 'boxed' });
    expect(extractAnswer(text, ['answer-tag', 'boxed'])).toEqual({ value: '4', rule: 'answer-tag' });
    expect(extractAnswer('plain text', ['boxed', 'answer-tag'])).toBeNull();
    expect(extractAnswer('<think>only thinking</think>', ['whole'])).toBeNull();
  });
});

describe('hostile input', () => {
  it('scans many unclosed tags in one pass (a lazy regex would be quadratic here)', () => {
    const opens = '<think>'.repeat(30_000);
    expect(stripThinking(`keep${opens}`)).toBe('keep');
    expect(answerTag('<answer>'.repeat(30_000))).toBeNull();
    expect(extractAnswer(opens, ['boxed', 'answer-tag', 'answer-phrase', 'last-number', 'whole'])).toBeNull();
  });

  it('tagBlocks ends each block at the first closing tag', () => {
    expect(tagBlocks('<a>1</a><a>2<a>3</a>', 'a')).toEqual(['1', '2<a>3']);
    expect(tagBlocks('<a>open', 'a')).toEqual([]);
  });
});
