// PAL ideal-point mixture (Chen et al. 2024, pluralistic alignment; notes section 20, from memory — a reconstruction):
// user u has ideal point e_u = Σ_k w_uk·p_k with w_u = softmax(a_u); the response closer to e_u wins:
// P(y1 ≻ y2 | u) = σ(‖f2 − e_u‖² − ‖f1 − e_u‖²).

import { softmax } from './ordinal.js';
import { logSigmoid, sigmoid } from './pairwise-losses.js';

/** Shared prototypes (K × q, row-major) and per-user mixture logits (U × K, row-major). */
export interface PalParams {
  prototypes: Float64Array;
  userLogits: Float64Array;
  k: number;
  q: number;
}

/** The ideal point of user u (u = -1: the mean of all users' weights). */
export function idealPoint(pal: PalParams, user: number): Float64Array {
  const { k, q } = pal;
  const w = userWeights(pal, user);
  const e = new Float64Array(q);
  for (let j = 0; j < k; j++)
    for (let d = 0; d < q; d++) e[d] = (e[d] as number) + (w[j] as number) * (pal.prototypes[j * q + d] as number);
  return e;
}

/** Mixture weights of user u; u = -1 gives the average over all users. */
export function userWeights(pal: PalParams, user: number): Float64Array {
  const { k } = pal;
  if (user >= 0) return softmax(pal.userLogits.subarray(user * k, user * k + k));
  const users = pal.userLogits.length / k;
  const mean = new Float64Array(k);
  for (let u = 0; u < users; u++) {
    const w = softmax(pal.userLogits.subarray(u * k, u * k + k));
    for (let j = 0; j < k; j++) mean[j] = (mean[j] as number) + (w[j] as number) / users;
  }
  return mean;
}

/** −‖f − e‖²: the reward of a response embedding f for a user whose ideal point is e. */
export function palScore(f: ArrayLike<number>, e: ArrayLike<number>): number {
  let s = 0;
  for (let d = 0; d < e.length; d++) s += ((f[d] as number) - (e[d] as number)) ** 2;
  return -s;
}

/** −log P(c ≻ r | u) and gradients for f_c, f_r, the prototypes and user u's logits (added into gP, gA). */
export function palPairLoss(
  fc: Float64Array,
  fr: Float64Array,
  pal: PalParams,
  user: number,
  gP: Float64Array,
  gA: Float64Array,
): { loss: number; prob: number; gradC: Float64Array; gradR: Float64Array } {
  const { k, q } = pal;
  const w = userWeights(pal, user);
  const e = idealPoint(pal, user);
  const d = palScore(fc, e) - palScore(fr, e);
  const g = sigmoid(d) - 1; // dL/dd
  const gradC = new Float64Array(q);
  const gradR = new Float64Array(q);
  const gE = new Float64Array(q);
  for (let i = 0; i < q; i++) {
    const ac = (fc[i] as number) - (e[i] as number);
    const ar = (fr[i] as number) - (e[i] as number);
    gradC[i] = g * -2 * ac;
    gradR[i] = g * 2 * ar;
    gE[i] = g * 2 * (ac - ar);
  }
  // e = Σ_j w_j p_j: dL/dp_j = w_j·gE, dL/dw_j = p_j·gE, then through the softmax to a_u.
  const gw = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    let dot = 0;
    for (let i = 0; i < q; i++) {
      const idx = j * q + i;
      gP[idx] = (gP[idx] as number) + (w[j] as number) * (gE[i] as number);
      dot += (pal.prototypes[idx] as number) * (gE[i] as number);
    }
    gw[j] = dot;
  }
  let wg = 0;
  for (let j = 0; j < k; j++) wg += (w[j] as number) * (gw[j] as number);
  for (let j = 0; j < k; j++)
    gA[user * k + j] = (gA[user * k + j] as number) + (w[j] as number) * ((gw[j] as number) - wg);
  return { loss: -logSigmoid(d), prob: sigmoid(d), gradC, gradR };
}
