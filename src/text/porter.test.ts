import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { measure, porterStem } from './porter.js';

// 3,763 words with the stems NLTK 3.8's PorterStemmer() gives (default NLTK_EXTENSIONS mode, which rouge-score uses);
// generated once with Debian's python3-nltk 3.8 over the words of ../shared/research plus Porter's examples.
const fixture = JSON.parse(
  readFileSync(new URL('../../test/text/fixtures/porter-nltk.json', import.meta.url), 'utf8'),
) as { stems: Record<string, string> };

describe('Porter stemmer (NLTK extensions mode)', () => {
  it('matches NLTK on every fixture word', () => {
    const entries = Object.entries(fixture.stems);
    expect(entries.length).toBeGreaterThan(3000);
    const wrong = entries.filter(([word, stem]) => porterStem(word) !== stem);
    expect(wrong).toEqual([]);
  });

  it('follows Porter (1980) on the paper examples', () => {
    const pairs: Array<[string, string]> = [
      ['caresses', 'caress'],
      ['ponies', 'poni'],
      ['cats', 'cat'],
      ['agreed', 'agre'],
      ['plastered', 'plaster'],
      ['hopping', 'hop'],
      ['filing', 'file'],
      ['relational', 'relat'],
      ['triplicate', 'triplic'],
      ['revival', 'reviv'],
      ['controll', 'control'],
      ['generalizations', 'gener'],
    ];
    for (const [word, stem] of pairs) expect(porterStem(word), word).toBe(stem);
  });

  it('has the NLTK departures from the paper', () => {
    expect(porterStem('dies')).toBe('die'); // 4-letter -ies
    expect(porterStem('spied')).toBe('spi');
    expect(porterStem('enjoy')).toBe('enjoy'); // y -> i only after a consonant
    expect(porterStem('happy')).toBe('happi');
    expect(porterStem('skies')).toBe('sky'); // irregular forms
    expect(porterStem('dying')).toBe('die');
    expect(porterStem('geology')).toBe('geolog');
    expect(porterStem('at')).toBe('at'); // words of 1-2 letters are returned as is
  });

  it('computes the measure m of [C](VC)^m[V]', () => {
    expect(['tr', 'ee', 'tree', 'y', 'by'].map(measure)).toEqual([0, 0, 0, 0, 0]);
    expect(['trouble', 'oats', 'trees', 'ivy'].map(measure)).toEqual([1, 1, 1, 1]);
    expect(['troubles', 'private', 'oaten', 'orrery'].map(measure)).toEqual([2, 2, 2, 2]);
  });
});
