import { describe, expect, it } from 'vitest';
import { backward, forward, initParams, paramCount } from '../../src/heads/math/mlp.js';
import {
  ordinalExpectation,
  ordinalPairLoss,
  ordinalPreference,
  tieProbability,
} from '../../src/heads/math/ordinal.js';
import {
  btLoss,
  logSigmoid,
  marginBtLoss,
  scaledBtLoss,
  smoothedBtLoss,
  tieBtLoss,
} from '../../src/heads/math/pairwise-losses.js';
import { palPairLoss } from '../../src/heads/math/pal.js';
import { OBJECTIVES, type PairExample } from '../../src/heads/objectives.js';
import { exampleLoss } from '../../src/heads/train.js';

const LN2 = Math.log(2);
const fd = (f: (x: number) => number, x: number, h = 1e-6) => (f(x + h) - f(x - h)) / (2 * h);

describe('pairwise losses: test vectors', () => {
  it('BT at Δ = 0 is log 2 (Stiennon et al. 2020: −log σ(0))', () => {
    expect(btLoss(0).loss).toBeCloseTo(LN2, 12);
    expect(btLoss(0).grad).toBeCloseTo(-0.5, 12);
  });
  it('margin BT equals BT shifted by m (HelpSteer2-Preference / Secrets of RLHF II adaptive margin)', () => {
    expect(marginBtLoss(1, 1).loss).toBeCloseTo(LN2, 12);
    expect(marginBtLoss(2.5, 0.5).loss).toBeCloseTo(btLoss(2).loss, 12);
  });
  it('scaled BT multiplies BT by the magnitude (HelpSteer2-Preference: −m·log σ(Δ))', () => {
    expect(scaledBtLoss(0, 3).loss).toBeCloseTo(3 * LN2, 12);
    expect(scaledBtLoss(1.3, 2).loss).toBeCloseTo(2 * btLoss(1.3).loss, 12);
  });
  it('label smoothing: α = 0 is BT; α = ½ is symmetric and minimal at Δ = 0 (α default 0.1 is a reconstruction)', () => {
    expect(smoothedBtLoss(0.7, 0).loss).toBeCloseTo(btLoss(0.7).loss, 12);
    expect(smoothedBtLoss(0, 0.5).grad).toBeCloseTo(0, 12);
    expect(smoothedBtLoss(0.7, 0.5).loss).toBeCloseTo(smoothedBtLoss(-0.7, 0.5).loss, 12);
    // the minimum of −[(1−α)log σ(Δ) + α log σ(−Δ)] is at Δ = log((1−α)/α)
    expect(smoothedBtLoss(Math.log(0.9 / 0.1), 0.1).grad).toBeCloseTo(0, 10);
  });
  it('BT with ties (SoliReward compute_btt_loss): 2·log 2 at Δ = 0 with m = 0, symmetric, gradient 0 there', () => {
    expect(tieBtLoss(0).loss).toBeCloseTo(2 * LN2, 12);
    expect(tieBtLoss(0).grad).toBeCloseTo(0, 12);
    expect(tieBtLoss(1.1, 0.2).loss).toBeCloseTo(tieBtLoss(-1.1, 0.2).loss, 12);
  });
  it('logσ is stable at large |z|', () => {
    expect(logSigmoid(-800)).toBeCloseTo(-800, 6);
    expect(logSigmoid(800)).toBe(-0);
  });
});

describe('pairwise losses: gradient checks (central finite differences)', () => {
  const cases: Array<[string, (d: number) => { loss: number; grad: number }]> = [
    ['bt', (d) => btLoss(d)],
    ['margin', (d) => marginBtLoss(d, 0.8)],
    ['scaled', (d) => scaledBtLoss(d, 2)],
    ['smoothed', (d) => smoothedBtLoss(d, 0.1, 0.3)],
    ['ties', (d) => tieBtLoss(d, 0.25)],
  ];
  for (const [name, f] of cases) {
    it(name, () => {
      for (const d of [-4, -1.2, -0.1, 0, 0.3, 2, 5]) {
        expect(f(d).grad).toBeCloseTo(
          fd((x) => f(x).loss, d),
          6,
        );
      }
    });
  }
});

