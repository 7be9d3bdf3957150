// chrF details the conformance fixtures leave open: eps smoothing, orders with no n-grams, word-only chrF,
// chrF++ word splitting, and how references are picked and summed. Expected F values are worked by hand from
// sacreBLEU 2.6.0's CHRF._compute_f_score and _remove_punctuation.
import { describe, expect, it } from 'vitest';
import { Chrf, chrfWords } from './chrf.js';

describe('chrF F-score (sacreBLEU CHRF._compute_f_score)', () => {
  const two = new Chrf({ charOrder: 2 });
  const three = new Chrf({ charOrder: 3 });

  it('averages precision and recall over the orders both sides have n-grams for', () => {
    // order 1: P = R = 0.5, order 2: P = R = 0 → mean P = R = 0.25, F2 = 25
    expect(two.fScore([4, 4, 2, 3, 3, 0])).toBeCloseTo(25, 12);
    // order 2 has no hypothesis n-grams, order 3 no reference ones: only order 1 (P = 0.5, R = 1) counts
    expect(three.fScore([4, 2, 2, 0, 1, 0, 3, 0, 0])).toBeCloseTo(250 / 3, 12);
    expect(new Chrf({ charOrder: 3, beta: 1 }).fScore([4, 2, 2, 0, 1, 0, 3, 0, 0])).toBeCloseTo(200 / 3, 12);
    expect(new Chrf({ charOrder: 1, beta: 3 }).fScore([6, 4, 3])).toBeCloseTo(500 / 7, 12);
    // no order has both: 0, not NaN
    expect(two.fScore([0, 3, 0, 2, 0, 0])).toBe(0);
  });

  it('with eps smoothing (chrF++.py) averages the per-order F over every order instead', () => {
    const eps = (charOrder: number) => new Chrf({ charOrder, epsSmoothing: true });
    expect(eps(2).fScore([4, 4, 2, 3, 3, 0])).toBeCloseTo(25, 12); // (0.5 + ε) / 2
    expect(eps(3).fScore([4, 2, 2, 0, 1, 0, 3, 0, 0])).toBeCloseTo(250 / 9, 12); // (2/3 + 0 + ε) / 3
    // Exactly 0: an order without hypothesis n-grams has P = ε, R = 0, so 5εR/(4ε + R) = 0, and one with
    // hypothesis n-grams but no reference ones has P = 0, R = ε, so 0 too; neither adds an ε.
    expect(eps(2).fScore([0, 3, 0, 2, 0, 0])).toBe(0);
    expect(eps(1).fScore([3, 0, 0])).toBe(0);
  });

  it('counts no hypothesis n-grams for an order the reference has none of', () => {
    expect(three.stats('abcd', ['ab'])).toEqual([4, 2, 2, 3, 1, 1, 0, 0, 0]);
    expect(three.sentence('abcd', ['ab']).score).toBeCloseTo(78.125, 12);
    // Nothing matches: the statistics of the (only) reference are still reported.
    expect(new Chrf().sentence('xyz', ['abc'])).toEqual({
      score: 0,
      stats: [3, 3, 0, 2, 2, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    });
  });

  it('corpus chrF sums the best reference per segment, skipping missing references', () => {
    const corpus = three.corpus(
      ['abcd', 'xy'],
      [
        ['ab', null],
        ['abcd', 'x'],
      ],
    );
    expect(corpus.stats).toEqual([6, 5, 5, 3, 3, 3, 2, 2, 2]);
    expect(corpus.score).toBeCloseTo(98.83720930232558, 12);
  });
});

describe('chrF references and case (CHRF._preprocess_segment)', () => {
  const zeros = (n: number) => new Array<number>(n).fill(0);

  it('skips empty references, and wants at least one that is not', () => {
    // Not sacreBLEU's: it keeps '' (Metric._cache_references drops only None), whose all-zero counts win the
    // F = 0 tie as the first reference; skipped here, 'xyz' is the only reference and its counts are reported.
    expect(new Chrf().stats('abc', ['', 'xyz'])).toEqual([3, 3, 0, 2, 2, 0, 1, 1, 0, ...zeros(9)]);
    const three = new Chrf({ charOrder: 3 });
    expect(three.corpus(['abcd'], [[''], ['ab']]).stats).toEqual(three.stats('abcd', ['ab']));
    expect(() => new Chrf().sentence('abc', [''])).toThrow('chrF needs a non-empty reference');
    expect(() => new Chrf().sentence('abc', [])).toThrow('chrF needs a non-empty reference');
    expect(() => three.corpus(['a', 'b'], [['a', null]])).toThrow('chrF needs a non-empty reference');
  });

  it('lowercases as Python str.lower does', () => {
    // 'ß'.lower() is 'ß' and 'SS'.lower() is 'ss': no character in common ('ß'.upper() would be 'SS').
    expect(new Chrf({ lowercase: true }).sentence('ß', ['SS'])).toEqual({
      score: 0,
      stats: [1, 2, 0, 0, 1, 0, ...zeros(12)],
    });
    expect(new Chrf({ lowercase: true }).sentence('AbC', ['abc']).score).toBe(100);
  });
});

describe('chrF orders and words', () => {
  it('scores word n-grams alone when charOrder is 0', () => {
    const words = new Chrf({ charOrder: 0, wordOrder: 1 });
    expect(words.sentence('the cat', ['the dog'])).toEqual({ score: 50, stats: [2, 2, 1] });
  });

  it('rejects negative, fractional or empty orders', () => {
    expect(() => new Chrf({ charOrder: -1 })).toThrow('charOrder must be >= 0');
    expect(() => new Chrf({ charOrder: 1.5 })).toThrow('charOrder must be >= 0');
    expect(() => new Chrf({ wordOrder: -1 })).toThrow('wordOrder must be >= 0');
    expect(() => new Chrf({ wordOrder: 0.5 })).toThrow('wordOrder must be >= 0');
    expect(() => new Chrf({ charOrder: 0 })).toThrow('charOrder + wordOrder must be >= 1');
  });

  it('splits one trailing, else one leading, punctuation mark off each word (sacreBLEU _remove_punctuation)', () => {
    expect(chrfWords('(hi) "ok ,x a. . ab')).toEqual(['(hi', ')', '"', 'ok', ',', 'x', 'a', '.', '.', 'ab']);
    expect(chrfWords('  ..x  ')).toEqual(['.', '.x']);
  });
});
