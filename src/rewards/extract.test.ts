import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allBoxed,
  answerPhrase,
  answerTag,
  conflictingResult,
  EXTRACTORS,
  extractAnswer,
  extractorsParam,
  extractParam,
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

describe('extraction rules, form by form', () => {
  it('boxed: a space before the brace, escaped braces, a trimmed body, the space form up to $', () => {
    expect(allBoxed('\\boxed {5}')).toEqual(['5']);
    expect(allBoxed('\\fbox {2}')).toEqual(['2']);
    expect(allBoxed('\\boxed{\\}}')).toEqual(['\\}']);
    expect(allBoxed('\\boxed{ 5 }')).toEqual(['5']);
    expect(allBoxed('\\boxed{a}\\boxed{b}')).toEqual(['a', 'b']);
    expect(allBoxed('\\boxed{1}}{2}')).toEqual(['1']);
    expect(allBoxed('\\boxed 5$')).toEqual(['5']);
    expect(allBoxed('\\boxed\n7')).toEqual(['7']);
    expect(allBoxed('\\boxed  7')).toEqual(['7']);
    expect(allBoxed('\\boxed 12')).toEqual(['12']);
    expect(allBoxed('\\boxed $5')).toEqual([]);
    expect(allBoxed('\\boxed  $')).toEqual([]);
    expect(allBoxed('\\boxed{{1}')).toEqual([]);
    expect(allBoxed('\\boxedx{1}')).toEqual([]);
  });

  it('answer phrase: "is", ":" or "=", any case, the last phrase even on the same line', () => {
    const cases: Array<[string, string | null]> = [
      ['answer = 5', '5'],
      ['ANSWER: x', 'x'],
      ['Answer: : 5', '5'],
      ['answer is: 9', '9'],
      ['Answer:\n5', '5'],
      ['The final answer: 2', '2'],
      ['the answer is  8  \n', '8'],
      ['final answer is 7。', '7'],
      ['The answer is **6**.', '6'],
      ['The answer is **6.**', '6'],
      ['answer: ** 6', '6'],
      ['answer: 2 * 3 **', '2 * 3'],
      ['The answer is 1, no wait, the answer is 2.', '2'],
      ['my answer=3 and answer=4', '4'],
      ['the answer is 5\nfinal answer: **', '5'],
      ['The answer is ...', null],
    ];
    for (const [text, want] of cases) expect(answerPhrase(text), text).toBe(want);
  });

  it('answer phrase: the same value as its definition by regular expressions, on any text', () => {
    // The definition the one-pass scan replaced: every phrase match, the last non-empty value, regex trims.
    const byRegex = (text: string): string | null => {
      const visible = stripThinking(text);
      const ends = [...visible.matchAll(/\b(?:final answer|the answer|answer)\s*(?:is\b|:|=)/gi)].map(
        (m) => m.index + m[0].length,
      );
      for (let k = ends.length - 1; k >= 0; k--) {
        const after = /\s*:?\s*/y;
        after.lastIndex = ends[k] as number;
        after.exec(visible);
        const eol = visible.indexOf('\n', after.lastIndex);
        const value = visible
          .slice(after.lastIndex, eol < 0 ? undefined : eol)
          .replace(/^[*\s]+/, '')
          .replace(/[*.。\s]+$/, '');
        if (value) return value;
      }
      return null;
    };
    const part = fc.oneof(
      fc.constantFrom('the answer is', 'Final Answer:', 'answer=', 'answers', 'is', ':', '**', '*', '.', '。', '\n'),
      fc.constantFrom(' ', '\t', '\u00a0', '\u2003', '\u3000', '\ufeff', '\u2028', '\u200b', '\u180e', '<think>'),
      fc.string({ maxLength: 4 }),
    );
    fc.assert(
      fc.property(fc.array(part, { maxLength: 14 }), (parts) => {
        const text = parts.join('');
        expect(answerPhrase(text)).toBe(byRegex(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('last number: a bare decimal, and the number after the thousands groups', () => {
    expect(lastNumber('.5')).toBe('.5');
    expect(lastNumber('-.5')).toBe('-.5');
    expect(lastNumber('10,000,000')).toBe('10,000,000');
    expect(lastNumber('3.14 and 2')).toBe('2');
    expect(lastNumber('-7')).toBe('-7');
    expect(lastNumber('x 123')).toBe('123');
    expect(lastNumber('pi is 3.14')).toBe('3.14');
    expect(lastNumber('3/40')).toBe('3/40');
    expect(lastNumber('.25')).toBe('.25');
  });

  it('last line and whole: nothing for blank or reasoning-only text', () => {
    expect(lastLine('  ')).toBeNull();
    expect(lastLine('a\n  \n')).toBe('a');
    expect(lastLine('<think>x</think>')).toBeNull();
    expect(extractAnswer('  \n ', ['whole'])).toBeNull();
    expect(extractAnswer(' 5 \n', ['whole'])).toEqual({ value: '5', rule: 'whole' });
    expect(extractAnswer('a\nb', ['last-line'])).toEqual({ value: 'b', rule: 'last-line' });
    expect(extractAnswer('1 then 2', ['last-number'])).toEqual({ value: '2', rule: 'last-number' });
    expect(extractAnswer('<answer></answer> 5', ['answer-tag', 'last-number'])).toEqual({
      value: '5',
      rule: 'last-number',
    });
  });

  it('flags several different boxed answers, not a repeated or an empty one, and caps the list at 10', () => {
    expect(extractAnswer('\\boxed{1} \\boxed{2}', ['boxed'])).toEqual({
      value: '2',
      rule: 'boxed',
      conflicting: ['1', '2'],
    });
    expect(extractAnswer('\\boxed{1} \\boxed{1}', ['boxed'])).toEqual({ value: '1', rule: 'boxed' });
    expect(extractAnswer('\\boxed{} \\boxed{1}', ['boxed'])).toEqual({ value: '1', rule: 'boxed' });
    expect(extractAnswer('\\boxed{1} \\boxed{}', ['boxed', 'whole'])?.rule).toBe('whole');
    expect(extractAnswer('<think>\\boxed{1}</think>\\boxed{2}', ['boxed'])).toEqual({ value: '2', rule: 'boxed' });
    const many = Array.from({ length: 12 }, (_, i) => `\\boxed{${i}}`).join(' ');
    expect(conflictingResult(extractAnswer(many, ['boxed']) as never)).toEqual({
      status: 'scored',
      score: 0,
      details: { reason: 'conflicting-answers', answers: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] },
    });
    expect(conflictingResult({ value: '1', rule: 'boxed' })).toBeNull();
  });

  it('the extract param: a non-empty list of known extractors, with its default', () => {
    expect(EXTRACTORS).toEqual(['boxed', 'answer-tag', 'answer-phrase', 'last-number', 'last-line', 'whole']);
    expect(extractParam.parse(undefined)).toEqual(['boxed', 'answer-tag', 'answer-phrase', 'whole']);
    expect(extractorsParam(['whole']).parse(undefined)).toEqual(['whole']);
    expect(extractParam.safeParse([]).success).toBe(false);
    expect(extractParam.safeParse(['nope']).success).toBe(false);
    expect(extractParam.description).toBe('extractors tried in order; the first that finds something wins');
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
