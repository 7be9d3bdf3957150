import { ngramOverlap, type OverlapCounts } from './ngram-keys.js';
import { pyRemoveSpace, pySplit } from './python-str.js';

/** Options of sacreBLEU's `CHRF` class; defaults give chrF2 (`wordOrder: 2` gives chrF++). */
export interface ChrfOptions {
  /** Character n-gram order; default 6. */
  charOrder?: number;
  /** Word n-gram order; default 0 (2 for chrF++). */
  wordOrder?: number;
  /** Recall weight β; default 2. */
  beta?: number;
  /** Default false. */
  lowercase?: boolean;
  /** Keep whitespace inside character n-grams; default false. */
  whitespace?: boolean;
  /** chrF++.py-style eps smoothing instead of effective-order averaging; default false. */
  epsSmoothing?: boolean;
}

/** A chrF score on sacreBLEU's 0-100 scale with its `[hyp, ref, match]` counts per order (chars, then words). */
export interface ChrfScore {
  score: number;
  stats: number[];
}

// Python string.punctuation, used by chrF++'s word splitter.
const PUNCTS = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');

/** chrF++ word splitting: whitespace split, then one leading or trailing ASCII punctuation mark split off. */
export function chrfWords(sentence: string): string[] {
  const out: string[] = [];
  for (const w of pySplit(sentence)) {
    // A lone astral code point has length 2 here but 1 in Python; either way it is kept whole.
    if (w.length === 1) out.push(w);
    else if (PUNCTS.has(w[w.length - 1] as string)) out.push(w.slice(0, -1), w[w.length - 1] as string);
    else if (PUNCTS.has(w[0] as string)) out.push(w[0] as string, w.slice(1));
    else out.push(w);
  }
  return out;
}

/** What chrF counts n-grams of: the characters (a string: its code points) and, for chrF++, the words. */
interface Symbols {
  chars: string;
  words: string[];
}

/** sacreBLEU-exact chrF / chrF++ with fixed options. */
export class Chrf {
  readonly charOrder: number;
  readonly wordOrder: number;
  readonly beta: number;
  readonly #lowercase: boolean;
  readonly #whitespace: boolean;
  readonly #eps: boolean;

  constructor(options: ChrfOptions = {}) {
    this.charOrder = options.charOrder ?? 6;
    this.wordOrder = options.wordOrder ?? 0;
    this.beta = options.beta ?? 2;
    this.#lowercase = options.lowercase ?? false;
    this.#whitespace = options.whitespace ?? false;
    this.#eps = options.epsSmoothing ?? false;
    if (!Number.isInteger(this.charOrder) || this.charOrder < 0) throw new RangeError('charOrder must be >= 0');
    if (!Number.isInteger(this.wordOrder) || this.wordOrder < 0) throw new RangeError('wordOrder must be >= 0');
    if (this.charOrder + this.wordOrder < 1) throw new RangeError('charOrder + wordOrder must be >= 1');
  }

  #symbols(sentence: string): Symbols {
    const line = this.#lowercase ? sentence.toLowerCase() : sentence;
    const chars = this.#whitespace ? line : pyRemoveSpace(line);
    return { chars, words: this.wordOrder > 0 ? chrfWords(line) : [] };
  }

  // sacreBLEU CHRF._compute_f_score: F_beta of precision and recall averaged over effective orders (Popović 2015).
  fScore(stats: readonly number[]): number {
    const order = this.charOrder + this.wordOrder;
    const eps = 1e-16;
    const factor = this.beta ** 2;
    let score = 0;
    let effective = 0;
    let avgPrec = 0;
    let avgRec = 0;
    for (let i = 0; i < order; i++) {
      const nHyp = stats[3 * i] as number;
      const nRef = stats[3 * i + 1] as number;
      const nMatch = stats[3 * i + 2] as number;
      const prec = nHyp > 0 ? nMatch / nHyp : eps;
      const rec = nRef > 0 ? nMatch / nRef : eps;
      const denom = factor * prec + rec;
      score += denom > 0 ? ((1 + factor) * prec * rec) / denom : eps;
      if (nHyp > 0 && nRef > 0) {
        avgPrec += prec;
        avgRec += rec;
        effective++;
      }
    }
    if (this.#eps) return (100 * score) / order;
    // With no effective order both sums are still 0, so F is 0 below.
    if (effective > 0) {
      avgPrec /= effective;
      avgRec /= effective;
    }
    if (avgPrec + avgRec === 0) return 0;
    return 100 * (((1 + factor) * avgPrec * avgRec) / (factor * avgPrec + avgRec));
  }

  /**
   * `[hyp, ref, match]` per order for the reference with the best F (first on ties), as sacreBLEU picks it.
   * Empty references are skipped and none left is an error: a deliberate departure from sacreBLEU 2.6.0, which
   * keeps '' (`_cache_references` drops only None), so its all-zero counts, first at F = 0, hide the others'.
   */
  stats(hypothesis: string, references: readonly string[]): number[] {
    const hyp = this.#symbols(hypothesis);
    let best: number[] | undefined;
    let bestF = -1;
    for (const reference of references) {
      if (reference === '') continue;
      const ref = this.#symbols(reference);
      const stats: number[] = [];
      const push = (counts: OverlapCounts) => {
        for (let i = 0; i < counts.hyp.length; i++) {
          const refSize = counts.ref[i] as number;
          // sacreBLEU counts no hypothesis n-grams for an order where the reference has none.
          stats.push(refSize > 0 ? (counts.hyp[i] as number) : 0, refSize, counts.match[i] as number);
        }
      };
      if (this.charOrder > 0) push(ngramOverlap(hyp.chars, ref.chars, this.charOrder));
      if (this.wordOrder > 0) push(ngramOverlap(hyp.words, ref.words, this.wordOrder));
      const f = this.fScore(stats);
      if (f > bestF) {
        bestF = f;
        best = stats;
      }
    }
    if (!best) throw new RangeError('chrF needs a non-empty reference for each segment');
    return best;
  }

  /** Sentence chrF against one or more references. */
  sentence(hypothesis: string, references: readonly string[]): ChrfScore {
    const stats = this.stats(hypothesis, references);
    return { score: this.fScore(stats), stats };
  }

  /** Corpus chrF: per-segment best-reference statistics summed, then one F. `referenceStreams[k][i]` as in BLEU. */
  corpus(hypotheses: readonly string[], referenceStreams: ReadonlyArray<ReadonlyArray<string | null>>): ChrfScore {
    const size = 3 * (this.charOrder + this.wordOrder);
    const sum = new Array<number>(size).fill(0);
    hypotheses.forEach((hyp, i) => {
      const refs = referenceStreams.map((s) => s[i]).filter((r): r is string => typeof r === 'string');
      const stats = this.stats(hyp, refs);
      for (let k = 0; k < size; k++) sum[k] = (sum[k] as number) + (stats[k] as number);
    });
    return { score: this.fScore(sum), stats: sum };
  }
}
