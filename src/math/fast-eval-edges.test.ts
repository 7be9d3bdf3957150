import { describe, expect, it } from 'vitest';
import { evaluate, parseFast } from './fast-eval.js';

const at = (tex: string, env: Record<string, number> = {}) => {
  const e = parseFast(tex);
  return e === null ? null : evaluate(e.root, new Map(Object.entries(env)));
};
/** `n/d` for an exact value, else the float; null when the fast path does not parse it. */
const value = (tex: string, env: Record<string, number> = {}) => {
  const v = at(tex, env);
  return v === null ? null : v.r ? `${v.r.n}/${v.r.d}` : v.f;
};
const lossy = (tex: string, env: Record<string, number> = {}) => at(tex, env)?.lossy === true;

describe('parsing', () => {
  it('reads signs, operator order and implicit products', () => {
    expect(value('-3+5')).toBe('2/1');
    expect(value('+3')).toBe('3/1');
    expect(value('2-3-4')).toBe('-5/1');
    expect(value('2/3/4')).toBe('1/6');
    expect(value('2 \\div 3 \\div 4')).toBe('1/6');
    expect(value('2 \\times 3 * 4')).toBe('24/1');
    expect(value('2 \\cdot -3')).toBe('-6/1');
    expect(value('(2)(3)')).toBe('6/1');
    expect(value('2(3+1)')).toBe('8/1');
    expect(value('2{3}')).toBe('6/1');
    expect(value('{2}')).toBe('2/1');
    expect(value('2\\pi')).toBeCloseTo(2 * Math.PI, 15);
    expect(value('\\pi 2')).toBeNull();
    expect(value('2 3')).toBeNull();
    expect(value('1)')).toBeNull();
    expect(value('(1+2')).toBeNull();
    expect(value('(1+2]')).toBeNull();
    expect(value('*4')).toBeNull();
    expect(value('x\\frac{1}{2}', { x: 4 })).toBe(2);
    // Nesting is counted, not the number of groups.
    expect(value(`${'(1)+'.repeat(120)}(1)`)).toBe('121/1');
  });

  it('reads exponents, factorials and one-character arguments', () => {
    expect(value('3!')).toBe('6/1');
    expect(value('3!!')).toBe('720/1');
    expect(value('2^3')).toBe('8/1');
    expect(value('2^x', { x: 3 })).toBe(8);
    expect(value('2^{-1}')).toBe('1/2');
    // `2^10`, `2^\pi` and `2^(3)` are ambiguous or unusual: the CAS reads them.
    for (const tex of ['2^10', '2^\\pi', '2^(3)', '2^', '2^x_1', '2^\\theta']) expect(value(tex), tex).toBeNull();
    expect(value('\\frac x2', { x: 3 })).toBe(1.5);
    expect(value('\\frac{1}{x}', { x: 4 })).toBe(0.25);
    expect(value('\\sqrt4')).toBe('2/1');
    expect(value('\\sqrt{16}')).toBe('4/1');
    expect(value('\\sqrt[3]{27}')).toBe('3/1');
    // An unbraced argument is one digit or one letter; anything longer is left to the CAS.
    for (const tex of ['\\frac{1}', '\\frac 1.5 2', '\\frac12.5', '\\frac\\pi2', '\\frac\\alpha2', '\\sqrt[3{8}'])
      expect(value(tex), tex).toBeNull();
  });

  it('reads functions, their powers and log bases', () => {
    expect(value('\\log_{10} 100')).toBeCloseTo(2, 14);
    expect(value('\\log_2(8)')).toBeCloseTo(3, 14);
    expect(value('\\log_{\\frac{1}{2}} 4')).toBeCloseTo(-2, 14);
    expect(value('\\ln^2 e')).toBeCloseTo(1, 15);
    expect(value('\\ln 2x', { x: 1.5 })).toBeCloseTo(Math.log(3), 15);
    expect(value('\\ln e^2')).toBeCloseTo(2, 15);
    expect(value('\\sin^2 x + \\cos^2 x', { x: 0.3 })).toBeCloseTo(1, 15);
    expect(value('\\sin x \\sin y', { x: 0.3, y: 0.5 })).toBeCloseTo(Math.sin(0.3) * Math.sin(0.5), 15);
    expect(value('\\sin x \\binom{4}{2}', { x: 0.3 })).toBeCloseTo(6 * Math.sin(0.3), 15);
    expect(value('\\cos(x) y', { x: 0.3, y: 2 })).toBeCloseTo(2 * Math.cos(0.3), 15);
    for (const tex of ['\\sin^{x} y', '\\ln_2 8', '\\sinx', '\\sin x 2']) expect(value(tex), tex).toBeNull();
  });

  it('knows constants, Greek letters and subscripted variables', () => {
    expect(value('\\pi')).toBe(Math.PI);
    expect(value('e')).toBe(Math.E);
    expect(value('\\infty')).toBe(Number.POSITIVE_INFINITY);
    expect(value('y')).toBeNaN();
    expect(parseFast('\\alpha\\beta + \\alpha')?.vars).toEqual(['alpha', 'beta']);
    expect(parseFast('yx')?.vars).toEqual(['x', 'y']);
    expect(parseFast('x_a + x_{12}')?.vars).toEqual(['x_12', 'x_a']);
    expect(parseFast('\\alphax')).toBeNull();
    expect(parseFast('1.5')?.decimal).toBe(true);
    expect(parseFast('.5 + 1')?.decimal).toBe(true);
    expect(parseFast('15')?.decimal).toBe(false);
    expect(value('.5')).toBe('1/2');
    expect(value('.25')).toBe('1/4');
    expect(value('  1 +  2 ')).toBe('3/1');
  });

  it('refuses texts past 500 characters and nesting past 200 levels', () => {
    expect(value(`${'1+'.repeat(249)}1`)).toBe('250/1');
    expect(value(`${'1+'.repeat(249)}11`)).toBe('260/1');
    expect(value(`${'1+'.repeat(250)}1`)).toBeNull();
    expect(value(`${'('.repeat(199)}1${')'.repeat(199)}`)).toBe('1/1');
    expect(value(`${'('.repeat(200)}1${')'.repeat(200)}`)).toBeNull();
    expect(value(' ')).toBeNull();
  });
});

