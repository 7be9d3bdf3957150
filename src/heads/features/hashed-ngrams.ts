// Feature hashing with signs (Weinberger et al. 2009) of word n-grams: a featuriser that needs no model.

/** Settings of the hashed n-gram featuriser, saved in the head file so serving featurises as training did. */
export interface HashedNgramConfig {
  type: 'hashed-ngrams';
  /** Number of hash buckets (the feature dimension). */
  dim: number;
  /** Largest n of the word n-grams (1 = unigrams only). */
  maxN: number;
  seed: number;
}

export const DEFAULT_HASHED_NGRAMS: HashedNgramConfig = { type: 'hashed-ngrams', dim: 1024, maxN: 2, seed: 0 };

// FNV-1a, 32 bits, seeded by xoring the offset basis.
function fnv1a(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

const WORD = /[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu;

/** L2-normalised signed counts of the text's word n-grams in `dim` buckets. */
export function hashedNgrams(text: string, config: HashedNgramConfig): Float64Array {
  const v = new Float64Array(config.dim);
  const words = text.toLowerCase().match(WORD) ?? [];
  for (let n = 1; n <= config.maxN; n++) {
    for (let i = 0; i + n <= words.length; i++) {
      const h = fnv1a(words.slice(i, i + n).join('\u0001'), config.seed);
      const bucket = (h >>> 1) % config.dim;
      v[bucket] = (v[bucket] as number) + (h & 1 ? 1 : -1);
    }
  }
  let norm = 0;
  for (let i = 0; i < v.length; i++) norm += (v[i] as number) ** 2;
  if (norm > 0) {
    const s = 1 / Math.sqrt(norm);
    for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) * s;
  }
  return v;
}
