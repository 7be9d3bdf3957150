// A BT head on 100k synthetic pairs whose labels come from a known linear reward (Bradley–Terry sampling):
// the head must recover it — held-out accuracy within 1 point of the generating model's — and how long it takes.
// Baseline: one forward pass over the training pairs (the cost of scoring them once), in the same script.
import { mulberry32 } from '../../src/core/prng.js';
import { DEFAULT_HASHED_NGRAMS, hashedNgrams } from '../../src/heads/features/hashed-ngrams.js';
import { forward } from '../../src/heads/math/mlp.js';
import { sigmoid } from '../../src/heads/math/pairwise-losses.js';
import type { PairExample } from '../../src/heads/objectives.js';
import { trainHead } from '../../src/heads/train.js';
import { fmt, machine, table } from '../lib/measure.js';

const n = Number(process.env.BENCH_PAIRS ?? 100_000);
const dim = Number(process.env.BENCH_DIM ?? 32);
const epochs = Number(process.env.BENCH_EPOCHS ?? 3);
const rand = mulberry32(20261202);
const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
const trueW = Float64Array.from({ length: dim }, gauss);
const norm = Math.hypot(...trueW);
for (let i = 0; i < dim; i++) trueW[i] = ((trueW[i] as number) * 2) / norm; // ‖w‖ = 2: labels are noisy, not separable
const r = (x: Float64Array) => x.reduce((a, v, i) => a + v * (trueW[i] as number), 0);

// Labels drawn from the generating BT model: P(a ≻ b) = σ(r(a) − r(b)).
const pairs: PairExample[] = Array.from({ length: n }, () => {
  const a = Float64Array.from({ length: dim }, gauss);
  const b = Float64Array.from({ length: dim }, gauss);
  return rand() < sigmoid(r(a) - r(b)) ? { chosen: a, rejected: b } : { chosen: b, rejected: a };
});

const rows: Array<Array<string | number>> = [];
const results: Record<string, number> = {};
for (const hidden of [0, 16]) {
  const start = performance.now();
  const { head, report, heldOutIndices } = trainHead(pairs, {
    objective: 'bt',
    featuriser: { type: 'embeddings', backend: 'synthetic' },
    input: 'response',
    hidden,
    epochs,
    lr: hidden ? 0.01 : 0.02,
    batch: 256,
    seed: 7,
    holdout: 0.1,
  });
  const trainMs = performance.now() - start;
  // The generating model scored on exactly the pairs the trainer held out.
  const held = heldOutIndices.map((i) => pairs[i] as PairExample);
  const trueAcc = held.filter((p) => r(p.chosen) > r(p.rejected)).length / held.length;
  const t0 = performance.now();
  for (const p of pairs) {
    forward(head.net, head.params, p.chosen);
    forward(head.net, head.params, p.rejected);
  }
  const passMs = performance.now() - t0;
  const w = head.params.subarray(0, dim);
  const cos = hidden ? Number.NaN : w.reduce((a, v, i) => a + v * (trueW[i] as number), 0) / (Math.hypot(...w) * 2);
  const acc = report.accuracy as number;
  rows.push([
    hidden ? `MLP (${hidden} tanh)` : 'linear',
    `${(acc * 100).toFixed(2)}%`,
    `${(trueAcc * 100).toFixed(2)}%`,
    ((acc - trueAcc) * 100).toFixed(2),
    hidden ? '–' : cos.toFixed(4),
    (report.calibration?.ece ?? Number.NaN).toFixed(4),
    (trainMs / 1000).toFixed(2),
    fmt(((n * 0.9 * epochs) / trainMs) * 1000),
    (trainMs / passMs).toFixed(1),
  ]);
  results[hidden ? 'mlp' : 'linear'] = acc - trueAcc;
}

// The featuriser that needs no model: hashed word 1–2-grams, 1024 buckets.
const texts = Array.from(
  { length: 20_000 },
  (_, i) => `a reply number ${i} with some words about topic ${i % 97} and a closing line`,
);
const f0 = performance.now();
for (const t of texts) hashedNgrams(t, DEFAULT_HASHED_NGRAMS);
const featMs = performance.now() - f0;

console.log(`machine: ${machine()}`);
console.log(
  `${n} pairs, ${dim} dims, labels sampled from a BT model with ‖w‖ = 2; ${epochs} epochs, batch 256, 10% held out\n`,
);
console.log(
  table(
    [
      'head',
      'held-out acc',
      'generating model',
      'gap (points)',
      'cos(w, w*)',
      'ECE',
      'train s',
      'pairs/s',
      '× one scoring pass',
    ],
    rows,
  ),
);
console.log(`\nhashed n-gram featuriser: ${fmt((texts.length / featMs) * 1000, 0)} texts/s (1024 buckets, 1–2-grams)`);
const gap = Math.abs(results.linear as number);
if (gap > 0.01) {
  console.error(`linear BT head is ${fmt(gap * 100, 2)} points from the generating model (allowed: 1)`);
  process.exitCode = 1;
}
