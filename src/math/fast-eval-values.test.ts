import { describe, expect, it } from 'vitest';
import { fastJudge } from './fast-judge.js';

const judge = fastJudge({ tolerance: 1e-9, rounding: 'exact' });
const equal = (gold: string, pred: string) => judge.scalar(gold, pred)?.equal;

// Values past a double's range: the float of an exact rational can be ±∞ or 0 without the value being so.
describe('values a double cannot hold', () => {
  it('calls a product with an exact zero 0, on either side', () => {
    expect(equal('\\pi \\cdot 0', '0')).toBe(true);
    expect(equal('0 \\cdot \\pi', '0')).toBe(true);
    expect(equal('x \\cdot 0', '0')).toBe(true);
    expect(equal('\\sqrt{2} \\cdot 0 + 1', '1')).toBe(true);
  });

  it('never calls a finite number infinite', () => {
    for (const huge of ['10^{400} + \\pi', '\\pi \\cdot 10^{400}', '\\sqrt{10^{401}}', '\\ln(10^{400})', '10^{400}'])
      expect(equal(huge, '\\infty'), huge).toBe(false);
  });

  it('never calls a non-zero number 0', () => {
    for (const tiny of [
      '\\frac{\\pi}{10^{400}}',
      '\\pi \\cdot 10^{-400}',
      '(\\frac{1}{2})^{5000}',
      '\\frac{1}{2^{5000}}',
    ])
      expect(equal(tiny, '0'), tiny).toBe(false);
  });

  it('keeps exact results of huge values exact', () => {
    expect(equal('10^{400} - 10^{400} + \\pi', '\\pi')).toBe(true);
    expect(equal('\\frac{500!}{499!}', '500')).toBe(true);
    expect(equal('\\frac{10^{400}}{10^{399}} \\cdot \\pi', '10\\pi')).toBe(true);
  });
});

describe('roots of index 1', () => {
  it('takes the first root of a number as the number itself, negative ones too', () => {
    expect(equal('\\sqrt[1]{-5}', '-5')).toBe(true);
    expect(equal('\\sqrt[1]{-5}', '5')).toBe(false);
    expect(equal('\\sqrt[1]{\\pi}', '\\pi')).toBe(true);
  });
});
