// OPRM ordinal reward (Chen et al., arXiv 2602.12660): a distribution over levels 1..L, scored by its expectation.

/** Softmax of logits, stable. */
export function softmax(z: ArrayLike<number>): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < z.length; i++) max = Math.max(max, z[i] as number);
  const p = new Float64Array(z.length);
  let sum = 0;
  for (let i = 0; i < z.length; i++) sum += p[i] = Math.exp((z[i] as number) - max);
  for (let i = 0; i < z.length; i++) p[i] = (p[i] as number) / sum;
  return p;
}

/** E[s] = Σ s·p(s) over levels 1..L: the scalar reward OPRM serves. */
export function ordinalExpectation(p: ArrayLike<number>): number {
  let e = 0;
  for (let i = 0; i < p.length; i++) e += (i + 1) * (p[i] as number);
  return e;
}

/** P_tie = Σ_i p_c(i)·p_r(i). */
export function tieProbability(pc: ArrayLike<number>, pr: ArrayLike<number>): number {
  let t = 0;
  for (let i = 0; i < pc.length; i++) t += (pc[i] as number) * (pr[i] as number);
  return t;
}

// OPRM closed form: P(c ≻ r) = Σ_{i>j} p_c(i)·p_r(j); tieMode 'half' adds ½·P_tie (the engine option in the notes).
export function ordinalPreference(pc: ArrayLike<number>, pr: ArrayLike<number>, tieMode: 'strict' | 'half'): number {
  let p = 0;
  let below = 0; // Σ_{j<i} p_r(j)
  for (let i = 0; i < pc.length; i++) {
    p += (pc[i] as number) * below;
    below += pr[i] as number;
  }
  return tieMode === 'half' ? p + 0.5 * tieProbability(pc, pr) : p;
}

/** −log P(c ≻ r) and its gradient with respect to both responses' level logits. */
export function ordinalPairLoss(
  zc: ArrayLike<number>,
  zr: ArrayLike<number>,
  tieMode: 'strict' | 'half',
): { loss: number; prob: number; gradC: Float64Array; gradR: Float64Array } {
  const pc = softmax(zc);
  const pr = softmax(zr);
  const L = pc.length;
  const prob = Math.max(ordinalPreference(pc, pr, tieMode), 1e-300);
  const half = tieMode === 'half' ? 0.5 : 0;
  // ∂P/∂p_c(k) = P(s_r < k) (+ ½ p_r(k)); ∂P/∂p_r(k) = P(s_c > k) (+ ½ p_c(k)), as in the notes' sanity check.
  const dpc = new Float64Array(L);
  const dpr = new Float64Array(L);
  let below = 0;
  for (let k = 0; k < L; k++) {
    dpc[k] = below + half * (pr[k] as number);
    below += pr[k] as number;
  }
  let above = 0;
  for (let k = L - 1; k >= 0; k--) {
    dpr[k] = above + half * (pc[k] as number);
    above += pc[k] as number;
  }
  return {
    loss: -Math.log(prob),
    prob,
    gradC: softmaxBack(pc, dpc, -1 / prob),
    gradR: softmaxBack(pr, dpr, -1 / prob),
  };
}

/** dL/dz for p = softmax(z), given dL/dp = scale·dp. */
function softmaxBack(p: Float64Array, dp: Float64Array, scale: number): Float64Array {
  let dot = 0;
  for (let i = 0; i < p.length; i++) dot += (p[i] as number) * (dp[i] as number);
  const g = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) g[i] = scale * (p[i] as number) * ((dp[i] as number) - dot);
  return g;
}
