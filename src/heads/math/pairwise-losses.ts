// Pairwise reward-model losses on the score difference d = r(chosen) − r(rejected); each returns the loss and dL/dd.

/** log σ(z), stable for large |z|. */
export function logSigmoid(z: number): number {
  return z < 0 ? z - Math.log1p(Math.exp(z)) : -Math.log1p(Math.exp(-z));
}

/** σ(z) = 1 / (1 + e^−z). */
export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

export interface LossGrad {
  loss: number;
  /** dL/dd. */
  grad: number;
}

// Bradley–Terry: L = −log σ(d) (Stiennon et al. 2020; Secrets of RLHF II eq. for the RM loss).
export function btLoss(d: number): LossGrad {
  return { loss: -logSigmoid(d), grad: sigmoid(d) - 1 };
}

// Margin BT (Llama-2 style; HelpSteer2-Preference; Secrets of RLHF II adaptive margin with m = μ̂): L = −log σ(d − m).
export function marginBtLoss(d: number, margin: number): LossGrad {
  return { loss: -logSigmoid(d - margin), grad: sigmoid(d - margin) - 1 };
}

// Scaled BT (HelpSteer2-Preference, arXiv 2410.01257): L = −m · log σ(d), m = |strength| ∈ {1,2,3}.
export function scaledBtLoss(d: number, magnitude: number): LossGrad {
  return { loss: -magnitude * logSigmoid(d), grad: magnitude * (sigmoid(d) - 1) };
}

// Label-smoothed BT (Secrets of RLHF II; SoliReward with margin): L = −[(1−α)·log σ(d − m) + α·log σ(−d − m)].
export function smoothedBtLoss(d: number, alpha: number, margin = 0): LossGrad {
  const loss = -((1 - alpha) * logSigmoid(d - margin) + alpha * logSigmoid(-d - margin));
  const grad = (1 - alpha) * (sigmoid(d - margin) - 1) + alpha * (1 - sigmoid(-d - margin));
  return { loss, grad };
}

// BT with win–tie, for tie pairs (SoliReward compute_btt_loss): L = −log σ(d − m) − log σ(−d − m); minimum at d = 0.
export function tieBtLoss(d: number, margin = 0): LossGrad {
  const loss = -logSigmoid(d - margin) - logSigmoid(-d - margin);
  const grad = sigmoid(d - margin) - 1 + (1 - sigmoid(-d - margin));
  return { loss, grad };
}
