import { describe, expect, it } from 'vitest';
import { rouge, rougeLsum, rougeMulti, rougeN, rougeTokens, rougeTokensReference } from './rouge.js';
import { rougeNOverlap } from './rouge-ngrams.js';

describe('ROUGE as Google rouge-score computes it', () => {
  // rouge-score README example (use_stemmer=True).
  const target = 'The quick brown fox jumps over the lazy dog';
  const prediction = 'The quick brown dog jumps on the log.';

  it('rouge1 of the rouge-score README example: P 0.75, R 2/3, F 0.70588', () => {
    const s = rouge(target, prediction, 'rouge1', { useStemmer: true });
    expect(s.precision).toBe(0.75);
    expect(s.recall).toBeCloseTo(2 / 3, 15);
    expect(s.fmeasure).toBeCloseTo(0.7058823529411765, 15);
  });

  it('rougeL of the README example: LCS 5 → P 5/8, R 5/9, F 0.588235', () => {
    const s = rouge(target, prediction, 'rougeL', { useStemmer: true });
    expect(s.precision).toBe(5 / 8);
    expect(s.recall).toBeCloseTo(5 / 9, 15);
    expect(s.fmeasure).toBeCloseTo(0.5882352941176471, 15);
  });

  it('rouge2 by hand: 2 shared bigrams of 7 and 8 → F 4/15', () => {
    const s = rouge(target, prediction, 'rouge2');
    expect([s.precision, s.recall]).toEqual([2 / 7, 2 / 8]);
    expect(s.fmeasure).toBeCloseTo(4 / 15, 15);
  });

  it('tokenizes like rouge-score: lowercase, non-[a-z0-9] to spaces, stem only words longer than 3', () => {
    expect(rougeTokens("It's the U.S.-born café's 2nd run!")).toEqual([
      'it',
      's',
      'the',
      'u',
      's',
      'born',
      'caf',
      's',
      '2nd',
      'run',
    ]);
    expect(rougeTokens('Running runs ran', true)).toEqual(['run', 'run', 'ran']);
    expect(rougeTokens('dies flies', true)).toEqual(['die', 'fli']);
    expect(rougeTokens('—…')).toEqual([]);
  });

  it('stemming changes the match: "running" meets "run" only with the stemmer', () => {
    expect(rouge('run fast', 'running fast', 'rouge1').fmeasure).toBe(0.5);
    expect(rouge('run fast', 'running fast', 'rouge1', { useStemmer: true }).fmeasure).toBe(1);
  });

  it('rougeLsum: union LCS over sentences, Lin (2004) §3.2 example: 4 hits → R 4/5, P 4/10', () => {
    const s = rougeLsum(
      [['w1', 'w2', 'w3', 'w4', 'w5']],
      [
        ['w1', 'w2', 'w6', 'w7', 'w8'],
        ['w1', 'w3', 'w8', 'w9', 'w5'],
      ],
    );
    expect([s.recall, s.precision]).toEqual([4 / 5, 4 / 10]);
    // Swapped sentences: rougeL on the joined text finds one subsequence, rougeLsum unions per sentence.
    expect(rouge('a b c d', 'c d a b', 'rougeL').recall).toBe(0.5);
    expect(rouge('a b c d', 'c d\n\na b', 'rougeLsum').recall).toBe(1);
  });

  it('rougeLsum counts a token at most as often as it appears on both sides', () => {
    const s = rouge('a b\na b', 'a b', 'rougeLsum');
    expect([s.precision, s.recall]).toEqual([1, 0.5]);
  });

  it('is 0 (not NaN) for empty sides', () => {
    for (const type of ['rouge1', 'rouge2', 'rougeL', 'rougeLsum'] as const) {
      expect(rouge('', 'a', type).fmeasure).toBe(0);
      expect(rouge('a', '', type).fmeasure).toBe(0);
    }
  });

  it('rougeL (two-row LCS) equals rougeLsum (full table + backtracking) on single-line texts', () => {
    let seed = 3;
    const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const text = () => Array.from({ length: Math.floor(rand() * 30) }, () => 'abcde'[Math.floor(rand() * 5)]).join(' ');
    for (let k = 0; k < 300; k++) {
      const [t, p] = [text(), text()];
      expect(rouge(t, p, 'rougeL')).toEqual(rouge(t, p, 'rougeLsum'));
    }
  });

  it('refuses a rougeLsum sentence pair too long for the LCS table, naming the sizes', () => {
    const long = Array.from({ length: 8000 }, (_, i) => `w${i}`).join(' ');
    expect(() => rouge(long, long, 'rougeLsum')).toThrow(/8000 x 8000 tokens is too long/);
    // rougeL on the same pair (two-row LCS, no table) is in test/text/rouge-long.test.ts: 64M cells take
    // minutes in Stryker's instrumented code, for every mutant of the LCS.
  });

  it('score_multi keeps the target with the best F, the first on ties', () => {
    const s = rougeMulti(['x y', 'a b', 'a b'], 'a b', 'rouge1');
    expect(s.target).toBe(1);
    expect(s.fmeasure).toBe(1);
  });
});

