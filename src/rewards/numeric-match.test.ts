import { describe, expect, it } from 'vitest';
import { contractSuite } from '../../test/contract.js';
import { createRegistry } from '../catalog.js';
import { Runner } from '../core/runner.js';
import { compileNode } from '../core/spec.js';
import { isClose, numericMatch } from './numeric-match.js';
import { readNumber } from './parse-number.js';

contractSuite(numericMatch, {
  samples: [
    { prompt: 'q', response: 'so the total is \\boxed{1,234}', reference: 1234 },
    { prompt: 'q', response: 'The answer is 3/4', reference: '0.75' },
    { prompt: 'q', response: 'no idea', reference: '5' },
  ],
});

const dot = { decimalComma: false };

describe('readNumber', () => {
  // Forms after Math-Verify's plain-number handling (thousands, percent suffixes, currency prefixes).
  it.each([
    ['1,234', 1234],
    ['-1,234.50', -1234.5],
    ['$1,234.50', 1234.5],
    ['\\$5', 5],
    ['€ 12', 12],
    ['12 USD', 12],
    ['3/4', 0.75],
    ['-\\dfrac{3}{4}', -0.75],
    ['\\frac34', 0.75],
    ['½', 0.5],
    ['.5', 0.5],
    ['1.5e3', 1500],
    ['2.5 \\times 10^{-3}', 0.0025],
    ['6.02×10^23', 6.02e23],
    ['−7', -7],
    ['42.', 42],
    ['1\u2009234\u2009567', 1234567],
    ['1{,}000', 1000],
    ['x = 5', 5],
    ['\\text{42 apples}', 42],
  ])('%s → %d', (text, value) => {
    const read = readNumber(text, dot);
    expect(read.ok).toBe(true);
    if (read.ok) expect(read.number.value / value).toBeCloseTo(1, 12);
  });

  it('marks percent and refuses non-numbers and lists', () => {
    expect(readNumber('15%', dot)).toMatchObject({ ok: true, number: { value: 15, percent: true } });
    expect(readNumber('10\\%', dot)).toMatchObject({ ok: true, number: { value: 10, percent: true } });
    expect(readNumber('15 percent', dot)).toMatchObject({ ok: true, number: { percent: true } });
    expect(readNumber('seven', dot)).toMatchObject({ ok: false, reason: 'not-a-number' });
    expect(readNumber('3, 4, 5', dot)).toMatchObject({ ok: false, reason: 'ambiguous', count: 3 });
    expect(readNumber('1,23', dot)).toMatchObject({ ok: false, reason: 'ambiguous' }); // not a thousands group
    expect(readNumber('1/0', dot)).toMatchObject({ ok: false });
    for (const text of ['x+1', 'x + 1', '5x', '\\sqrt{2}', '2^x', 'n - 3']) {
      expect(readNumber(text, dot), text).toMatchObject({ ok: false, reason: 'not-a-number' });
    }
  });

  it('reads long blank or digit runs in linear time (a token never starts at a space)', () => {
    expect(readNumber(' '.repeat(200_000), dot)).toMatchObject({ ok: false, reason: 'not-a-number' });
    expect(readNumber(`${' '.repeat(100_000)}7${' \t'.repeat(50_000)}`, dot)).toMatchObject({ ok: true });
    expect(readNumber('1 '.repeat(100_000), dot)).toMatchObject({ ok: false, reason: 'ambiguous' });
  });

  it('reads a decimal comma when asked', () => {
    expect(readNumber('1.234,5', { decimalComma: true })).toMatchObject({ ok: true, number: { value: 1234.5 } });
    expect(readNumber('0,25', { decimalComma: true })).toMatchObject({ ok: true, number: { value: 0.25 } });
  });
});

describe('isClose (PEP 485 vectors)', () => {
  it('uses the larger magnitude for the relative test', () => {
    expect(isClose(1e10, 1.00001e10, 1e-5, 0)).toBe(true);
    expect(isClose(1e-8, 0, 1e-9, 0)).toBe(false); // nothing is relatively close to zero
    expect(isClose(1e-8, 0, 1e-9, 1e-6)).toBe(true);
    expect(isClose(100, 101, 0.01, 0)).toBe(true); // 1% tolerance accepts 101 for 100 (reasoning-gym's default)
    expect(isClose(100, 101, 1e-9, 1e-6)).toBe(false);
  });
});

describe('numeric-match', () => {
  const registry = createRegistry();
  const score = async (response: string, reference: unknown, params = {}) => {
    const root = compileNode({ kind: 'numeric-match', params }, registry, { file: 't' });
    const [r] = await new Runner().score(root, [{ prompt: 'q', response, reference }]);
    return r;
  };

  it('GSM8K style: last number, thousands separators and currency', async () => {
    expect((await score('She pays $1,080 in total.', 1080))?.score).toBe(1);
    expect((await score('#### 72', '72'))?.score).toBe(1);
    expect((await score('<think>maybe 5</think>It is 6', 5))?.score).toBe(0);
  });

  it('prefers \\boxed over the last number', async () => {
    const r = await score('\\boxed{12} (that is 12 of 20)', 12);
    expect(r).toMatchObject({ score: 1, details: { rule: 'boxed', value: 12 } });
  });

  it('applies absolute and relative tolerance', async () => {
    expect((await score('0.333333', '1/3'))?.score).toBe(1); // |diff| 3.3e-7 ≤ absTol 1e-6
    expect((await score('0.333', '1/3'))?.score).toBe(0);
    expect((await score('0.333', '1/3', { absTol: 1e-3 }))?.score).toBe(1);
    expect((await score('101', 100, { relTol: 0.01 }))?.score).toBe(1);
    expect((await score('102', 100, { relTol: 0.01 }))?.score).toBe(0);
  });

  it('percent policy: either (default), fraction, number', async () => {
    expect((await score('10%', 10))?.score).toBe(1);
    expect((await score('10%', 0.1))?.score).toBe(1);
    expect((await score('10%', 10, { percent: 'fraction' }))?.score).toBe(0);
    expect((await score('10%', 0.1, { percent: 'fraction' }))?.score).toBe(1);
    expect((await score('10%', 0.1, { percent: 'number' }))?.score).toBe(0);
    expect((await score('0.1', '10%'))?.score).toBe(1);
  });

  it('scores several numbers in the answer as 0 with reason ambiguous', async () => {
    const r = await score('The answer is 3 or 4', 4);
    expect(r).toMatchObject({ score: 0, details: { reason: 'ambiguous', rule: 'answer-phrase' } });
  });

  it('a non-numeric answer is 0, a non-numeric reference is unscorable', async () => {
    expect((await score('\\boxed{x+1}', 2))?.details).toMatchObject({ reason: 'not-a-number' });
    expect((await score('nothing here', 2))?.details).toMatchObject({ reason: 'no-answer' });
    expect((await score('5', 'five'))?.code).toBe('unparsable-reference');
    expect((await score('5', undefined))?.code).toBe('no-reference');
  });

  it('matches any of several references', async () => {
    expect((await score('\\boxed{-2}', [2, -2]))?.details).toMatchObject({ matched: -2 });
  });
});