describe('evaluation', () => {
  it('computes factorials of non-negative integers only', () => {
    expect(value('0!')).toBe('1/1');
    expect(value('1!')).toBe('1/1');
    expect(value('20!')).toBe('2432902008176640000/1');
    for (const tex of ['(-1)!', '\\frac{1}{2}!', 'x!']) expect(value(tex, { x: 3 }), tex).toBeNaN();
    expect(lossy('501!')).toBe(true);
    expect(lossy('(e^{1000})!')).toBe(true);
  });

  it('computes binomial coefficients C(n, k) for 0 <= k <= n', () => {
    expect(value('\\binom{5}{0}')).toBe('1/1');
    expect(value('\\binom{5}{5}')).toBe('1/1');
    expect(value('\\binom{52}{5}')).toBe('2598960/1');
    expect(value('\\binom{100}{98}')).toBe('4950/1');
    expect(value('\\binom{10000}{1}')).toBe('10000/1');
    for (const tex of ['\\binom{5}{6}', '\\binom{5}{-1}', '\\binom{2.5}{1}', '\\binom{5}{1.5}', '\\binom{x}{1}'])
      expect(value(tex, { x: 5 }), tex).toBeNaN();
  });

  it('takes real roots: odd roots of negatives, none of even ones', () => {
    expect(value('\\sqrt[3]{-27}')).toBe('-3/1');
    expect(value('\\sqrt[3]{-2}')).toBeCloseTo(-Math.cbrt(2), 15);
    expect(value('\\sqrt[3]{x}', { x: -8 })).toBeCloseTo(-2, 15);
    expect(value('\\sqrt[4]{-16}')).toBeNaN();
    expect(value('\\sqrt{x}', { x: -4 })).toBeNaN();
    expect(value('\\sqrt[64]{2^{64}}')).toBe('2/1');
    expect(value('\\sqrt[65]{2^{65}}')).toBeCloseTo(2, 14);
    expect(value('\\sqrt[2.5]{32}')).toBeCloseTo(4, 14);
    expect(value('\\sqrt[1]{5}')).toBe('5/1'); // the first root is the number, exact
    expect(value('\\sqrt[3]{2}')).toBeCloseTo(Math.cbrt(2), 15);
    expect(value('\\sqrt{x}', { x: 0 })).toBe(0);
  });

  it('takes powers exactly where the result is rational', () => {
    expect(value('4^{0.5}')).toBe('2/1');
    expect(value('8^{-\\frac{2}{3}}')).toBe('1/4');
    expect(value('(2^{64})^{\\frac{1}{64}}')).toBe('2/1');
    expect(value('(2^{65})^{\\frac{1}{65}}')).toBeCloseTo(2, 14);
    expect(value('2^{\\frac{1}{2}}')).toBeCloseTo(Math.SQRT2, 15);
    expect(value('(-8)^{\\frac{1}{3}}')).toBeNaN();
    expect(value('(-2)^x', { x: 2 })).toBe(4);
    expect(value('(-2)^x', { x: 0.5 })).toBeNaN();
    expect(value('x^{\\frac{1}{2}}', { x: -4 })).toBeNaN();
    expect(value('x^{\\frac{1}{2}}', { x: 0 })).toBe(0);
    expect(value('0^{\\frac{1}{2}}')).toBe('0/1');
  });

  it('has no value for division by zero, logs of non-positives or bad bases', () => {
    for (const tex of ['1/0', '\\frac{0}{0}', '\\frac{\\pi}{0}', '\\frac{1}{x}', '\\ln 0', '\\ln(-1)', '\\log_1 5'])
      expect(value(tex, { x: 0 }), tex).toBeNaN();
    expect(value('\\log_{-2} 4')).toBeNaN();
    expect(value('\\log_{0} 4')).toBeNaN();
    expect(value('\\ln 1')).toBe(0);
    expect(value('\\frac{1}{10^{-400}}')).toBe(`${10n ** 400n}/1`);
  });

  it('evaluates trigonometry, and marks what a double cannot give', () => {
    expect(value('\\sin 0')).toBe(0);
    expect(value('\\cos 0')).toBe(1);
    expect(value('\\tan \\frac{\\pi}{4}')).toBeCloseTo(1, 15);
    // tan at pi/2 as a double is about 1.6e16, an artefact of rounding pi/2.
    expect(lossy('\\tan \\frac{\\pi}{2}')).toBe(true);
    expect(lossy('\\tan 1.5')).toBe(false);
    // Past 2^50 a double's spacing is >= 0.25 rad: sin has no correct digits.
    expect(lossy('\\sin(2^{51})')).toBe(true);
    expect(lossy('\\cos(-2^{51})')).toBe(true);
    expect(lossy('\\sin(2^{40})')).toBe(false);
    expect(lossy('\\sin(2^{50})')).toBe(false);
  });

  it('marks a term absorbed by a larger one, overflow and underflow as lossy, and passes the mark on', () => {
    expect(lossy('\\pi + 10^{-30}')).toBe(true);
    expect(lossy('10^{-30} + \\pi')).toBe(true);
    expect(lossy('\\pi - 10^{-30}')).toBe(true);
    expect(lossy('\\pi + 0')).toBe(false);
    expect(lossy('0 + \\pi')).toBe(false);
    expect(lossy('\\pi - \\pi')).toBe(false);
    expect(lossy('\\infty + 1')).toBe(false);
    expect(lossy('1 + \\infty')).toBe(false);
    expect(lossy('e^{1000}')).toBe(true);
    expect(lossy('\\pi^{-2000}')).toBe(true);
    expect(lossy('\\frac{\\pi}{\\infty}')).toBe(false);
    expect(lossy('\\pi \\cdot \\infty')).toBe(false);
    for (const tex of [
      '-(\\pi + 10^{-30})',
      '\\sqrt{e^{1000}}',
      '\\sin(\\pi + 10^{-30})',
      '\\ln(-e^{1000})',
      '2e^{1000}',
    ])
      expect(lossy(tex), tex).toBe(true);
  });
});

