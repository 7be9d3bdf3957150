import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/core/prng.js';
import { creamConsistency, kendallTauB } from '../../src/preference/consistency.js';
import { detectLayout, LAYOUTS, type Layout, readPair, writePair } from '../../src/preference/layouts.js';
import { crossPromptPairs, pairsOfPrompt, readLabel } from '../../src/preference/pairing.js';
import { conditionText, drsBeta, relabelTemplates } from '../../src/preference/relabel.js';
import { preferenceStrength, quantile, strengthDeciles, strengthFlag } from '../../src/preference/strength.js';

describe('preference strength (Secrets of RLHF II §3)', () => {
  it('mean and population std of the ensemble differences', () => {
    // d = [1, 3] → μ̂ = 2, σ̂ = 1 (population std, not the sample std √2)
    expect(preferenceStrength([1, 3])).toEqual({ mean: 2, std: 1, n: 2 });
    expect(preferenceStrength([-0.5, -0.5, -0.5]).std).toBe(0);
  });
  it('flags: negative beyond the band is mislabelled, inside the band ambiguous', () => {
    expect(strengthFlag(-0.3, 0.05)).toBe('mislabelled');
    expect(strengthFlag(0.04, 0.05)).toBe('ambiguous');
    expect(strengthFlag(-0.05, 0.05)).toBe('ambiguous');
    expect(strengthFlag(0.5, 0.05)).toBe('ok');
  });
  it('deciles sort by μ̂ and cover every pair once', () => {
    const points = Array.from({ length: 95 }, (_, i) => ({ mean: 50 - i, std: i / 100 }));
    const d = strengthDeciles(points);
    expect(d).toHaveLength(10);
    expect(d.reduce((a, r) => a + r.n, 0)).toBe(95);
    expect(d[0]?.meanMu).toBeLessThan(d[9]?.meanMu as number);
    expect(quantile([1, 2, 3, 4, 5], 0.1)).toBeCloseTo(1.4, 12); // numpy.quantile([1..5], 0.1) = 1.4
  });
});

describe('CREAM consistency (reconstruction from memory: C = (τ + 1)/2)', () => {
  it('identical rankings give 1, reversed give 0, and scipy τ-b on ties', () => {
    expect(creamConsistency([1, 2, 3, 4], [10, 20, 30, 40])).toBe(1);
    expect(creamConsistency([1, 2, 3], [3, 2, 1])).toBe(0);
    // τ-b of [1,2,2,3] vs [1,3,2,4]: 5 concordant, 0 discordant, 1 tie in a → 5/√(5·6) (scipy.stats.kendalltau: 0.9128709)
    expect(kendallTauB([1, 2, 2, 3], [1, 3, 2, 4])).toBeCloseTo(5 / Math.sqrt(5 * 6), 12);
  });
});

describe('DRS β (MM-RLHF; β_ori, w, k are reconstructions, so parameters)', () => {
  it('β(0) = β_ori, grows with the margin, bounded by β_ori·(1 + w), never below β_ori', () => {
    expect(drsBeta(0)).toBeCloseTo(0.1, 12);
    // δ = 2, k = 0.5: 0.1·(1 + 0.5·(1 − e^−1)) = 0.131606027941...
    expect(drsBeta(2)).toBeCloseTo(0.1 * (1 + 0.5 * (1 - Math.exp(-1))), 12);
    expect(drsBeta(1e6)).toBeCloseTo(0.15, 12);
    expect(drsBeta(-3)).toBe(0.1);
    expect(drsBeta(2, { betaOri: 0.2, w: 1, k: 1 })).toBeCloseTo(0.2 * (2 - Math.exp(-2)), 12);
  });
  it('templates are data and fill {score} and {max}', () => {
    const t = relabelTemplates().suffix as string;
    expect(conditionText(t, 8, 10)).toMatch(/8 out of 10/);
    expect(conditionText(t, 7.25, 10)).toMatch(/7\.25 out of 10/);
  });
});

