import { describe, expect, it } from 'vitest';
import { cutSentence, finalAnswerValue, plainValue } from './prose.js';

type Case = [string, string];
const each = (cases: Case[], f: (s: string) => string) => {
  for (const [input, want] of cases) expect(f(input), input).toBe(want);
};

describe('final-answer sentences', () => {
  it('cut at the first sentence end outside math, "I hope it is correct" dropped', () => {
    each(
      [
        ['The answer is 5. More', 'The answer is 5'],
        ['$3.5$ exactly. x', '$3.5$ exactly'],
        ['\\[x. y\\]. z', '\\[x. y\\]'],
        ['\\(a.b\\)', '\\(a.b\\)'],
        ['5! yes', '5'],
        ['end? ok', 'end'],
        ['done。rest', 'done'],
        ['a?b', 'a?b'],
        ['1.5 m', '1.5 m'],
        ['3.', '3'],
        ['$x', '$x'],
        ['$5$. I hope it is correct.', '$5$'],
        ['7 I hope it is correct', '7'],
        ['$a. b$ c. d', '$a. b$ c'],
        ['\\(a. b\\) c. d', '\\(a. b\\) c'],
        ['  5  ', '5'],
        ['I hope it is correct here', 'I hope it is correct here'],
        ['7 and 8I hope it is correct', '7 and 8'],
      ],
      cutSentence,
    );
  });

  it('plain values: math inside $…$, the number before trailing words, its percent kept', () => {
    each(
      [
        ['**18** eggs', '18'],
        ['18 big eggs', '18'],
        ['$18$', '18'],
        ['\\$18 dollars', '\\$18'],
        ['-1,234.5 apples', '-1,234.5'],
        ['3/4 cups', '3/4'],
        ['50% of them', '50%'],
        ['50 \\% more', '50 \\%'],
        ['3 percent of them', '3 percent'],
        ['3 percent', '3 percent'],
        ['__x__', 'x'],
        ['`7`', '7'],
        ['18 e', '18 e'],
        ['18 eggs2', '18 eggs2'],
        ['1,23 eggs', '1,23 eggs'],
        ['$18 dollars', '$18'],
        ['12,345 apples', '12,345'],
        ['1,234,567 apples', '1,234,567'],
        ['1.25 cups', '1.25'],
        ['3/16 cups', '3/16'],
        ['18  eggs', '18'],
        ['18 big  eggs', '18'],
        [' $5$ and $6$ ', '$5$ and $6$'],
      ],
      plainValue,
    );
  });

  it('the value after the last copula outside math, else the one number or segment', () => {
    each(
      [
        ['The largest $n$ is 34.', '34'],
        ['value of \\(x\\) is 3', '3'],
        ['they are 5 apples', '5'],
        ['it was 12', '12'],
        ['it is 3 percent.', '3 percent'],
        ['Jane started growing 3 hours ago.', '3'],
        ['We get $x$ here now', 'x'],
        ['we get 3 and 4 now', 'we get 3 and 4 now'],
        ['we get 3 and $4$ now', 'we get 3 and $4$ now'],
        ['plenty of math $x$ $y$', 'plenty of math $x$ $y$'],
        ['a = 9', 'a = 9'],
        ['42', '42'],
        // Prose needs two words of two or more letters; a one-letter name before a copula is a bare value.
        ['x is 34', 'x is 34'],
        ['x is y', 'x is y'],
        ['it  is 5', '5'],
        ['We get $x$ or more', 'x'],
        ['Jane started growing 13 hours ago.', '13'],
        ['we waited 1,234 hours', '1,234'],
        ['we waited 2.25 hours', '2.25'],
        ['we used 3/16 cups', '3/16'],
        ['prices rose 3 percent overall', '3 percent'],
        ['prices rose 3  percent overall', '3  percent'],
        ['prices rose 3% overall', '3%'],
      ],
      finalAnswerValue,
    );
  });
});
