import { describe, expect, it } from 'vitest';
import {
  boxedContents,
  boxedRuns,
  choiceLetter,
  extractFinal,
  extractGold,
  MATH_EXTRACTORS,
  type MathExtractor,
  stripReasoning,
} from './extract.js';

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

type Case = [string, string[] | null];
const byRule = (rules: MathExtractor[], cases: Case[]) => {
  for (const [text, want] of cases) expect(extractFinal(text, rules)?.answers ?? null, text).toEqual(want);
};

describe('math extraction, rule by rule', () => {
  it('boxed: a percent just after the box belongs to it; spaces before the brace or token', () => {
    expect(boxedContents('\\boxed{28}$ pct')).toEqual(['28\\%']);
    expect(boxedContents('\\boxed{28} percent')).toEqual(['28\\%']);
    expect(boxedContents('\\boxed{28\\%} %')).toEqual(['28\\%']);
    expect(boxedContents('\\boxed {3}')).toEqual(['3']);
    expect(boxedContents('\\boxed  7')).toEqual(['7']);
    expect(boxedContents('\\boxed x x x')).toEqual(['x']);
    expect(boxedContents('\\boxed{ }')).toEqual([]);
    expect(boxedContents('\\fbox{1}\\boxed{2}')).toEqual(['1', '2']);
  });

  it('boxed runs: punctuation, spacing, math delimiters or a short "and"/"or" phrase join boxes', () => {
    const joined = [
      '\\boxed{1} and \\boxed{2}',
      '\\boxed{1} papers and \\boxed{2} bins',
      '\\boxed{1}, \\boxed{2}',
      '\\boxed{1}; \\boxed{2}',
      '\\boxed{1}\\quad\\boxed{2}',
      '\\boxed{1} \\; \\boxed{2}',
      '\\boxed{1} \\text{ or } \\boxed{2}',
      '\\boxed{1}, \\quad \\boxed{2}',
      '\\boxed{1} \\quad \\boxed{2}',
      '\\boxed{1}\\; \\text{or} \\boxed{2}',
      '\\boxed{1} \\text {so} \\boxed{2}',
      '\\boxed{1} \\text{so} \\boxed{2}',
      '\\boxed{1} \\text{so} \\(\\boxed{2}\\)',
      '\\boxed{1}\\(\\boxed{2}\\)',
      '\\boxed{1} \\\\ \\boxed{2}',
      '\\boxed{1} -> \\boxed{2}',
      '\\boxed{1} or\\boxed{2}',
      '\\boxed{1} }or \\boxed{2}',
      '\\boxed{1} and\\{ \\boxed{2}',
      `\\boxed{1}${','.repeat(60)}\\boxed{2}`,
    ];
    for (const text of joined) expect(boxedRuns(text), text).toEqual(['1, 2']);
    const apart = [
      '\\boxed{1} so then \\boxed{2}',
      '\\boxed{1} x\\boxed{2}',
      '\\boxed{1} 5 \\boxed{2}',
      '\\boxed{1} band \\boxed{2}',
      `\\boxed{1}${' '.repeat(61)}\\boxed{2}`,
    ];
    for (const text of apart) expect(boxedRuns(text), text).toEqual(['1', '2']);
    expect(boxedRuns('\\boxed{1}$ and $\\boxed{1}')).toEqual(['1']);
  });

  it('answer tags: every closed tag, boxed contents or math inside, empty ones skipped', () => {
    byRule(
      ['answer-tag'],
      [
        ['<answer>5</answer>', ['5']],
        ['<answer> $x$ </answer>', ['x']],
        ['<answer>\\boxed{3} and \\boxed{4}</answer>', ['3', '4']],
        ['<answer>1</answer><answer>2</answer>', ['1', '2']],
        ['<answer>  </answer><answer>7</answer>', ['7']],
        ['x</answer><answer>8</answer>', ['8']],
        ['<answer>1', null],
      ],
    );
  });

  it('final-answer phrases in their forms, the rest of the first non-empty line', () => {
    byRule(
      ['final-answer'],
      [
        ['Final answer: 5', ['5']],
        ['final  answer is 6', ['6']],
        ['The correct answer is 7', ['7']],
        ['the answer is 8', ['8']],
        ['Answer：9', ['9']],
        ['answer is 10', ['10']],
        ['#### 11', ['11']],
        ['答案为 12', ['12']],
        ['答案：13', ['13']],
        ['答案:14', ['14']],
        ['Answer : 5', ['5']],
        ['answer  is 5', ['5']],
        ['final answer  is 5', ['5']],
        ['Final answer:\n\n\n16\nmore', ['16']],
        ['Final answer: \\boxed{17}', ['17']],
        ['The answer is 1. The answer is 2.', ['2']],
        ['final answer: ', null],
        ['final answer is\n', null],
      ],
    );
  });

  it('minerva: the last "final answer is X. I hope it is correct", quotes and a box unwrapped', () => {
    byRule(
      ['minerva'],
      [
        ['The final answer is 5. I hope it is correct.', ['5']],
        ['final answer is: "7". I hope it is correct.', ['7']],
        ["final answer is '3'. I hope it is correct.", ['3']],
        ['The final answer is $\\boxed{8}$. I hope it is correct.', ['8']],
        ['The final answer is $9$ I hope it is correct', ['9']],
        ['The final  answer  is  5.  I  hope  it  is  correct.', ['5']],
        ['final answer is : 5. I hope it is correct.', ['5']],
        ['final answer is:5. I hope it is correct.', ['5']],
        ['final answer is a"b. I hope it is correct.', ['a"b']],
        [
          'Final Answer: The final answer is 1. I hope it is correct.\nFinal Answer: The final answer is 2. I hope it is correct.',
          ['2'],
        ],
        ['The final answer is 5.', null],
      ],
    );
  });

  it('latex: segments joined by ",", ";", "and", "or" are one list; a percent after the last counts', () => {
    byRule(
      ['latex'],
      [
        ['$1$ and $2$', ['1, 2']],
        ['$1$; $2$', ['1, 2']],
        ['$1$ or $2$', ['1, 2']],
        ['$1$, and $2$', ['1, 2']],
        ['$a$ $b$ $c$', ['a, b, c']],
        ['$1$ then $2$', ['2']],
        ['$28$ %', ['28\\%']],
        ['$28\\%$ %', ['28\\%']],
        ['no math', null],
      ],
    );
    byRule(['latex', 'last-number'], [['$x=1$ so 5', ['5']]]);
    byRule(['latex'], [['$x=1$ so 5', ['x=1']]]);
    byRule(['latex', 'last-number'], [['5 then $x$', ['x']]]);
  });

  it('whole: a short bare answer, never prose, a lone word or non-ASCII text', () => {
    const bare = [
      '\\frac{1}{2}',
      'x = 5',
      'B',
      '(c)',
      "f'",
      'a_1',
      'f(x)',
      'x',
      'K',
      'sqrt 2',
      'pi and 3',
      '\\begin{pmatrix}1\\end{pmatrix}',
      '\\infty',
      '\\alpha',
      'x ab 1',
      'ab c 1',
      'B)',
      '(c',
      "f''",
      'a_b',
      'a_{bc}',
      '1+'.repeat(100),
    ];
    for (const text of bare) expect(extractFinal(text, ['whole'])?.answers, text).toEqual([text]);
    const prose = [
      'Paris',
      'abc',
      'abcd5',
      'ab  cd 1',
      'ab cd 1',
      `1${'+1'.repeat(100)}`,
      'answer 5',
      'sin x',
      'two words 5',
      'ab.cd 4',
      'xy, zw',
      'Soucis : 2,74',
      'é5',
      '1\n2',
      '  ',
      `${'a'.repeat(201)}1`,
    ];
    for (const text of prose) expect(extractFinal(text, ['whole']), text).toBeNull();
  });

  it('last number: signs not after a value, decimal commas, percent words, enclosing commands, lists', () => {
    byRule(
      ['last-number'],
      [
        ['a −5', ['−5']],
        ['(2)-3', ['3']],
        ['value 12,34', ['12,34']],
        ['value 0,5', ['0,5']],
        ['value 1,2345', ['1,2345']],
        ['1,234,567', ['1,234,567']],
        ['12.5%', ['12.5%']],
        ['28 percent', ['28 percent']],
        ['28 percentage', ['28 percentage']],
        ['28 pct', ['28 pct']],
        ['3\\%', ['3\\%']],
        ['x 7/8', ['7/8']],
        ['so \\frac{63}{400}', ['\\frac{63}{400}']],
        ['\\text{5}', ['\\text{5}']],
        ['at \\sqrt{2} 3', ['3']],
        ['so {5}', null],
        ['so {5 now', null],
        ['value 0,5 cm', ['0,5']],
        ['total 12,345', ['12,345']],
        ['pi is 3.14', ['3.14']],
        ['x 3/40', ['3/40']],
        ['it is 12,345 or 6', ['12,345, 6']],
        ['it is 1,234,567 or 8', ['1,234,567, 8']],
        ['it is 12 or 3', ['12, 3']],
        ['it is 1.25 or 3', ['1.25, 3']],
        ['it is 3/40 or 5', ['3/40, 5']],
        ['x 1,2', ['1, 2']],
        ['take 5} now', null],
        ['v2', null],
        ['AZYUK2A', null],
        ['5 $x$', ['5']],
        ['1; 2', ['1, 2']],
        ['1 or 2', ['1, 2']],
        ['1, and 2', ['1, 2']],
        ['1 and 2 and 3', ['1, 2, 3']],
        ['1, 2, 3', ['1, 2, 3']],
      ],
    );
  });

  it('gold: empty boxes, text after the last ####, a worked solution read for its final answer', () => {
    expect(extractGold('\\boxed{ }')).toBe('');
    expect(extractGold('\\fbox{ }')).toBe('');
    expect(extractGold('\\boxed{1} \\boxed{ }')).toBe('1');
    expect(extractGold('x #### 8')).toBe('8');
    expect(extractGold('  $5$  ')).toBe('5');
    expect(extractGold('\\\\boxed{2}')).toBe('2');
    expect(extractGold('We compute the sum of all the terms to find the final value here. The answer is $42$.')).toBe(
      '42',
    );
    expect(extractGold('short text with words here')).toBe('short text with words here');
    const solution = 'We add $2$ and $3$ to get the total, which gives us the final result. The answer is $5$.';
    expect(extractGold(solution)).toBe('5');
    const short = 'We add $2$ and $3$ here. The answer is $5$.';
    expect(extractGold(short)).toBe(short);
    const at80 = `${short}${' so'.repeat(12)}x`;
    expect(at80.length).toBe(80);
    expect(extractGold(at80)).toBe(at80);
    expect(extractGold(`${at80}y`)).toBe('5');
    const noWords = `$1$ + $2$ = $3$ ${'1 + '.repeat(20)}`;
    expect(extractGold(noWords)).toBe(noWords.trim());
    expect(extractFinal(' x = 5 ', ['whole'])?.answers).toEqual(['x = 5']);
  });

  it('option letters: wrappers, "choice", lower-case letters alone or before punctuation', () => {
    const forms: Array<[string, string | null]> = [
      ['\\mathbf{B}', 'B'],
      ['\\textbf{(C)}', 'C'],
      ['$C$', 'C'],
      ['choice A', 'A'],
      ['OPTION b', 'B'],
      ['b)', 'B'],
      ['a.', 'A'],
      ['j', 'J'],
      ['J.', 'J'],
      ['C:', 'C'],
      ['C 5', 'C'],
      ['(a) triangle', 'A'],
      ['b: 4', null],
      ['b c', null],
      ['AB', null],
      [' B ', 'B'],
      ['\\text {B}', 'B'],
      ['optionD', 'D'],
      ['a choice', null],
      ['b (x)', null],
    ];
    for (const [text, want] of forms) expect(choiceLetter(text), text).toBe(want);
  });
});
