import { describe, expect, it } from 'vitest';
import { boxedContents, boxedRuns, choiceLetter, extractFinal, extractGold } from './extract.js';

const answers = (text: string, rule: Parameters<typeof extractFinal>[1][number]) =>
  extractFinal(text, [rule])?.answers ?? null;

describe('math extraction: edges of each rule', () => {
  it('boxes: a bare `\\boxed` before `$` has no value; `\\boxed 5` ends after its token', () => {
    expect(boxedContents('$\\boxed$ and 7')).toEqual([]);
    expect(boxedRuns('\\boxed 5 \\boxed 6')).toEqual(['5, 6']);
    expect(boxedContents('\\boxed 5 %')).toEqual(['5\\%']);
    expect(boxedRuns('\\boxed{1}and \\boxed{2}')).toEqual(['1, 2']);
  });

  it('answer tags: an unclosed tag gives nothing', () => {
    expect(answers('x <answer>56', 'answer-tag')).toBeNull();
    expect(answers('<answer> $5$ and $6$ </answer>', 'answer-tag')).toEqual(['$5$ and $6$']);
  });

  it('final answer: the first non-blank line after the phrase, up to 2000 characters', () => {
    expect(answers('Final answer is:\n  \n42', 'final-answer')).toEqual(['42']);
    expect(answers('Final answer is: \n42', 'final-answer')).toEqual(['42']);
    const long = 'a'.repeat(1990);
    expect(answers(`Answer: ${long}`, 'final-answer')).toEqual([long]);
    // A heading with no colon or "is" before the value.
    expect(answers('## Final Answer\n\n$42$', 'final-answer')).toEqual(['42']);
    expect(answers('## Final  Answer\n\n$42$', 'final-answer')).toEqual(['42']);
  });

  it('minerva: the quoted value with spaces before the period; an empty one is no answer', () => {
    expect(answers('The final answer is "5" . I hope it is correct.', 'minerva')).toEqual(['5']);
    expect(answers('The final answer is "". I hope it is correct.', 'minerva')).toBeNull();
  });

  it('last number: a decimal comma after 0, commands holding it, not the ones after it', () => {
    expect(answers('x is 0,25', 'last-number')).toEqual(['0,25']);
    expect(answers('so \\frac {63}{400}', 'last-number')).toEqual(['\\frac {63}{400}']);
    expect(answers('The length is 5 \\text{cm}', 'last-number')).toEqual(['5']);
    expect(answers('\\frac{5}{', 'last-number')).toEqual(['\\frac{5}']);
    expect(answers('\\frac{1}{2}5', 'last-number')).toEqual(['5']);
    // A hedge near the start of a long response is still the whole list.
    const tail = ' and nothing more is said about it'.repeat(10);
    expect(answers(`It is 1 or 2${tail}`, 'last-number')).toEqual(['1, 2']);
  });

  it('latex: segments join only across bare commas and connectives', () => {
    expect(answers('$1$,$2$', 'latex')).toEqual(['1, 2']);
    expect(answers('$1$ and$2$', 'latex')).toEqual(['1, 2']);
    expect(answers('$1$x, $2$', 'latex')).toEqual(['2']);
  });

  it('latex then last-number: a number from the prose wins only when written after the last segment', () => {
    const both = ['latex', 'last-number'] as const;
    expect(extractFinal('a $1$ b $x=2$', both)).toEqual({ answers: ['x=2'], rule: 'latex' });
    expect(extractFinal('The values are $1$ then 7 and finally $x=2$', both)).toEqual({
      answers: ['x=2'],
      rule: 'latex',
    });
    expect(extractFinal('so $x$5', both)).toEqual({ answers: ['5'], rule: 'last-number' });
  });

  it('whole: never a response of several lines or past 200 characters', () => {
    expect(answers('x = 1\ny = 2', 'whole')).toBeNull();
    expect(answers(`${'1+'.repeat(100)}1`, 'whole')).toBeNull();
    expect(answers('\\begin{pmatrix}a\\end{pmatrix}bcd', 'whole')).toEqual(['\\begin{pmatrix}a\\end{pmatrix}bcd']);
  });
});

describe('gold answers: edges', () => {
  it('an empty box with a space, #### at the start', () => {
    expect(extractGold('\\boxed {}')).toBe('');
    expect(extractGold('#### 42')).toBe('42');
  });

  it('a long prose gold without any stated answer is kept whole', () => {
    const prose = 'This is a long explanation with many words and no boxed value or math at all, only prose here';
    expect(extractGold(prose)).toBe(prose);
  });

  // Two segments: a plain gold keeps both as written; a worked solution gives its last math, the list.
  const LONG = `$${'1+'.repeat(40)}1$, $5$`;
  const SOLUTION = `${'1+'.repeat(40)}1, 5`;
  it('a gold is a worked solution when three words of two or more letters follow each other outside math', () => {
    for (const words of ['we  are here', 'we are  here', 'we are here'])
      expect(extractGold(`${words} ${LONG}`), words).toBe(SOLUTION);
    for (const words of ['x is in', '12 is in', 'ab-cd ef', 'we 12 go', 'we are-no', 'we are x', 'we are 12'])
      expect(extractGold(`${words} ${LONG}`), words).toBe(`${words} ${LONG}`);
  });
});

describe('option letters: a hedge is no choice', () => {
  // "A or B" commits to neither option, as a list of numbers does not pass as its first item.
  it('refuses two letters joined by or, and, a comma, a slash or &', () => {
    for (const hedge of [
      'A or B',
      'A and B',
      '(A) or (B)',
      'A or b',
      'A & C',
      'B / D',
      '\\text{A} \\text{ or } B',
      'A  or C.',
    ])
      expect(choiceLetter(hedge), hedge).toBeNull();
  });

  it('still reads a letter followed by words or its option text', () => {
    for (const [text, want] of [
      ['A or more', 'A'],
      ['B and then some', 'B'],
      ['C 5', 'C'],
      ['D) 7 or 8', 'D'],
    ] as const)
      expect(choiceLetter(text), text).toBe(want);
  });
});
