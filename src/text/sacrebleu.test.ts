// Differential test: every number in sacreBLEU 2.6.0's conformance fixtures (data/text/sacrebleu, copied from
// ../shared/conformance/sacrebleu) is reproduced to within 1e-9.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Bleu, computeBleu } from './bleu.js';
import { Chrf } from './chrf.js';
import { type ConformanceExpected, checkConformance, parseCases } from './conformance.js';
import { parseMetricKey } from './sacrebleu-keys.js';
import { Ter, translationEditRate } from './ter.js';

const dir = new URL('../../data/text/sacrebleu/', import.meta.url);
const cases = parseCases(readFileSync(new URL('cases.jsonl', dir), 'utf8'), 'cases.jsonl');
const expected = JSON.parse(readFileSync(new URL('expected.json', dir), 'utf8')) as ConformanceExpected;

describe('sacreBLEU conformance (232 cases)', () => {
  const reports = checkConformance(cases, expected);

  it('covers all 27 corpus settings and 4 sentence settings', () => {
    expect(cases).toHaveLength(232);
    expect(reports.filter((r) => r.level === 'corpus')).toHaveLength(27);
    expect(reports.filter((r) => r.level === 'sentence')).toHaveLength(4);
  });

  it.each(reports.map((r) => [`${r.level} ${r.key}`, r] as const))('%s is within 1e-9', (_name, report) => {
    expect(report.error).toBeUndefined();
    expect(report.compared).toBeGreaterThan(0);
    expect(report.maxDiff).toBeLessThanOrEqual(1e-9);
  });

  it('fails loudly on a wrong number and on an unknown option', () => {
    const tampered = { corpus: { 'bleu:tokenize=13a': { score: 85.45 } } };
    expect(checkConformance(cases, tampered)[0]?.maxDiff).toBeGreaterThan(1e-3);
    const unknown = checkConformance(cases, { corpus: { 'bleu:tokenize=ja-mecab': { score: 1 } } })[0];
    expect(unknown?.error).toMatch(/unsupported tokenizer "ja-mecab"/);
    expect(() => parseMetricKey('meteor:')).toThrow(/unknown metric "meteor"/);
  });
});

describe('BLEU details', () => {
  it('takes the closest reference length, the shorter one on ties', () => {
    const s = new Bleu().stats('a b c d', ['a b c', 'a b c d e']);
    expect(s.refLen).toBe(3);
  });

  it('scores 0 when nothing matches, and applies each smoothing method (Chen & Cherry 2014)', () => {
    const stats = { sysLen: 4, refLen: 4, correct: [2, 1, 0, 0], total: [4, 3, 2, 1] };
    expect(computeBleu({ ...stats, correct: [0, 0, 0, 0] }).score).toBe(0);
    // exp: 100/(2·2) and 100/(4·1) for the zero orders
    const exp = computeBleu(stats, { smoothMethod: 'exp' });
    expect(exp.precisions).toEqual([50, 100 / 3, 25, 25]);
    expect(exp.score).toBeCloseTo(Math.exp((Math.log(50) + Math.log(100 / 3) + 2 * Math.log(25)) / 4), 12);
    expect(computeBleu(stats, { smoothMethod: 'floor' }).precisions).toEqual([50, 100 / 3, 5, 10]);
    expect(computeBleu(stats, { smoothMethod: 'add-k' }).counts).toEqual([2, 2, 1, 1]);
    expect(computeBleu(stats, { smoothMethod: 'none' }).score).toBe(0);
    expect(computeBleu(stats, { smoothMethod: 'none', effectiveOrder: true }).score).toBe(0);
  });

  it('uses only the orders a short hypothesis has with effective order', () => {
    const bleu = new Bleu({ effectiveOrder: true });
    expect(bleu.sentence('hello world', ['hello world']).score).toBeCloseTo(100, 9);
    expect(new Bleu().sentence('hello world', ['hello world']).score).toBe(0);
  });

  it('rejects mismatched reference streams', () => {
    expect(() => new Bleu().corpus(['a', 'b'], [['a']])).toThrow(/stream 0 has 1 segments/);
  });
});

describe('chrF and TER details', () => {
  it('chrF of identical strings is 100, of disjoint ones 0', () => {
    expect(new Chrf().sentence('abc def', ['abc def']).score).toBe(100);
    expect(new Chrf().sentence('xyz', ['abc']).score).toBe(0);
  });

  it('TER counts a block shift as one edit (Snover et al. 2006)', () => {
    expect(translationEditRate(['c', 'd', 'a', 'b'], ['a', 'b', 'c', 'd'])).toEqual({ edits: 1, refLength: 4 });
    expect(new Ter().sentence('C D A B', ['a b c d']).score).toBe(25);
    expect(new Ter({ caseSensitive: true }).sentence('C D A B', ['a b c d']).score).toBe(100);
    expect(new Ter().sentence('x', ['']).score).toBe(100);
    expect(new Ter().sentence('', ['']).score).toBe(0);
  });
});
