// A generated mix of typical RL math answers: mostly integers and simple fractions, some decimals,
// expressions, sets, tuples and intervals, 1% with functions (binom, log, trig), 0.5% that need the CAS. Deterministic (seeded).
import { mulberry32 } from '../../src/core/prng.js';

export interface MixCase {
  kind: string;
  gold: string;
  response: string;
}

const WRAPS: Array<(a: string) => string> = [
  (a) => `Let me work through it. Adding the parts we get the total.\n\nTherefore the answer is $\\boxed{${a}}$.`,
  (a) => `Step 1: compute. Step 2: simplify.\n#### ${a}`,
  (a) => `<think>Trying a few values first, maybe 3 or 4.</think>\nThe final answer is $${a}$. I hope it is correct.`,
  (a) => `<answer>${a}</answer>`,
];

const REASONING = [
  'First, restate the problem in terms of the unknown $x$ and list what is given.',
  'We can write the condition as $2x + 3 = 11$, so $x = 4$ is a candidate we must still check.',
  'Substituting back, the left side becomes $\\frac{4^2 - 1}{3} = 5$, which matches the constraint.',
  'Next consider the edge cases: when $n = 0$ the sum is empty, and when $n = 1$ it is $1$.',
  'Wait, let me double-check the arithmetic: $17 \\cdot 3 = 51$ and $51 - 6 = 45$.',
  'By the symmetry of the figure, the two triangles are congruent, so their areas agree.',
  'Hmm, that contradicts the earlier bound of $100$, so one of the steps must be wrong; re-derive it.',
  'Combining the two cases gives the total count, since the cases do not overlap.',
];

/** An RL rollout: 2-4 KB of reasoning (with math segments and numbers) before the final answer. */
export function longResponse(answer: string, rand: () => number): string {
  const parts: string[] = [];
  let size = 0;
  const target = 2000 + Math.floor(rand() * 2000);
  while (size < target) {
    const line = REASONING[Math.floor(rand() * REASONING.length)] as string;
    parts.push(line);
    size += line.length + 1;
  }
  return `${parts.join(' ')}\n\nTherefore the answer is $\\boxed{${answer}}$.`;
}

/** The mix with every response turned into a long rollout ending in `\\boxed{}` (same golds and answers). */
export function generateRlMix(n: number, seed = 11): MixCase[] {
  const rand = mulberry32(seed);
  return generateMix(n, seed).map((c) => ({ ...c, response: longResponse(answerOf(c.response), rand) }));
}

function answerOf(response: string): string {
  const boxed = /\\boxed\{(.*)\}\$\.$/.exec(response);
  if (boxed) return boxed[1] as string;
  const hashes = /#### (.*)$/.exec(response);
  if (hashes) return hashes[1] as string;
  const tag = /<answer>(.*)<\/answer>$/.exec(response);
  if (tag) return tag[1] as string;
  return (/The final answer is \$(.*)\$\. I hope/.exec(response)?.[1] ?? response) as string;
}

/** `n` cases; about half the responses are correct. */
export function generateMix(n: number, seed = 7): MixCase[] {
  const rand = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)] as T;
  const cases: MixCase[] = [];
  for (let i = 0; i < n; i++) {
    const right = rand() < 0.5;
    const r = rand();
    let kind: string;
    let gold: string;
    let answer: string;
    if (r < 0.62) {
      kind = 'integer';
      const v = int(-50, 100_000);
      gold = String(v);
      answer = right
        ? v >= 1000 && rand() < 0.3
          ? v.toLocaleString('en-US')
          : String(v)
        : String(v + pick([1, -1, 10]));
    } else if (r < 0.8) {
      kind = 'fraction';
      const p = int(1, 40);
      const q = int(2, 40);
      gold = `\\frac{${p}}{${q}}`;
      answer = right
        ? pick([`\\frac{${2 * p}}{${2 * q}}`, `\\dfrac{${p}}{${q}}`, `${p}/${q}`])
        : `\\frac{${q}}{${p + 1}}`;
    } else if (r < 0.86) {
      kind = 'decimal';
      const v = int(1, 9999) / 100;
      gold = String(v);
      answer = right ? v.toFixed(2) : (v + 0.01).toFixed(2);
    } else if (r < 0.92) {
      kind = 'expression';
      const a = int(1, 9);
      const b = int(1, 9);
      const forms = [
        [`${a}\\sqrt{${b * b * 2}}`, `${a * b}\\sqrt{2}`],
        [`(x+${a})^2`, `x^2+${2 * a}x+${a * a}`],
        [`${a}\\pi`, `\\pi\\cdot ${a}`],
        [`\\frac{${a}x}{${b}}`, `\\frac{${a}}{${b}}x`],
      ] as const;
      const [g, same] = pick(forms);
      gold = g;
      answer = right ? same : `${g}+1`;
    } else if (r < 0.96) {
      kind = 'set-tuple';
      const a = int(-9, 9);
      const b = int(10, 30);
      const forms = [
        [`\\{${a}, ${b}\\}`, `\\{${b}, ${a}\\}`],
        [`(${a}, ${b})`, `(${a},${b})`],
        [`${a}, ${b}`, `${b}, ${a}`],
      ] as const;
      const [g, same] = pick(forms);
      gold = g;
      answer = right ? same : `(${b}, ${a})`;
    } else if (r < 0.99) {
      kind = 'interval';
      const a = int(-9, 9);
      gold = pick([`(${a}, \\infty)`, `[${a}, ${a + 5})`]);
      answer = right ? (gold.startsWith('(') ? `x > ${a}` : `[${a}, ${a + 5})`) : `(${a}, ${a + 5}]`;
    } else if (r < 0.995) {
      kind = 'functions';
      const n = int(3, 12);
      const forms = [
        [`\\binom{${n}}{2}`, String((n * (n - 1)) / 2)],
        [`\\log_2 ${2 ** (n % 8)}`, String(n % 8)],
        [`\\sin^2 x + \\cos^2 x`, '1'],
      ] as const;
      const [expr, value] = pick(forms);
      gold = value;
      answer = right ? expr : `${expr}+1`;
    } else {
      kind = 'cas';
      const n = int(3, 7);
      const forms = [
        [`${n}!`, String([1, 1, 2, 6, 24, 120, 720, 5040][n])],
        [`(1+i)^2`, '2i'],
        [`|3-${n + 4}|`, String(n + 1)],
      ] as const;
      const [expr, value] = pick(forms);
      gold = value;
      answer = right ? expr : `${expr}+1`;
    }
    cases.push({ kind, gold, response: pick(WRAPS)(answer) });
  }
  return cases;
}