// Rationals whose exact result needs more than 4096 bits: the result is the float of the operands.
describe('exact results too large to keep', () => {
  const a = '\\frac{10^{1000}+1}{10^{1000}}'; // 1 + 10^-1000
  const b = '\\frac{2 \\cdot 3^{1000}+1}{3^{1000}}'; // 2 + 3^-1000
  it('fall back to float arithmetic on the operands', () => {
    expect(value(a)).toMatch(/\//);
    expect(at(a)?.f).toBe(1);
    // Both parts past a double's range, of different sizes: about 10^10 / 3.
    const c = at('\\frac{10^{400}+1}{3 \\cdot 10^{390}}');
    expect(c?.lossy).toBeUndefined();
    expect((c?.f ?? 0) / (1e10 / 3)).toBeCloseTo(1, 12);
    expect(value(`${a} + ${b}`)).toBeCloseTo(3, 14);
    expect(value(`${a} - ${b}`)).toBeCloseTo(-1, 14);
    expect(value(`${a} \\cdot ${b}`)).toBeCloseTo(2, 14);
    expect(value(`\\frac{${a}}{${b}}`)).toBeCloseTo(0.5, 14);
    expect(lossy(`(${a})^{2}`)).toBe(false);
    expect(value(`(${a})^{2}`)).toBeCloseTo(1, 14);
  });
});
