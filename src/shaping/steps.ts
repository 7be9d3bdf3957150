// Step-level (process) reward formulas over per-step scores. Pure functions; the nodes wrap them.

/** Gao et al. 2024, PR-Clip: r_clip(k) = min(r_process(k) − η, 0), so no step reward is positive. */
export function stepClip(prm: readonly number[], eta: number): number[] {
  return prm.map((p) => Math.min(p - eta, 0));
}

/**
 * Gao et al. 2024, PR-Delta: r(k) − r(k+1) for k < K−1 (1-based), r(K−1) at step K−1, 0 at the last step,
 * so the return from any step t < K telescopes to r(t).
 */
export function stepDelta(r: readonly number[]): number[] {
  const K = r.length;
  return r.map((v, k) => (k < K - 2 ? v - (r[k + 1] as number) : k === K - 2 ? v : 0));
}

/** Gao et al. 2024 dense reward: α · shaped step rewards, with the success reward added at the final step. */
export function withSuccess(shapedSteps: readonly number[], alpha: number, success: number): number[] {
  const out = shapedSteps.map((v) => alpha * v);
  out[out.length - 1] = (out.at(-1) as number) + success;
  return out;
}

export type Aggregation = 'min' | 'max' | 'sum' | 'mean' | 'product' | 'last';

/** Reduces step scores to one: min (Lightman-style), sum, mean, max, product or the last step. */
export function aggregate(xs: readonly number[], how: Aggregation): number {
  switch (how) {
    case 'min':
      return xs.reduce((a, b) => Math.min(a, b), Infinity);
    case 'max':
      return xs.reduce((a, b) => Math.max(a, b), -Infinity);
    case 'sum':
      return xs.reduce((a, b) => a + b, 0);
    case 'mean':
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    case 'product':
      return xs.reduce((a, b) => a * b, 1);
    case 'last':
      return xs.at(-1) as number;
  }
}

/**
 * Implicit PRM (Yuan et al. 2024, eq. 3): q_t = β·Σ_{i ≤ end(t)} (log π(yᵢ) − log π_ref(yᵢ)), r_t = q_t − q_{t−1}.
 * `stepEnds` are token indices of each step's last token (strictly increasing); tokens after the last end
 * belong to no step.
 */
export function implicitPrm(
  logp: readonly number[],
  logpRef: readonly number[],
  stepEnds: readonly number[],
  beta: number,
): { q: number[]; r: number[] } {
  const q: number[] = [];
  let acc = 0;
  let t = 0;
  for (let i = 0; i < logp.length && t < stepEnds.length; i++) {
    acc += beta * ((logp[i] as number) - (logpRef[i] as number));
    if (i === stepEnds[t]) {
      q.push(acc);
      t++;
    }
  }
  return { q, r: q.map((v, k) => v - (k > 0 ? (q[k - 1] as number) : 0)) };
}

/**
 * ReNorm, reading A (a reconstruction; the paper's equation was not found): every process step carries the
 * outcome's sign, R_t = p_t + r_o − 1, and the final answer turn gets r_o.
 */
export function renormSignShift(process: readonly number[], outcome: number): number[] {
  return [...process.map((p) => p + outcome - 1), outcome];
}

/** ReNorm, reading B (a reconstruction): R = λ·mean_t p_t + (1 − λ)·r_o. */
export function renormMix(process: readonly number[], outcome: number, lambda: number): number {
  return lambda * aggregate(process, 'mean') + (1 - lambda) * outcome;
}

/** Index of the first step scoring below `threshold`, or −1 when every step passes (ProcessBench convention). */
export function firstError(steps: readonly number[], threshold: number): number {
  return steps.findIndex((s) => s < threshold);
}
