// Out of the mutation run's tests (scripts/mutate.mjs takes src/text only): 64M LCS cells take minutes there.
import { describe, expect, it } from 'vitest';
import { rouge } from '../../src/text/rouge.js';

describe('rougeL on a pair too long for rougeLsum', () => {
  it('scores it with the two-row LCS instead of refusing', () => {
    const long = Array.from({ length: 8000 }, (_, i) => `w${i}`).join(' ');
    expect(() => rouge(long, long, 'rougeLsum')).toThrow(/8000 x 8000 tokens is too long/);
    expect(rouge(long, long, 'rougeL').fmeasure).toBe(1);
  });
});