describe('OPRM ordinal preference (arXiv 2602.12660)', () => {
  // Test vector from the implementation notes, section 6.
  const pc = [0, 0, 0, 0, 0.1, 0.2, 0.4, 0.2, 0.1];
  const pr = [0, 0, 0.1, 0.3, 0.4, 0.2, 0, 0, 0];
  it('reproduces P(c ≻ r) = 0.90, P_tie = 0.08, E[c] = 7.0, E[r] = 4.7', () => {
    expect(ordinalPreference(pc, pr, 'strict')).toBeCloseTo(0.9, 12);
    expect(tieProbability(pc, pr)).toBeCloseTo(0.08, 12);
    expect(ordinalExpectation(pc)).toBeCloseTo(7.0, 12);
    expect(ordinalExpectation(pr)).toBeCloseTo(4.7, 12);
    expect(ordinalPreference(pc, pr, 'half')).toBeCloseTo(0.94, 12);
  });
  for (const mode of ['strict', 'half'] as const) {
    it(`−log P gradient matches finite differences on the logits (${mode})`, () => {
      const zc = [0.1, -0.3, 0.5, 1.2, -0.7, 0.2, 0.9, -1.1, 0.4];
      const zr = [0.6, 0.2, -0.4, 0.3, 0.8, -0.2, -0.9, 0.1, -0.5];
      const r = ordinalPairLoss(zc, zr, mode);
      for (let k = 0; k < 9; k++) {
        const bump = (z: number[], h: number) => z.map((v, i) => (i === k ? v + h : v));
        const numC = fd((h) => ordinalPairLoss(bump(zc, h), zr, mode).loss, 0);
        const numR = fd((h) => ordinalPairLoss(zc, bump(zr, h), mode).loss, 0);
        expect(r.gradC[k]).toBeCloseTo(numC, 6);
        expect(r.gradR[k]).toBeCloseTo(numR, 6);
      }
    });
  }
});

describe('PAL ideal-point mixture (reconstruction from memory: σ(‖f_r − e‖² − ‖f_c − e‖²))', () => {
  const q = 3;
  const k = 2;
  const pal = () => ({
    k,
    q,
    prototypes: Float64Array.of(0.2, -0.1, 0.4, -0.3, 0.5, 0.1),
    userLogits: Float64Array.of(0.3, -0.2, 1.0, 0.5),
  });
  const fc = Float64Array.of(0.1, 0.3, -0.2);
  const fr = Float64Array.of(-0.4, 0.2, 0.6);
  it('a response at the ideal point beats one away from it; equal distance gives ½', () => {
    const p = pal();
    const w = [Math.exp(0.3), Math.exp(-0.2)];
    const s = (w[0] as number) + (w[1] as number);
    const e = [0, 1, 2].map(
      (i) => ((w[0] as number) * (p.prototypes[i] as number) + (w[1] as number) * (p.prototypes[3 + i] as number)) / s,
    );
    const at = Float64Array.from(e);
    const r = palPairLoss(at, fr, p, 0, new Float64Array(6), new Float64Array(4));
    expect(r.prob).toBeGreaterThan(0.5);
    expect(palPairLoss(fr, fr, pal(), 0, new Float64Array(6), new Float64Array(4)).prob).toBeCloseTo(0.5, 12);
  });
  it('gradients for f_c, f_r, prototypes and the user logits match finite differences', () => {
    const base = pal();
    const gP = new Float64Array(6);
    const gA = new Float64Array(4);
    const r = palPairLoss(fc, fr, base, 1, gP, gA);
    const loss = (mut: (p: ReturnType<typeof pal>, c: Float64Array, rr: Float64Array) => void) => {
      const p = pal();
      const c = Float64Array.from(fc);
      const rr = Float64Array.from(fr);
      mut(p, c, rr);
      return palPairLoss(c, rr, p, 1, new Float64Array(6), new Float64Array(4)).loss;
    };
    const h = 1e-6;
    const num = (mut: (p: ReturnType<typeof pal>, c: Float64Array, rr: Float64Array, s: number) => void) =>
      (loss((p, c, rr) => mut(p, c, rr, h)) - loss((p, c, rr) => mut(p, c, rr, -h))) / (2 * h);
    for (let i = 0; i < q; i++) {
      expect(r.gradC[i]).toBeCloseTo(
        num((_p, c, _r, s) => void (c[i] = (c[i] as number) + s)),
        6,
      );
      expect(r.gradR[i]).toBeCloseTo(
        num((_p, _c, rr, s) => void (rr[i] = (rr[i] as number) + s)),
        6,
      );
    }
    for (let i = 0; i < 6; i++)
      expect(gP[i]).toBeCloseTo(
        num((p, _c, _r, s) => void (p.prototypes[i] = (p.prototypes[i] as number) + s)),
        6,
      );
    for (let i = 0; i < 4; i++)
      expect(gA[i]).toBeCloseTo(
        num((p, _c, _r, s) => void (p.userLogits[i] = (p.userLogits[i] as number) + s)),
        6,
      );
    // user 0's logits get no gradient from user 1's pair
    expect(gA[0]).toBe(0);
  });
});

