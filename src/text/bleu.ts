import { matches13a } from './fast-13a.js';
import { clippedMatches } from './ngram-keys.js';
import { pyRstrip } from './python-str.js';
import { type TokenizerName, tokenizerFor } from './tokenizers.js';

/** sacreBLEU smoothing methods (Chen & Cherry 2014; `exp` is mteval's). */
export const SMOOTH_METHODS = ['exp', 'floor', 'add-k', 'none'] as const;
export type SmoothMethod = (typeof SMOOTH_METHODS)[number];

/** sacreBLEU's defaults for `smooth_value` when none is given. */
export const SMOOTH_DEFAULTS: Record<SmoothMethod, number | undefined> = {
  exp: undefined,
  floor: 0.1,
  'add-k': 1,
  none: undefined,
};

/** Options of sacreBLEU's `BLEU` class; defaults are sacreBLEU's. */
export interface BleuOptions {
  /** Default `13a`. */
  tokenize?: TokenizerName;
  /** Default false. */
  lowercase?: boolean;
  /** Default `exp`. */
  smoothMethod?: SmoothMethod;
  /** Default from SMOOTH_DEFAULTS. */
  smoothValue?: number;
  /** Default 4. */
  maxNgramOrder?: number;
  /** Average only over orders the hypothesis has n-grams for; default false (set it for sentence BLEU). */
  effectiveOrder?: boolean;
}

/** A BLEU score on sacreBLEU's 0-100 scale with the statistics behind it. */
export interface BleuScore {
  score: number;
  counts: number[];
  totals: number[];
  precisions: number[];
  bp: number;
  sysLen: number;
  refLen: number;
}

/** Sufficient statistics of one segment (summed over segments for corpus BLEU). */
export interface BleuStats {
  sysLen: number;
  refLen: number;
  correct: number[];
  total: number[];
}

// Python's math: my_log(0) in sacreBLEU is this constant, not -inf.
const LOG_ZERO = -9999999999;

// sacreBLEU BLEU.compute_bleu: BP and n-gram precisions with smoothing (Papineni et al. 2002; Chen & Cherry 2014).
export function computeBleu(stats: BleuStats, options: BleuOptions = {}): BleuScore {
  const method = options.smoothMethod ?? 'exp';
  const smoothValue = options.smoothValue ?? SMOOTH_DEFAULTS[method] ?? 0;
  const maxOrder = options.maxNgramOrder ?? 4;
  const correct = stats.correct.slice();
  const total = stats.total.slice();
  const { sysLen, refLen } = stats;
  const bp = sysLen < refLen ? (sysLen > 0 ? Math.exp(1 - refLen / sysLen) : 0) : 1;
  const precisions = new Array<number>(maxOrder).fill(0);
  if (!correct.some((c) => c !== 0))
    return { score: 0, counts: correct, totals: total, precisions, bp, sysLen, refLen };

  let smoothMteval = 1;
  let effOrder = maxOrder;
  for (let n = 1; n <= maxOrder; n++) {
    if (method === 'add-k' && n > 1) {
      correct[n - 1] = (correct[n - 1] as number) + smoothValue;
      total[n - 1] = (total[n - 1] as number) + smoothValue;
    }
    const t = total[n - 1] as number;
    const c = correct[n - 1] as number;
    if (t === 0) break;
    if (options.effectiveOrder) effOrder = n;
    if (c === 0) {
      if (method === 'exp') {
        smoothMteval *= 2;
        precisions[n - 1] = 100 / (smoothMteval * t);
      } else if (method === 'floor') {
        precisions[n - 1] = (100 * smoothValue) / t;
      }
    } else {
      precisions[n - 1] = (100 * c) / t;
    }
  }
  let logSum = 0;
  for (let i = 0; i < effOrder; i++) {
    const p = precisions[i] as number;
    logSum += p === 0 ? LOG_ZERO : Math.log(p);
  }
  const score = bp * Math.exp(logSum / effOrder);
  return { score, counts: correct, totals: total, precisions, bp, sysLen, refLen };
}

// sacreBLEU BLEU._get_closest_ref_len: the reference length closest to the hypothesis, shorter on ties.
export function closestRefLength(hypLen: number, refLens: readonly number[]): number {
  let bestDiff = -1;
  let best = -1;
  for (const len of refLens) {
    const diff = Math.abs(hypLen - len);
    if (bestDiff === -1 || diff < bestDiff) {
      bestDiff = diff;
      best = len;
    } else if (diff === bestDiff && len < best) {
      best = len;
    }
  }
  return best;
}