describe('layouts', () => {
  const pair = { prompt: 'Q?', chosen: 'good', rejected: 'bad', magnitude: 2, extra: { id: 7 } };
  it('every writable layout reads back the same pair, keeping extra fields', () => {
    for (const layout of LAYOUTS.filter((l) => l !== 'helpsteer2') as Layout[]) {
      const row = writePair({ ...pair, extra: { ...pair.extra } }, layout);
      expect(detectLayout(row)).toBe(layout === 'rewardbench' ? 'trl' : layout); // no subset field → trl
      const back = readPair(row, layout);
      expect(back.chosen).toBe('good');
      expect(back.rejected).toBe('bad');
      expect(back.extra.id).toBe(7);
    }
  });
  it('HelpSteer2-Preference: −3 means response_1 much better, +3 response_2, 0 a tie', () => {
    const hs = (s: number) =>
      readPair({ prompt: 'p', response_1: 'one', response_2: 'two', preference_strength: s }, 'helpsteer2-preference');
    expect(hs(-3)).toMatchObject({ chosen: 'one', magnitude: 3 });
    expect(hs(2)).toMatchObject({ chosen: 'two', rejected: 'one', magnitude: 2 });
    expect(hs(0).tie).toBe(true);
    expect(() => hs(4)).toThrow(/−3\.\.3/);
  });
  it('OpenRLHF conversations split into shared prompt turns and replies; margin kept', () => {
    const row = {
      chosen: [
        { role: 'user', content: 'q' },
        { role: 'assistant', content: 'a' },
      ],
      rejected: [
        { role: 'user', content: 'q' },
        { role: 'assistant', content: 'b' },
      ],
      margin: 0.5,
    };
    expect(readPair(row, 'openrlhf')).toMatchObject({
      prompt: [{ role: 'user', content: 'q' }],
      chosen: 'a',
      rejected: 'b',
      margin: 0.5,
    });
  });
});

describe('pairing from pass/fail labels (SoliReward)', () => {
  const item = (line: number, pass: boolean) => ({ line, prompt: 'p', response: `r${line}`, pass, extra: {} });
  it('pass × fail wins and pass × pass ties; fail × fail only when asked', () => {
    const items = [item(1, true), item(2, true), item(3, false), item(4, false)];
    const o = { ties: true, failTies: false, maxPerPrompt: 100, rand: mulberry32(1) };
    const pairs = pairsOfPrompt(items, o);
    expect(pairs.filter((p) => !p.tie)).toHaveLength(4);
    expect(pairs.filter((p) => p.tie)).toHaveLength(1);
    expect(pairs.every((p) => p.tie || (p.chosen.pass && !p.rejected.pass))).toBe(true);
    expect(pairsOfPrompt(items, { ...o, failTies: true }).filter((p) => p.tie)).toHaveLength(2);
    expect(pairsOfPrompt(items, { ...o, maxPerPrompt: 2 })).toHaveLength(2);
  });
  it('cross-prompt pairing: partners come from other prompts only, seeded, each side keeps its prompt', () => {
    const items = [
      { line: 1, prompt: 'a', response: 'a1', pass: true, extra: {} },
      { line: 2, prompt: 'a', response: 'a2', pass: false, extra: {} },
      { line: 3, prompt: 'b', response: 'b1', pass: false, extra: {} },
      { line: 4, prompt: 'c', response: 'c1', pass: true, extra: {} },
    ];
    const pairs = crossPromptPairs(items, { ties: true, perItem: 2, rand: mulberry32(3) });
    expect(pairs.every((p) => p.chosen.prompt !== p.rejected.prompt)).toBe(true);
    expect(
      pairs
        .filter((p) => !p.tie)
        .map((p) => [p.chosen.line, p.rejected.line].join('>'))
        .sort(),
    ).toEqual(['1>3', '4>2', '4>3']);
    expect(pairs.filter((p) => p.tie).map((p) => [p.chosen.line, p.rejected.line])).toEqual([[1, 4]]);
    expect(crossPromptPairs(items, { ties: true, perItem: 2, rand: mulberry32(3) })).toEqual(pairs);
    // only OpenRLHF holds a prompt per side
    const pair = { prompt: 'a', chosen: 'a1', rejected: 'b1', rejectedPrompt: 'b', extra: {} };
    expect(() => writePair(pair, 'trl')).toThrow(/different prompts/);
    const row = writePair(pair, 'openrlhf');
    expect(readPair(row, 'openrlhf')).toMatchObject({
      prompt: [{ role: 'user', content: 'a' }],
      rejectedPrompt: [{ role: 'user', content: 'b' }],
    });
  });

  it('labels read strictly; anything else is not a label', () => {
    expect([true, 1, 'PASS', 'yes', false, 0, 'fail'].map(readLabel)).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
    expect(readLabel('maybe')).toBeUndefined();
    expect(readLabel(0.5)).toBeUndefined();
  });
});
