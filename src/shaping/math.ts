// Numeric helpers shared by the shaping nodes: log-sigmoid, moments, quantiles, the normal quantile.

/** log σ(z) = −log(1 + e^{−z}), computed without overflow for any finite z. */
export function logSigmoid(z: number): number {
  return z < 0 ? z - Math.log1p(Math.exp(z)) : -Math.log1p(Math.exp(-z));
}

/** Arithmetic mean; NaN for an empty list. */
export function mean(xs: readonly number[]): number {
  let sum = 0;
  for (const x of xs) sum += x;
  return sum / xs.length;
}

/** Standard deviation: `sample` divides by n − 1 (torch's default, NaN for n < 2), `population` by n. */
export function stdDev(xs: readonly number[], kind: 'sample' | 'population' = 'population'): number {
  const n = xs.length;
  const m = mean(xs);
  // Deviations are scaled by the largest one so squares neither underflow nor overflow.
  let scale = 0;
  for (const x of xs) scale = Math.max(scale, Math.abs(x - m));
  if (scale === 0 || !Number.isFinite(scale)) return n < 2 && kind === 'sample' ? Number.NaN : scale;
  let ss = 0;
  for (const x of xs) ss += ((x - m) / scale) ** 2;
  return scale * Math.sqrt(ss / (kind === 'sample' ? n - 1 : n));
}

/** Empirical quantile with linear interpolation between order statistics (numpy's default, Hyndman–Fan type 7). */
export function quantile(xs: readonly number[], q: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] as number;
  return a + (h - lo) * (b - a);
}

/** erfc(x) for x ≥ 0: Maclaurin series of erf below 2.5, Lentz continued fraction above (double precision). */
function erfcNonNegative(x: number): number {
  if (x < 2.5) {
    // erf(x) = 2/√π Σ (−1)^n x^{2n+1} / (n! (2n+1))
    let term = x;
    let sum = x;
    for (let n = 1; n < 200; n++) {
      term *= (-x * x) / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc(x) = e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …)))))
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 500; k++) {
    const a = k / 2;
    d = x + a * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = x + a / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

/** Standard normal CDF Φ(x). */
export function normalCdf(x: number): number {
  const e = erfcNonNegative(Math.abs(x) / Math.SQRT2) / 2;
  return x >= 0 ? 1 - e : e;
}

// Acklam's rational approximation of Φ⁻¹ (relative error 1.15e-9), refined by one Halley step.
const A = [
  -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
];
const B = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
const C = [
  -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
];
const D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];

function poly(coeffs: readonly number[], x: number): number {
  let acc = 0;
  for (const c of coeffs) acc = acc * x + c;
  return acc;
}

/** Φ⁻¹(p), the standard normal quantile, for 0 < p < 1 (e.g. Φ⁻¹(0.85) = 1.0364333894937898). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normal quantile needs 0 < p < 1, got ${p}`);
  const low = 0.02425;
  let x: number;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = poly(C, q) / (poly(D, q) * q + 1);
  } else if (p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -poly(C, q) / (poly(D, q) * q + 1);
  } else {
    const q = p - 0.5;
    const r = q * q;
    x = (poly(A, r) * q) / (poly(B, r) * r + 1);
  }
  const e = normalCdf(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}