describe('every objective through the network: gradient check on all parameters', () => {
  const dim = 5;
  const vec = (s: number) => Float64Array.from({ length: dim }, (_, i) => Math.sin(s + i * 1.7));
  const pairs: PairExample[] = [
    { chosen: vec(1), rejected: vec(2), margin: 0.4, magnitude: 2, user: 1 },
    { chosen: vec(3), rejected: vec(4), tie: true, margin: 0.1, magnitude: 1, user: 0 },
  ];
  for (const objective of OBJECTIVES) {
    for (const hidden of [0, 4]) {
      it(`${objective}, hidden ${hidden}`, () => {
        const outputs = objective === 'ordinal' ? 9 : objective === 'pal' ? 3 : objective === 'regression' ? 2 : 1;
        const net = { dim, hidden, outputs };
        const n = paramCount(net);
        const pal =
          objective === 'pal'
            ? {
                k: 2,
                q: 3,
                prototypes: Float64Array.of(0.2, -0.1, 0.4, -0.3, 0.5, 0.1),
                userLogits: Float64Array.of(0.3, -0.2, 1, 0.5),
              }
            : undefined;
        const extra = pal ? 10 : 0;
        const theta = new Float64Array(n + extra);
        theta.set(initParams(net, 7).map((v, i) => v + 0.05 * Math.cos(i)));
        if (pal) theta.set([...pal.prototypes, ...pal.userLogits], n);
        const examples =
          objective === 'regression'
            ? [{ x: vec(5), targets: [1.5, -0.5] }]
            : objective === 'ties'
              ? pairs
              : [pairs[0] as PairExample];
        const total = (t: Float64Array, g: Float64Array) => {
          const p = t.subarray(0, n);
          const palNow = pal ? { ...pal, prototypes: t.slice(n, n + 6), userLogits: t.slice(n + 6) } : undefined;
          const ctx = {
            net,
            o: {
              objective,
              featuriser: { type: 'embeddings' as const, backend: 'x' },
              input: 'response' as const,
              alpha: 0.2,
            },
            pal: palNow,
            levels: 9,
          };
          let l = 0;
          for (const e of examples) l += exampleLoss(e, p, ctx, g);
          return l;
        };
        const g = new Float64Array(theta.length);
        total(theta, g);
        let checked = 0;
        for (let i = 0; i < theta.length; i++) {
          const up = Float64Array.from(theta);
          const down = Float64Array.from(theta);
          up[i] = (up[i] as number) + 1e-6;
          down[i] = (down[i] as number) - 1e-6;
          const num = (total(up, new Float64Array(theta.length)) - total(down, new Float64Array(theta.length))) / 2e-6;
          expect(g[i]).toBeCloseTo(num, 5);
          checked++;
        }
        expect(checked).toBe(theta.length);
      });
    }
  }
  it('forward/backward of the MLP agree with finite differences on the input weights', () => {
    const net = { dim: 3, hidden: 2, outputs: 1 };
    const p = initParams(net, 3);
    const x = Float64Array.of(0.5, -1, 2);
    const g = new Float64Array(p.length);
    backward(net, p, forward(net, p, x), Float64Array.of(1), g);
    const f = (i: number, h: number) => {
      const q = Float64Array.from(p);
      q[i] = (q[i] as number) + h;
      return forward(net, q, x).out[0] as number;
    };
    for (let i = 0; i < p.length; i++) expect(g[i]).toBeCloseTo((f(i, 1e-6) - f(i, -1e-6)) / 2e-6, 6);
  });
});
