import { describe, expect, it } from 'vitest';
import { editSimilarity } from './edit-similarity.js';

describe('edit similarity', () => {
  it('is 1 − d / max length (kitten → sitting: 3 edits over 7)', () => {
    expect(editSimilarity('kitten', 'sitting')).toEqual({ distance: 3, similarity: 1 - 3 / 7, lengths: [6, 7] });
    expect(editSimilarity('', '').similarity).toBe(1);
    expect(editSimilarity('', 'abc').similarity).toBe(0);
  });

  it('counts code points, so an emoji is one edit', () => {
    expect(editSimilarity('🙂a', '🙂b')).toMatchObject({ distance: 1, lengths: [2, 2] });
    expect(editSimilarity('🙂', 'x').distance).toBe(1);
  });

  it('can count whole words', () => {
    expect(editSimilarity('the cat sat', 'the dog sat down', 'word')).toMatchObject({ distance: 2, lengths: [3, 4] });
  });

  it('agrees with a plain DP Levenshtein on random strings', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const word = () => Array.from({ length: Math.floor(rand() * 12) }, () => 'ab🙂c'[Math.floor(rand() * 4)]).join('');
    const dp = (a: string[], b: string[]) => {
      let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
      for (let i = 1; i <= a.length; i++) {
        const row = [i];
        for (let j = 1; j <= b.length; j++) {
          const sub = (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
          row.push(Math.min(sub, (prev[j] as number) + 1, (row[j - 1] as number) + 1));
        }
        prev = row;
      }
      return prev[b.length];
    };
    for (let k = 0; k < 200; k++) {
      const a = word();
      const b = word();
      expect(editSimilarity(a, b).distance).toBe(dp(Array.from(a), Array.from(b)));
    }
  });
});
