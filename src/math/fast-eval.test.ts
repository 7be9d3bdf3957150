import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { casJudge } from './cas-judge.js';
import { evaluate, parseFast } from './fast-eval.js';
import { fastJudge } from './fast-judge.js';
import { exactRoot, parseDecimal, powInt, rat } from './rational.js';

const OPTS = { tolerance: 1e-9, rounding: 'exact' as const };
const value = (tex: string) => {
  const e = parseFast(tex);
  if (!e) return null;
  const v = evaluate(e.root, new Map());
  return v.r ? `${v.r.n}/${v.r.d}` : v.f;
};

describe('exact rationals', () => {
  it('reduces, parses decimals exactly and refuses what is too large', () => {
    expect(rat(6n, -8n)).toEqual({ n: -3n, d: 4n });
    expect(rat(1n, 0n)).toBeNull();
    expect(parseDecimal('-0.125')).toEqual({ n: -1n, d: 8n });
    expect(parseDecimal('.5')).toEqual({ n: 1n, d: 2n });
    expect(parseDecimal('1e5')).toBeNull();
    expect(powInt({ n: 10n, d: 1n }, 1000)?.n).toBe(10n ** 1000n);
    expect(powInt({ n: 10n, d: 1n }, 2000)).toBeNull();
    expect(exactRoot({ n: 9n, d: 4n }, 2)).toEqual({ n: 3n, d: 2n });
    expect(exactRoot({ n: -27n, d: 1n }, 3)).toEqual({ n: -3n, d: 1n });
    expect(exactRoot({ n: 2n, d: 1n }, 2)).toBeNull();
    expect(exactRoot({ n: 10n ** 40n, d: 1n }, 2)).toEqual({ n: 10n ** 20n, d: 1n });
  });
});

describe('fast evaluator', () => {
  it('evaluates LaTeX arithmetic exactly where it can (test vectors)', () => {
    expect(value('\\frac{1}{2}+\\frac{1}{3}')).toBe('5/6');
    expect(value('\\frac12')).toBe('1/2');
    expect(value('2^{10}')).toBe('1024/1');
    expect(value('-2^2')).toBe('-4/1');
    expect(value('(-2)^2')).toBe('4/1');
    expect(value('\\sqrt{\\frac{9}{4}}')).toBe('3/2');
    expect(value('\\sqrt[3]{-8}')).toBe('-2/1');
    expect(value('8^{2/3}')).toBe('4/1');
    expect(value('3\\cdot 4 \\div 6')).toBe('2/1');
    expect(value('(3+\\frac{1}{2})')).toBe('7/2');
    expect(value('\\sqrt{2}')).toBeCloseTo(Math.SQRT2, 15);
    expect(value('2\\pi')).toBeCloseTo(2 * Math.PI, 15);
    expect(value('e^2')).toBeCloseTo(Math.E ** 2, 12);
    expect(value('\\binom{10}{3}')).toBe('120/1');
    expect(value('\\log_2 8')).toBeCloseTo(3, 14);
    expect(value('\\log 1000')).toBeCloseTo(3, 14);
    expect(value('\\ln e')).toBeCloseTo(1, 15);
    expect(value('\\sin^2 \\frac{\\pi}{4}')).toBeCloseTo(0.5, 15);
    expect(value('\\cos(\\pi)^2')).toBeCloseTo(1, 15);
  });

  it('reads function arguments the way compute-engine does', () => {
    const at = (tex: string, x: number, y = 0) =>
      evaluate(
        parseFast(tex)!.root,
        new Map([
          ['x', x],
          ['y', y],
        ]),
      ).f;
    expect(at('\\sin x y', 0.3, 2)).toBeCloseTo(Math.sin(0.6), 15);
    expect(at('\\sin 2x', 0.3)).toBeCloseTo(Math.sin(0.6), 15);
    expect(at('\\sin x^2', 0.3)).toBeCloseTo(Math.sin(0.09), 15);
    expect(at('2\\sin x\\cos x', 0.3)).toBeCloseTo(Math.sin(0.6), 15);
    expect(at('\\tan x + 1', 0.3)).toBeCloseTo(Math.tan(0.3) + 1, 15);
  });

  it('reads implicit products and variables like the CAS does', () => {
    expect(parseFast('2xy')?.vars).toEqual(['x', 'y']);
    expect(parseFast('a_1 + a_{2}')?.vars).toEqual(['a_1', 'a_2']);
    expect(parseFast('\\theta^2')?.vars).toEqual(['theta']);
  });

  it('leaves what it does not know to the CAS', () => {
    for (const tex of ['\\arcsin x', '\\sin^{-1} x', '2+3i', 'x^23', '|x|', '\\sec x', '', '((((']) {
      expect(parseFast(tex), tex).toBeNull();
    }
  });
});

