// Differential tests: each fast path against a literal reference path on many random inputs.
import { describe, expect, it } from 'vitest';
import { matches13a } from './fast-13a.js';
import { clippedMatches, clippedMatchesByMap, ngramCounts, ngramOverlap } from './ngram-keys.js';
import { overlap } from './ngrams.js';
import { pySplit } from './python-str.js';
import { scan13a } from './scan-13a.js';
import { preclean13a, tokenize13a } from './tokenizers.js';

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (Math.imul(a, 1103515245) + 12345) >>> 0;
    return a / 2 ** 32;
  };
}

// sacreBLEU TokenizerRegexp transcribed literally: the four regex passes, then Python's split().
function referenceRegexp(line: string): string[] {
  return pySplit(
    line
      .replace(/([\x7b-\x7e\x5b-\x60\x20-\x26\x28-\x2b\x3a-\x40/])/g, ' $1 ')
      .replace(/([^0-9])([.,])/g, '$1 $2 ')
      .replace(/([.,])([^0-9])/g, ' $1 $2')
      .replace(/([0-9])(-)/g, '$1 $2 '),
  );
}

const reference13a = (line: string) => referenceRegexp(` ${preclean13a(line)} `);

describe('fast paths agree with reference paths', () => {
  it('13a scan vs the four regex passes on 5,000 random strings of tricky characters', () => {
    const next = rng(1);
    const alphabet = [
      'a',
      'B',
      '1',
      '9',
      '.',
      ',',
      '-',
      ' ',
      '  ',
      '\t',
      '\n',
      '&amp;',
      '&',
      '$',
      "'",
      '"',
      '(',
      'é',
      '—',
      '\u00a0',
      '🙂',
      '<skipped>',
      '-\n',
    ];
    for (let k = 0; k < 5000; k++) {
      const s = Array.from(
        { length: Math.floor(next() * 20) },
        () => alphabet[Math.floor(next() * alphabet.length)],
      ).join('');
      expect(tokenize13a(s), JSON.stringify(s)).toEqual(reference13a(s));
      expect(scan13a(s), JSON.stringify(s)).toEqual(referenceRegexp(s)); // unwrapped, as zh uses it
    }
  });

  it('BLEU statistics from the one-pass 13a scan vs the four regex passes on 20,000 random tricky strings', () => {
    const next = rng(5);
    const alphabet = ['a', 'B', '1', '9', '.', ',', '-', ' ', '\t', '\n', '&amp;', '&', '$', "'", '(', 'é', '—'];
    alphabet.push('\u00a0', '\u2028', '🙂', '<skipped>', '-\n', '..', ',,', '.,', '1.', '.1', '1-', '-1', '\x85');
    const line = () =>
      Array.from({ length: Math.floor(next() * 24) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
    for (let k = 0; k < 20_000; k++) {
      const hyp = line();
      const refs = next() < 0.5 ? [hyp] : Array.from({ length: 1 + Math.floor(next() * 2) }, line);
      const tokens = refs.map(reference13a);
      const label = JSON.stringify([hyp, refs]);
      expect(matches13a(hyp, refs, 4), label).toEqual({
        ...clippedMatchesByMap(reference13a(hyp), tokens, 4),
        hypLen: reference13a(hyp).length,
        refLens: tokens.map((t) => t.length),
      });
    }
  });

  it('clipped n-gram matches: sorted numeric keys vs string maps, 1-3 references', () => {
    const next = rng(2);
    for (let k = 0; k < 2000; k++) {
      const vocab = 1 + Math.floor(next() * 8);
      const seq = () => Array.from({ length: Math.floor(next() * 70) }, () => `w${Math.floor(next() * vocab)}`);
      const refs = Array.from({ length: 1 + Math.floor(next() * 3) }, seq);
      const hyp = seq();
      expect(clippedMatches(hyp, refs, 4)).toEqual(clippedMatchesByMap(hyp, refs, 4));
    }
  });

  it('per-order overlap (chrF): sorted numeric keys vs string maps', () => {
    const next = rng(3);
    for (let k = 0; k < 1000; k++) {
      const seq = () =>
        Array.from({ length: Math.floor(next() * 40) }, () => 'abc🙂'.split('')[Math.floor(next() * 5)] ?? 'x');
      const hyp = seq();
      const ref = seq();
      const got = ngramOverlap(hyp, ref, 6);
      for (let n = 1; n <= 6; n++) {
        expect(got.match[n - 1]).toBe(overlap(ngramCounts(hyp, n), ngramCounts(ref, n)));
        expect(got.hyp[n - 1]).toBe(Math.max(hyp.length - n + 1, 0));
      }
    }
    const wide = Array.from({ length: 800 }, (_, i) => String.fromCharCode(0x4e00 + i));
    expect(ngramOverlap(wide, wide.slice(100), 6).match).toEqual([700, 699, 698, 697, 696, 695]);
    // A string stands for its code points: emoji pairs are one symbol, lone surrogates one each.
    const text = 'ab🙂\ud800c🙂ab';
    const chars = Array.from(text);
    const asString = ngramOverlap(text, 'b🙂\ud800c', 6);
    expect(asString).toEqual(ngramOverlap(chars, Array.from('b🙂\ud800c'), 6));
    expect(asString.hyp[0]).toBe(8);
    expect(ngramOverlap(wide.join(''), wide.slice(100).join(''), 6).match).toEqual([700, 699, 698, 697, 696, 695]);
  });

  it('BLEU statistics from 13a offsets vs 13a token strings counted with maps, 1-3 references', () => {
    const next = rng(4);
    const words = [
      'the',
      'The',
      'cat',
      'sat',
      '3.5',
      '1,000',
      'a-b',
      '2-3',
      'x.',
      ',',
      '&amp;',
      '(hi)',
      'é',
      '🙂',
      'on',
    ];
    const sentence = () =>
      Array.from({ length: Math.floor(next() * 30) }, () => words[Math.floor(next() * words.length)]).join(' ');
    for (let k = 0; k < 1500; k++) {
      const hyp = sentence();
      const refs = Array.from({ length: 1 + Math.floor(next() * 3) }, sentence);
      const fast = matches13a(hyp, refs, 4);
      const tokens = refs.map(tokenize13a);
      expect(fast).toEqual({
        ...clippedMatchesByMap(tokenize13a(hyp), tokens, 4),
        hypLen: tokenize13a(hyp).length,
        refLens: tokens.map((t) => t.length),
      });
    }
  });

  it('falls back to string maps when n-gram keys would not be exact', () => {
    const many = Array.from({ length: 12_000 }, (_, i) => `t${i}`).join(' ');
    const fast = matches13a(many, [many.slice(20)], 4);
    expect(fast.total).toEqual([12_000, 11_999, 11_998, 11_997]);
    expect(fast.correct).toEqual(clippedMatchesByMap(tokenize13a(many), [tokenize13a(many.slice(20))], 4).correct);
    const hyp = Array.from({ length: 20_000 }, (_, i) => `t${i}`);
    const refs = [hyp.slice(5)];
    expect(clippedMatches(hyp, refs, 4)).toEqual(clippedMatchesByMap(hyp, refs, 4));
  });
});
