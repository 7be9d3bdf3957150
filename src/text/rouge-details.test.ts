// ROUGE details rouge.test.ts leaves open. Expected values are worked by hand from Google rouge-score's
// tokenize.tokenize, rouge_scorer._summary_level_lcs / _backtrack_norec and RougeScorer.score_multi.
import { describe, expect, it } from 'vitest';
import { rouge, rougeMulti, rougeN, rougeTokens, rougeTokensReference } from './rouge.js';
import { rougeNOverlap } from './rouge-ngrams.js';

describe('ROUGE details (rouge-score)', () => {
  it('stems only tokens longer than 3 characters', () => {
    // Porter would make 'has' 'ha' and 'was' 'wa'; rouge-score leaves 3-letter tokens alone.
    expect(rougeTokens('has was dies', true)).toEqual(['has', 'was', 'die']);
  });

  it('rougeLsum reads back the LCS preferring a step up in the reference on ties (_backtrack_norec)', () => {
    // 'a b' vs 'b a': t[2][1] = t[1][2] = 1, so i steps back and the LCS is reference token 0 ('a');
    // with the second sentence 'b' (reference token 1) the union is {a, b}: 2 hits, P = 2/3, R = 1.
    const s = rouge('a b', 'b a\nb', 'rougeLsum');
    expect([s.precision, s.recall]).toEqual([2 / 3, 1]);
    expect(s.fmeasure).toBeCloseTo(0.8, 15);
  });

  it('rougeLsum is 0 when the lines have no tokens', () => {
    expect(rouge('—', 'a', 'rougeLsum')).toEqual({ precision: 0, recall: 0, fmeasure: 0 });
    expect(rouge('a', '...\n!!', 'rougeLsum')).toEqual({ precision: 0, recall: 0, fmeasure: 0 });
  });

  it('stems only when asked (RougeScorer use_stemmer=False by default)', () => {
    expect(rougeTokens('Running dogs')).toEqual(['running', 'dogs']);
    expect(rougeTokensReference('Running dogs')).toEqual(['running', 'dogs']);
  });

  it('keys n-grams by their tokens, not the tokens glued together (_create_ngrams makes tuples)', () => {
    // ('ab', 'c') and ('a', 'bc') are different bigrams, though both read 'abc' without a separator.
    const zero = { precision: 0, recall: 0, fmeasure: 0 };
    expect(rougeN(['ab', 'c'], ['a', 'bc'], 2)).toEqual(zero);
    expect(rouge('ab c', 'a bc', 'rouge2', { useStemmer: true })).toEqual(zero);
  });

  it('takes a type only when all of it is rouge1..rouge9, rougeL or rougeLsum (re.match of rouge[0-9]$)', () => {
    expect(() => rouge('a', 'a', 'xrouge1' as 'rouge1')).toThrow('unknown ROUGE type "xrouge1"');
    expect(() => rouge('a', 'a', 'rouge1x' as 'rouge1')).toThrow('unknown ROUGE type "rouge1x"');
  });

  it('refuses a rougeLsum table just over 50M cells (5001 x 10000)', () => {
    const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(' ');
    expect(() => rouge(words(5000), words(9999), 'rougeLsum')).toThrow(/5000 x 9999 tokens is too long/);
  });

  it('rejects an unknown type, and score_multi without targets', () => {
    expect(() => rouge('a', 'a', 'rougeX' as 'rougeL')).toThrow('unknown ROUGE type "rougeX"');
    expect(() => rouge('a', 'a', 'rougeX' as 'rougeL', { useStemmer: true })).toThrow('unknown ROUGE type');
    expect(() => rougeMulti([], 'a', 'rouge1')).toThrow('rougeMulti needs at least one target');
  });

  it('counts ROUGE-N from the text on a target far longer than the scratch buffers', () => {
    // 100,000 tokens 'x', then 'a b': the only matches are at the far end of the target.
    const long = `${'x '.repeat(100_000)}a b`;
    expect(rougeNOverlap(long, 'a b', 1)).toEqual({ overlap: 2, targetGrams: 100_002, predictionGrams: 2 });
    expect(rougeNOverlap(long, 'a b', 2)).toEqual({ overlap: 1, targetGrams: 100_001, predictionGrams: 1 });
    expect(rougeNOverlap('a b', long, 2)).toEqual({ overlap: 1, targetGrams: 1, predictionGrams: 100_001 });
    expect(rouge(long, 'x a', 'rouge2')).toEqual(rougeN(rougeTokens(long), ['x', 'a'], 2));
  });
});
