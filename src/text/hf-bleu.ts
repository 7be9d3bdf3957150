import { matches13a } from './fast-13a.js';

/** Options of Hugging Face `evaluate`'s BLEU (the TensorFlow NMT `compute_bleu`). */
export interface HfBleuOptions {
  /** Default 4. */
  maxOrder?: number;
  /** Add-one smoothing on every order (Lin & Och 2004); BLEUBERI uses true. Default true. */
  smooth?: boolean;
}

/** A BLEU on the 0-1 scale with its parts. */
export interface HfBleuScore {
  bleu: number;
  precisions: number[];
  bp: number;
  /** translation length / reference length. */
  ratio: number;
  translationLength: number;
  referenceLength: number;
}

/**
 * BLEU as HF `evaluate.load("bleu")` computes it for one prediction: 13a tokens (case-sensitive), clipped
 * matches against the per-n-gram maximum over references, the SHORTEST reference for the brevity penalty.
 * BLEUBERI (Chang et al. 2025) uses it with `smooth=True` as an RL reward; an empty prediction scores 0.
 */
// TF-NMT compute_bleu: p_n = (m_n + 1)/(l_n + 1) when smoothed; BP = exp(1 - 1/ratio) if ratio <= 1 (Papineni 2002).
export function hfBleu(prediction: string, references: readonly string[], options: HfBleuOptions = {}): HfBleuScore {
  const maxOrder = options.maxOrder ?? 4;
  const smooth = options.smooth ?? true;
  // HF's copy of 13a does not right-strip first (sacreBLEU's BLEU does); it only matters for a trailing "-\n".
  const { correct: matches, hypLen: translationLength, refLens } = matches13a(prediction, references, maxOrder);
  const referenceLength = refLens.length > 0 ? Math.min(...refLens) : 0;
  const precisions: number[] = [];
  for (let n = 0; n < maxOrder; n++) {
    const possible = Math.max(translationLength - n, 0);
    const m = matches[n] as number;
    precisions.push(smooth ? (m + 1) / (possible + 1) : possible > 0 ? m / possible : 0);
  }
  let geoMean = 0;
  if (Math.min(...precisions) > 0) {
    let logSum = 0;
    for (const p of precisions) logSum += (1 / maxOrder) * Math.log(p);
    geoMean = Math.exp(logSum);
  }
  const ratio = translationLength / referenceLength;
  // Python raises on ratio 0; an empty prediction gets BP 0 here, which gives the BLEUBERI guard's 0.
  const bp = ratio > 1 ? 1 : ratio > 0 ? Math.exp(1 - 1 / ratio) : 0;
  return { bleu: geoMean * bp, precisions, bp, ratio, translationLength, referenceLength };
}
