// A linear map or a one-hidden-layer tanh MLP over a flat Float64Array of parameters.
import { mulberry32 } from '../../core/prng.js';

/** Shape of a head's network: `hidden: 0` is linear (out = W·x + b). */
export interface NetShape {
  dim: number;
  hidden: number;
  outputs: number;
}

/** Number of parameters a network of this shape holds. */
export function paramCount(s: NetShape): number {
  return s.hidden === 0 ? s.outputs * (s.dim + 1) : s.hidden * (s.dim + 1) + s.outputs * (s.hidden + 1);
}

/** Small seeded initial weights (uniform ±1/√fan-in for the first layer; zero for a linear head's bias). */
export function initParams(s: NetShape, seed: number): Float64Array {
  const rand = mulberry32(seed);
  const p = new Float64Array(paramCount(s));
  const firstIn = s.dim;
  const scale1 = 1 / Math.sqrt(Math.max(1, firstIn));
  if (s.hidden === 0) {
    for (let i = 0; i < s.outputs * s.dim; i++) p[i] = (rand() * 2 - 1) * scale1 * 0.01;
    return p;
  }
  const n1 = s.hidden * s.dim;
  for (let i = 0; i < n1; i++) p[i] = (rand() * 2 - 1) * scale1;
  const scale2 = 1 / Math.sqrt(s.hidden);
  const w2 = n1 + s.hidden;
  for (let i = 0; i < s.outputs * s.hidden; i++) p[w2 + i] = (rand() * 2 - 1) * scale2;
  return p;
}

/** What a forward pass keeps for its backward pass. */
export interface Trace {
  x: Float64Array;
  h: Float64Array | null;
  out: Float64Array;
}

/** Forward pass: the network's outputs for input x. */
export function forward(s: NetShape, p: Float64Array, x: Float64Array): Trace {
  const { dim, hidden, outputs } = s;
  if (hidden === 0) {
    const out = new Float64Array(outputs);
    const b = outputs * dim;
    for (let o = 0; o < outputs; o++) {
      let acc = p[b + o] as number;
      const row = o * dim;
      for (let i = 0; i < dim; i++) acc += (p[row + i] as number) * (x[i] as number);
      out[o] = acc;
    }
    return { x, h: null, out };
  }
  const h = new Float64Array(hidden);
  const b1 = hidden * dim;
  for (let j = 0; j < hidden; j++) {
    let acc = p[b1 + j] as number;
    const row = j * dim;
    for (let i = 0; i < dim; i++) acc += (p[row + i] as number) * (x[i] as number);
    h[j] = Math.tanh(acc);
  }
  const w2 = b1 + hidden;
  const b2 = w2 + outputs * hidden;
  const out = new Float64Array(outputs);
  for (let o = 0; o < outputs; o++) {
    let acc = p[b2 + o] as number;
    for (let j = 0; j < hidden; j++) acc += (p[w2 + o * hidden + j] as number) * (h[j] as number);
    out[o] = acc;
  }
  return { x, h, out };
}

/** Backward pass: adds dL/dparams into `g`, given dL/dout for the traced input. */
export function backward(s: NetShape, p: Float64Array, t: Trace, dOut: Float64Array, g: Float64Array): void {
  const { dim, hidden, outputs } = s;
  const x = t.x;
  if (hidden === 0 || t.h === null) {
    const b = outputs * dim;
    for (let o = 0; o < outputs; o++) {
      const d = dOut[o] as number;
      if (d === 0) continue;
      g[b + o] = (g[b + o] as number) + d;
      const row = o * dim;
      for (let i = 0; i < dim; i++) g[row + i] = (g[row + i] as number) + d * (x[i] as number);
    }
    return;
  }
  const h = t.h;
  const b1 = hidden * dim;
  const w2 = b1 + hidden;
  const b2 = w2 + outputs * hidden;
  const dh = new Float64Array(hidden);
  for (let o = 0; o < outputs; o++) {
    const d = dOut[o] as number;
    g[b2 + o] = (g[b2 + o] as number) + d;
    for (let j = 0; j < hidden; j++) {
      const k = w2 + o * hidden + j;
      g[k] = (g[k] as number) + d * (h[j] as number);
      dh[j] = (dh[j] as number) + d * (p[k] as number);
    }
  }
  for (let j = 0; j < hidden; j++) {
    const hj = h[j] as number;
    const dz = (dh[j] as number) * (1 - hj * hj);
    if (dz === 0) continue;
    g[b1 + j] = (g[b1 + j] as number) + dz;
    const row = j * dim;
    for (let i = 0; i < dim; i++) g[row + i] = (g[row + i] as number) + dz * (x[i] as number);
  }
}
