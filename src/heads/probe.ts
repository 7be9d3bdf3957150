// MRMBench-style probing (notes section 20, from memory): a logistic probe per preference dimension on frozen
// features; the score is held-out probe accuracy per dimension, next to the majority-class baseline.
import { mulberry32 } from '../core/prng.js';
import { Adam } from './math/adam.js';
import { logSigmoid, sigmoid } from './math/pairwise-losses.js';

/** Binary cross-entropy of a logit z against label y ∈ {0,1}, and dL/dz = σ(z) − y. */
export function bceLoss(z: number, y: number): { loss: number; grad: number } {
  return { loss: -(y * logSigmoid(z) + (1 - y) * logSigmoid(-z)), grad: sigmoid(z) - y };
}

export interface ProbeResult {
  dimension: string;
  train: number;
  heldOut: number;
  accuracy: number;
  /** Accuracy of always answering the training set's majority label. */
  majority: number;
}

/** Fits one logistic probe per dimension (examples without a label for it are left out of that probe). */
export function probeDimensions(
  xs: readonly Float64Array[],
  labels: Record<string, ReadonlyArray<0 | 1 | undefined>>,
  o: { epochs?: number; lr?: number; seed?: number; holdout?: number; l2?: number } = {},
): ProbeResult[] {
  return Object.entries(labels).map(([dimension, ys]) => {
    const idx = ys.flatMap((y, i) => (y === undefined ? [] : [i]));
    const rand = mulberry32(o.seed ?? 1);
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [idx[i], idx[j]] = [idx[j] as number, idx[i] as number];
    }
    const nHeld = Math.floor(idx.length * (o.holdout ?? 0.2));
    const held = idx.slice(0, nHeld);
    const train = idx.slice(nHeld);
    const dim = xs[0]?.length ?? 0;
    const w = new Float64Array(dim + 1);
    const g = new Float64Array(dim + 1);
    const adam = new Adam(w.length, { lr: o.lr ?? 0.05, l2: o.l2 ?? 1e-4 });
    const z = (x: Float64Array) => {
      let s = w[dim] as number;
      for (let k = 0; k < dim; k++) s += (w[k] as number) * (x[k] as number);
      return s;
    };
    for (let e = 0; e < (o.epochs ?? 20); e++) {
      for (let s = 0; s < train.length; s += 64) {
        g.fill(0);
        const batch = train.slice(s, s + 64);
        for (const i of batch) {
          const x = xs[i] as Float64Array;
          const { grad } = bceLoss(z(x), ys[i] as number);
          for (let k = 0; k < dim; k++) g[k] = (g[k] as number) + (grad * (x[k] as number)) / batch.length;
          g[dim] = (g[dim] as number) + grad / batch.length;
        }
        adam.step(w, g);
      }
    }
    const ones = train.filter((i) => ys[i] === 1).length;
    const major = ones * 2 >= train.length ? 1 : 0;
    const hits = held.filter((i) => (z(xs[i] as Float64Array) > 0 ? 1 : 0) === ys[i]).length;
    return {
      dimension,
      train: train.length,
      heldOut: held.length,
      accuracy: held.length ? hits / held.length : Number.NaN,
      majority: held.length ? held.filter((i) => ys[i] === major).length / held.length : Number.NaN,
    };
  });
}
