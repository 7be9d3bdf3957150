// CREAM rank consistency (Wang et al. 2024, Consistency Regularized Self-Rewarding LMs; notes section 20, from memory).

// Kendall τ-b between two scorings of the same list (ties adjusted): (n_c − n_d) / sqrt((n0 − n1)(n0 − n2)).
export function kendallTauB(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error(`the two scorings have ${a.length} and ${b.length} entries`);
  let concordant = 0;
  let discordant = 0;
  let tiesA = 0;
  let tiesB = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = i + 1; j < a.length; j++) {
      const da = Math.sign((a[i] as number) - (a[j] as number));
      const db = Math.sign((b[i] as number) - (b[j] as number));
      if (da === 0) tiesA++;
      if (db === 0) tiesB++;
      if (da !== 0 && db !== 0) {
        if (da === db) concordant++;
        else discordant++;
      }
    }
  }
  const n0 = (a.length * (a.length - 1)) / 2;
  const denom = Math.sqrt((n0 - tiesA) * (n0 - tiesB));
  return denom === 0 ? Number.NaN : (concordant - discordant) / denom;
}

// CREAM: C = (τ + 1) / 2 ∈ [0, 1]; the DPO soft label is L = C·DPO(y⁺ ≻ y⁻) + (1 − C)·DPO(y⁻ ≻ y⁺).
export function creamConsistency(a: readonly number[], b: readonly number[]): number {
  return (kendallTauB(a, b) + 1) / 2;
}