describe('rougeTokens (one scan) equals the regex tokenizer rouge-score writes', () => {
  // Park-Miller LCG: reproducible inputs. Pieces include characters whose lowercase changes length or is ASCII.
  let seed = 11;
  const next = () => {
    seed = (seed * 48271) % 2147483647;
    return seed / 2147483647;
  };
  const pieces = [
    'The',
    'running',
    'a',
    'Z9',
    ' ',
    '  ',
    '\n',
    '.',
    "'",
    '-',
    'café',
    'İ',
    'K',
    'ẞ',
    'Σ',
    '🙂',
    '_',
    '0',
  ];

  it('on 5,000 random strings, with and without the stemmer', () => {
    for (let k = 0; k < 5000; k++) {
      const text = Array.from(
        { length: Math.floor(next() * 30) },
        () => pieces[Math.floor(next() * pieces.length)],
      ).join('');
      const stem = k % 2 === 0;
      expect(rougeTokens(text, stem)).toEqual(rougeTokensReference(text, stem));
    }
    expect(rougeTokens('İK')).toEqual(['i', 'k']); // U+0130 lowercases to i + combining dot; U+212A to k
  });
});

describe('ROUGE-N counted from the text (rouge-ngrams.ts) equals tokens + string-keyed counts', () => {
  let seed = 29;
  const next = () => {
    seed = (seed * 48271) % 2147483647;
    return seed / 2147483647;
  };
  const pieces = [
    'the',
    'The',
    'cat',
    'CAT',
    'sat',
    'a',
    'b',
    'ab',
    '2nd',
    ' ',
    '  ',
    '.',
    '-',
    '\n',
    'é',
    'İ',
    'K',
    '🙂',
  ];
  // A sentence from a small vocabulary (many repeats, so clipping matters) or a large one (distinct words).
  const sentence = (vocab: number) =>
    Array.from({ length: Math.floor(next() * 40) }, () =>
      vocab > 0
        ? `w${Math.floor(next() * vocab)}${next() < 0.2 ? ' ' : '-'}`
        : pieces[Math.floor(next() * pieces.length)],
    ).join(next() < 0.5 ? '' : ' ');
  const plain = (t: string, p: string, n: number) => rougeN(rougeTokensReference(t), rougeTokensReference(p), n);

  it('on 6,000 random pairs, orders 1-9, small and large vocabularies (P, R and F exactly)', () => {
    for (let k = 0; k < 6000; k++) {
      const vocab = k % 3 === 0 ? 0 : k % 3 === 1 ? 4 : 200;
      const t = sentence(vocab);
      const p = next() < 0.5 ? sentence(vocab) : t.replace(/w1/g, 'w2');
      const n = 1 + (k % 9);
      expect(rouge(t, p, `rouge${n}` as 'rouge1')).toEqual(plain(t, p, n));
    }
  });

  it('counts clipped overlap and n-gram totals as rouge-score does', () => {
    // target "a a b": unigrams a:2 b:1; prediction "A a a c": a:3 c:1 → overlap min(2,3) + min(1,0) = 2.
    expect(rougeNOverlap('a a b', 'A a a c', 1)).toEqual({ overlap: 2, targetGrams: 3, predictionGrams: 4 });
    expect(rougeNOverlap('a a b', 'A a a c', 2)).toEqual({ overlap: 1, targetGrams: 2, predictionGrams: 3 });
    expect(rougeNOverlap('a', 'a b', 2)).toEqual({ overlap: 0, targetGrams: 0, predictionGrams: 1 });
    expect(rouge('a', 'a b', 'rouge2')).toEqual({ precision: 0, recall: 0, fmeasure: 0 });
  });

  it('gives way to the string path when 9-gram keys over the vocabulary would not be exact', () => {
    const words = Array.from({ length: 60 }, (_, i) => `w${i}`);
    const t = words.join(' ');
    const p = words.slice(0, 30).join(' ');
    expect(rougeNOverlap(t, p, 9)).toBeUndefined();
    expect(rougeNOverlap(t, p, 8)).toEqual({ overlap: 23, targetGrams: 53, predictionGrams: 23 });
    expect(rouge(t, p, 'rouge9')).toEqual({ precision: 1, recall: 22 / 52, fmeasure: plain(t, p, 9).fmeasure });
  });
});
