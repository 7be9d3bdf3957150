// BLEU details the conformance fixtures leave open. Expected values are worked by hand from sacreBLEU 2.6.0's
// BLEU.compute_bleu, BLEU._get_closest_ref_len and BLEU._preprocess_segment. Blank references are skipped, a
// deliberate departure from Metric._cache_references (which drops only None; see Bleu.stats).
import { describe, expect, it } from 'vitest';
import { Bleu, closestRefLength, computeBleu } from './bleu.js';

describe('BLEU references (blank ones skipped, unlike sacreBLEU)', () => {
  it("skips '' and null references before taking the closest length", () => {
    // '' is dropped before scoring: 'a b c' is the only reference, so ref_len = 3 and BP = e^(1 - 3/1) (sacreBLEU,
    // keeping '', would take ref_len 0 and BP = 1: a padded reference list would excuse short hypotheses).
    expect(new Bleu().stats('a', ['', 'a b c'])).toEqual({
      sysLen: 1,
      refLen: 3,
      correct: [1, 0, 0, 0],
      total: [1, 0, 0, 0],
    });
    expect(new Bleu({ effectiveOrder: true }).sentence('a', ['', 'a b c']).bp).toBeCloseTo(Math.exp(-2), 12);
    const none = new Bleu({ tokenize: 'none' });
    expect(none.stats('a', ['', 'a b c']).refLen).toBe(3);
    expect(none.stats('a b', [null, 'a b'])).toEqual({
      sysLen: 2,
      refLen: 2,
      correct: [2, 1, 0, 0],
      total: [2, 1, 0, 0],
    });
  });

  it('refuses a segment with no reference left', () => {
    expect(() => new Bleu().sentence('a', [''])).toThrow('BLEU needs a non-empty reference');
    expect(() => new Bleu().sentence('a', [])).toThrow('BLEU needs a non-empty reference');
    expect(() => new Bleu({ tokenize: 'none' }).sentence('a', [''])).toThrow('BLEU needs a non-empty reference');
    expect(() => new Bleu().corpus(['a', 'b'], [['a', null]])).toThrow('BLEU needs a non-empty reference');
  });
});

describe('closest reference length (sacreBLEU BLEU._get_closest_ref_len)', () => {
  it('takes the nearest length, the shorter one on ties, whatever the order', () => {
    expect(closestRefLength(4, [3, 5])).toBe(3);
    expect(closestRefLength(4, [5, 3])).toBe(3);
    expect(closestRefLength(4, [6, 2])).toBe(2);
    expect(closestRefLength(3, [4, 1])).toBe(4);
    expect(closestRefLength(3, [10, 3, 4])).toBe(3);
    expect(closestRefLength(0, [2])).toBe(2);
    expect(closestRefLength(3, [])).toBe(-1); // sacreBLEU's closest_len starts at -1
  });
});

describe('BLEU preprocessing and options (sacreBLEU BLEU._preprocess_segment)', () => {
  it('lowercases with str.lower, right-strips, then tokenizes', () => {
    expect(new Bleu().tokens('Hello, world!  ')).toEqual(['Hello', ',', 'world', '!']);
    // 'ß'.lower() is 'ß' ('ß'.upper() would be 'SS').
    expect(new Bleu({ lowercase: true }).tokens('ß SS')).toEqual(['ß', 'ss']);
    expect(new Bleu({ tokenize: 'none' }).tokens('a,b  c ')).toEqual(['a,b', 'c']);
  });

  it('takes maxNgramOrder as given and rejects one below 1 or fractional', () => {
    // BLEU-1 of 'a b' against 'a c': p1 = 1/2, equal lengths so BP = 1.
    expect(new Bleu({ maxNgramOrder: 1 }).sentence('a b', ['a c']).score).toBeCloseTo(50, 12);
    expect(new Bleu({ maxNgramOrder: 2 }).stats('a b c', ['a b c']).correct).toEqual([3, 2]);
    expect(() => new Bleu({ maxNgramOrder: 0 })).toThrow('maxNgramOrder must be >= 1');
    expect(() => new Bleu({ maxNgramOrder: -2 })).toThrow('maxNgramOrder must be >= 1');
    expect(() => new Bleu({ maxNgramOrder: 1.5 })).toThrow('maxNgramOrder must be >= 1');
  });
});

describe('computeBleu (sacreBLEU BLEU.compute_bleu)', () => {
  const stats = { sysLen: 4, refLen: 4, correct: [2, 1, 0, 0], total: [4, 3, 2, 1] };

  it('reports the brevity penalty even when nothing matches', () => {
    const zero = { correct: [0, 0, 0, 0], total: [0, 0, 0, 0] };
    expect(computeBleu({ sysLen: 0, refLen: 2, ...zero })).toEqual({
      score: 0,
      counts: [0, 0, 0, 0],
      totals: [0, 0, 0, 0],
      precisions: [0, 0, 0, 0],
      bp: 0,
      sysLen: 0,
      refLen: 2,
    });
    expect(computeBleu({ sysLen: 1, refLen: 2, ...zero }).bp).toBeCloseTo(Math.exp(-1), 12);
    expect(computeBleu({ sysLen: 3, refLen: 2, ...zero }).bp).toBe(1);
    expect(computeBleu({ ...stats, ...zero }, { maxNgramOrder: 2 }).precisions).toEqual([0, 0]);
  });

  it('BP = e^(1 - r/c) below the reference length, 1 at or above it (Papineni et al. 2002)', () => {
    const short = computeBleu({ ...stats, sysLen: 2 });
    expect(short.bp).toBeCloseTo(Math.exp(-1), 12);
    expect(short.score).toBeCloseTo(Math.exp(-1) * computeBleu(stats).score, 12);
    expect(computeBleu({ ...stats, sysLen: 4, refLen: 4 }).bp).toBe(1);
    expect(computeBleu({ ...stats, sysLen: 5 }).bp).toBe(1);
  });

  it('uses the given smoothing value, and leaves the input counts alone', () => {
    const input = { ...stats, correct: [...stats.correct], total: [...stats.total] };
    // add-k adds k to the counts and totals of orders 2 and up only.
    const addK = computeBleu(input, { smoothMethod: 'add-k', smoothValue: 2 });
    expect(addK.counts).toEqual([2, 3, 2, 2]);
    expect(addK.totals).toEqual([4, 5, 4, 3]);
    expect(addK.precisions).toEqual([50, 60, 50, 200 / 3]);
    expect(input).toEqual(stats);
    // floor: a zero count becomes the smoothing value over the total.
    expect(computeBleu(stats, { smoothMethod: 'floor', smoothValue: 0.5 }).precisions).toEqual([50, 100 / 3, 25, 50]);
    // none ignores a given value: zero counts stay zero precisions.
    expect(computeBleu(stats, { smoothMethod: 'none', smoothValue: 0.5 }).precisions).toEqual([50, 100 / 3, 0, 0]);
    // exp is the default and ignores the value.
    expect(computeBleu(stats, { smoothValue: 0.5 }).precisions).toEqual([50, 100 / 3, 25, 25]);
  });

  it('with effective order averages the orders up to the last with a total (sentence BLEU)', () => {
    // 2 tokens: no 3- or 4-grams, so the mean is over p1 = 50 and p2 = 100/(2·1) (exp smoothing).
    const two = { sysLen: 2, refLen: 2, correct: [1, 0, 0, 0], total: [2, 1, 0, 0] };
    expect(computeBleu(two, { effectiveOrder: true }).score).toBeCloseTo(50, 12);
    expect(computeBleu(two).score).toBe(0);
  });
});