describe('fast judge', () => {
  const judge = fastJudge(OPTS);
  it('decides numbers, fractions and decimals exactly', () => {
    expect(judge.scalar('\\frac{1}{2}', '0.5')).toEqual({ equal: true, rule: 'exact' });
    expect(judge.scalar('\\frac{1}{3}', '0.333')).toEqual({ equal: false, rule: 'exact' });
    expect(judge.scalar('100', '101')).toEqual({ equal: false, rule: 'number' });
  });
  it('compares expressions at points that include negatives', () => {
    expect(judge.scalar('(x+1)^2', 'x^2+2x+1')).toEqual({ equal: true, rule: 'random-points' });
    expect(judge.scalar('\\sqrt{x^2}', 'x')).toEqual({ equal: false, rule: 'random-points' });
  });
  it('leaves a rounded decimal close to an irrational to the CAS by default, or accepts it by digits', () => {
    expect(judge.scalar('\\sqrt{2}', '1.41421356237')).toBeNull();
    expect(judge.scalar('\\sqrt{2}', '1.414')).toBeNull();
    expect(judge.scalar('\\sqrt{2}', '1.42')).toEqual({ equal: false, rule: 'numeric' });
    const lenient = fastJudge({ ...OPTS, rounding: 'match-digits' });
    expect(lenient.scalar('\\sqrt{2}', '1.414')).toEqual({ equal: true, rule: 'rounded-decimal' });
    expect(lenient.scalar('\\sqrt{2}', '1.415')).toEqual({ equal: false, rule: 'numeric' });
  });
  it('compares equations up to a constant factor', () => {
    expect(judge.equation(['y', '2x+1'], ['2x-y+1', '0'])).toEqual({ equal: true, rule: 'equation' });
    expect(judge.equation(['3x-y+13', '0'], ['3x+4y+14', '0'])).toEqual({ equal: false, rule: 'equation' });
  });
});

// Differential test: where the fast judge decides, the CAS judge (compute-engine) must agree.
describe('fast judge agrees with the CAS judge', () => {
  const fast = fastJudge(OPTS);
  const cas = casJudge(OPTS);
  const atom = fc.oneof(
    fc.integer({ min: -9, max: 9 }).map(String),
    fc.constantFrom(
      'x',
      'y',
      '\\pi',
      '\\frac{1}{2}',
      '\\sqrt{2}',
      '0.25',
      '\\frac{3}{4}',
      '\\sin x',
      '\\cos(2y)',
      '\\ln 3',
      '\\binom{6}{2}',
      '\\log_2 x',
    ),
  );
  const expr: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
    e: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      atom,
      fc.tuple(tie('e'), fc.constantFrom('+', '-', '\\cdot '), tie('e')).map(([a, op, b]) => `(${a})${op}(${b})`),
      fc.tuple(tie('e'), tie('e')).map(([a, b]) => `\\frac{${a}}{${b}}`),
      fc.tuple(tie('e'), fc.integer({ min: 0, max: 3 })).map(([a, k]) => `(${a})^{${k}}`),
    ),
  })).e;

  it('on random expression pairs and on equal rewrites', () => {
    const pairs = fc.oneof(
      fc.tuple(expr, expr),
      expr.map((a) => [a, `(${a})+0`] as [string, string]),
      expr.map((a) => [a, `2\\cdot(${a})-(${a})`] as [string, string]),
    );
    let decided = 0;
    fc.assert(
      fc.property(pairs, ([a, b]) => {
        const f = fast.scalar(a, b);
        if (f === null) return;
        decided++;
        expect(cas.scalar(a, b)?.equal, `${a} vs ${b}`).toBe(f.equal);
      }),
      { numRuns: 400, seed: 20260 },
    );
    expect(decided).toBeGreaterThan(150);
  });
});