/** sacreBLEU-exact BLEU with fixed options; reuse one instance for many segments. */
export class Bleu {
  readonly options: Readonly<BleuOptions>;
  readonly #prepare: (line: string) => string;
  readonly #tokenize: (line: string) => string[];
  readonly #is13a: boolean;
  readonly #maxOrder: number;

  constructor(options: BleuOptions = {}) {
    this.options = { ...options };
    const tokenizer = tokenizerFor(options.tokenize ?? '13a');
    const lowercase = options.lowercase ?? false;
    this.#prepare = (line) => pyRstrip(lowercase ? line.toLowerCase() : line);
    this.#tokenize = (line) => tokenizer(this.#prepare(line));
    this.#is13a = (options.tokenize ?? '13a') === '13a';
    this.#maxOrder = options.maxNgramOrder ?? 4;
    if (!Number.isInteger(this.#maxOrder) || this.#maxOrder < 1) throw new RangeError('maxNgramOrder must be >= 1');
  }

  /** Tokens of a segment after lowercasing (if set), right-stripping and tokenizing, as sacreBLEU preprocesses. */
  tokens(line: string): string[] {
    return this.#tokenize(line);
  }

  /**
   * Statistics of one segment against its references: `null` and `''` entries are skipped, and none left is an
   * error. sacreBLEU 2.6.0's `_cache_references` drops only `null`; skipping `''` departs from it on purpose: a
   * padding `''` in a reference list would be the closest length of a short hypothesis and lift its brevity penalty.
   */
  stats(hypothesis: string, references: ReadonlyArray<string | null>): BleuStats {
    const given = references.filter((r): r is string => r !== null && r !== '');
    if (given.length === 0) throw new RangeError('BLEU needs a non-empty reference for each segment');
    if (this.#is13a) {
      const m = matches13a(this.#prepare(hypothesis), given.map(this.#prepare), this.#maxOrder);
      return { sysLen: m.hypLen, refLen: closestRefLength(m.hypLen, m.refLens), correct: m.correct, total: m.total };
    }
    return this.tokenStats(this.#tokenize(hypothesis), given.map(this.#tokenize));
  }

  // sacreBLEU BLEU._compute_segment_statistics: clipped matches and totals per order, closest reference length.
  tokenStats(hyp: readonly string[], refs: readonly string[][]): BleuStats {
    const { correct, total } = clippedMatches(hyp, refs, this.#maxOrder);
    const refLen = closestRefLength(
      hyp.length,
      refs.map((r) => r.length),
    );
    return { sysLen: hyp.length, refLen, correct, total };
  }

  /** Sentence BLEU of one hypothesis against its references (sacreBLEU `sentence_score`). */
  sentence(hypothesis: string, references: readonly string[]): BleuScore {
    return computeBleu(this.stats(hypothesis, references), this.options);
  }

  /**
   * Corpus BLEU (sacreBLEU `corpus_score`): `referenceStreams[k][i]` is the k-th reference of segment i
   * (`null` where a segment has fewer references).
   */
  corpus(hypotheses: readonly string[], referenceStreams: ReadonlyArray<ReadonlyArray<string | null>>): BleuScore {
    for (const [k, stream] of referenceStreams.entries()) {
      if (stream.length !== hypotheses.length)
        throw new RangeError(
          `reference stream ${k} has ${stream.length} segments, hypotheses have ${hypotheses.length}`,
        );
    }
    const sum: BleuStats = {
      sysLen: 0,
      refLen: 0,
      correct: new Array<number>(this.#maxOrder).fill(0),
      total: new Array<number>(this.#maxOrder).fill(0),
    };
    hypotheses.forEach((hyp, i) => {
      const s = this.stats(
        hyp,
        referenceStreams.map((stream) => stream[i] ?? null),
      );
      sum.sysLen += s.sysLen;
      sum.refLen += s.refLen;
      for (let n = 0; n < this.#maxOrder; n++) {
        sum.correct[n] = (sum.correct[n] as number) + (s.correct[n] as number);
        sum.total[n] = (sum.total[n] as number) + (s.total[n] as number);
      }
    });
    return computeBleu(sum, this.options);
  }
}
