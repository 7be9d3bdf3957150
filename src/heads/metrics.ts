// Calibration of predicted preference probabilities: expected calibration error over equal-width bins.

export interface Calibration {
  /** Σ_b (n_b / N)·|acc_b − conf_b| over 10 bins of the predicted P(chosen ≻ rejected) (Guo et al. 2017). */
  ece: number;
  /** Mean predicted probability of the label the data gives. */
  meanConfidence: number;
}

/** ECE of probabilities that the labelled-chosen side wins (the label is always "chosen"). */
export function calibration(probs: readonly number[], bins = 10): Calibration {
  // Fold onto the predicted winner: confidence max(p, 1−p), correct when p > ½.
  const n = new Float64Array(bins);
  const conf = new Float64Array(bins);
  const acc = new Float64Array(bins);
  let mean = 0;
  for (const p of probs) {
    const c = Math.max(p, 1 - p);
    const b = Math.min(bins - 1, Math.floor(c * bins));
    n[b] = (n[b] as number) + 1;
    conf[b] = (conf[b] as number) + c;
    acc[b] = (acc[b] as number) + (p > 0.5 ? 1 : p === 0.5 ? 0.5 : 0);
    mean += p;
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    const nb = n[b] as number;
    if (nb > 0) ece += (nb / probs.length) * Math.abs((acc[b] as number) / nb - (conf[b] as number) / nb);
  }
  return { ece, meanConfidence: probs.length ? mean / probs.length : Number.NaN };
}
