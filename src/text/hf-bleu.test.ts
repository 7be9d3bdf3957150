import { describe, expect, it } from 'vitest';
import { hfBleu } from './hf-bleu.js';

// Vectors from ../shared/research/paper-methods.md §7 (BLEUBERI, lilakk/BLEUBERI training/utils.py + HF evaluate bleu).
describe('HF evaluate BLEU as BLEUBERI uses it', () => {
  it('one reference: p = [7/8, 5/7, 3/6, 2/5], BP = 1, BLEU = 0.594604', () => {
    const s = hfBleu('The cat sat on the mat.', ['The cat is on the mat.']);
    expect(s.precisions).toEqual([7 / 8, 5 / 7, 3 / 6, 2 / 5]);
    expect(s.bp).toBe(1);
    expect(s.bleu).toBeCloseTo(0.594604, 6);
  });

  it('two references: clipping against the per-n-gram maximum, BLEU = 0.903602', () => {
    const s = hfBleu('The cat sat on the mat.', ['The cat is on the mat.', 'A cat sat on the mat.']);
    expect(s.precisions).toEqual([1, 1, 5 / 6, 4 / 5]);
    expect(s.bleu).toBeCloseTo(0.903602, 6);
  });

  it('uses the SHORTEST reference for the brevity penalty (not the closest, unlike sacreBLEU)', () => {
    const s = hfBleu('a b c d', ['a b', 'a b c d e f']);
    expect(s.referenceLength).toBe(2);
    expect(s.bp).toBe(1);
    const short = hfBleu('a b', ['a b c d']);
    expect(short.bp).toBeCloseTo(Math.exp(1 - 4 / 2), 12);
  });

  it('is case-sensitive, and unsmoothed BLEU is 0 without 4-gram matches', () => {
    expect(hfBleu('THE CAT', ['the cat']).precisions[0]).toBe(1 / 3);
    expect(hfBleu('the cat sat', ['the cat sat'], { smooth: false }).bleu).toBe(0);
    expect(hfBleu('a b c d', ['a b c d'], { smooth: false }).bleu).toBe(1);
  });

  it('gives 0 for an empty prediction', () => {
    expect(hfBleu('', ['x y']).bleu).toBe(0);
  });
});
