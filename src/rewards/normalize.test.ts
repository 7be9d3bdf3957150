import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type NormalizeOptions, normalizeAnswer, normalizeGeneral, normalizeParams } from './normalize.js';

const ALL_ON: NormalizeOptions = normalizeParams.parse({});
const norm = (text: string, options: Partial<NormalizeOptions> = {}) =>
  normalizeAnswer(text, { ...ALL_ON, ...options });

describe('SQuAD-style answer normalisation', () => {
  it('turns every switch on by default', () => {
    expect(ALL_ON).toEqual({ lowercase: true, stripPunctuation: true, stripArticles: true, collapseWhitespace: true });
  });

  it('lowers case, drops punctuation and symbols, removes whole-word articles, collapses spaces', () => {
    expect(norm('The  Cat, sat!')).toBe('cat sat');
    expect(norm('an apple a day')).toBe('apple day');
    expect(norm('theatre')).toBe('theatre');
    expect(norm('e.g. $5')).toBe('eg 5');
    expect(norm('U.S.A.')).toBe('usa');
    expect(norm('  x\tb \n c ')).toBe('x b c');
  });

  it('folds compatibility forms (NFKC) first', () => {
    expect(norm('ﬁnal Ｂ')).toBe('final b');
  });

  it('keeps case when told, and then strips only the usual capitalisations of articles', () => {
    expect(norm('The Cat', { lowercase: false })).toBe('Cat');
    expect(norm('THE Cat a An x', { lowercase: false })).toBe('THE Cat x');
  });

  it('puts a space for removed punctuation and articles when whitespace is kept as it is', () => {
    expect(norm('x,y', { collapseWhitespace: false })).toBe('x y');
    expect(norm('the cat', { collapseWhitespace: false })).toBe('  cat');
    expect(norm(' x  y ', { collapseWhitespace: false, stripArticles: false })).toBe(' x  y ');
  });

  it('leaves what a switched-off step would remove', () => {
    expect(norm('the cat', { stripArticles: false })).toBe('the cat');
    expect(norm('Hi, There', { stripPunctuation: false })).toBe('hi, there');
  });

  it('answers as the step-by-step definition on any text (the one-pass ASCII path included)', () => {
    const chars = fc.oneof(
      fc.constantFrom(' ', '\t', '\n', '\r', '\v', '\f', 'a', 'an', 'the', 'The', 'A', '_', '\u0001', '\u007f'),
      fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)),
      fc.constantFrom('\u212a', '\u0130', 'ﬁ', 'Ｐ', '\u00a0', '\u3000', 'é', '\u2028', '\ufeff'),
    );
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 20 }), (parts) => {
        const text = parts.join('');
        expect(normalizeAnswer(text, ALL_ON)).toBe(normalizeGeneral(text, ALL_ON));
      }),
      { seed: 21, numRuns: 5000 },
    );
  });

  it('answers the same when a text comes again, past the memo of short texts and at its length bound', () => {
    const texts = Array.from({ length: 10_000 }, (_, i) => `The Answer: ${i % 4500}, an ${'x'.repeat(i % 130)}!`);
    for (const pass of [1, 2])
      for (const text of texts)
        expect(normalizeAnswer(text, ALL_ON), `pass ${pass}`).toBe(normalizeGeneral(text, ALL_ON));
    // The memo is for the all-on options alone: other options never read an all-on entry.
    expect(norm('The Cat', { lowercase: false })).toBe('Cat');
    expect(norm('The Cat')).toBe('cat');
    expect(norm('The Cat', { lowercase: false })).toBe('Cat');
  });

  it('takes the fast path only where it is exact: the Kelvin sign and a no-break space still fold', () => {
    expect(norm('\u212a2 Paris')).toBe('k2 paris');
    expect(norm('the\u00a0cat')).toBe('cat');
    expect(norm('x\u0001the')).toBe(normalizeGeneral('x\u0001the', ALL_ON));
  });
});
