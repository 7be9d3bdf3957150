// Fits a head on feature vectors with one of the objectives, deterministically (mulberry32 seeds), in plain Float64Array.
import { mulberry32 } from '../core/prng.js';
import {
  type Featuriser,
  type Head,
  type HeadFile,
  loadHead,
  outputsFor,
  preferenceOf,
  rewardOf,
} from './head-model.js';
import { Adam } from './math/adam.js';
import { backward, forward, initParams, type NetShape } from './math/mlp.js';
import { ordinalPairLoss } from './math/ordinal.js';
import {
  btLoss,
  type LossGrad,
  marginBtLoss,
  scaledBtLoss,
  smoothedBtLoss,
  tieBtLoss,
} from './math/pairwise-losses.js';
import { type PalParams, palPairLoss } from './math/pal.js';
import { type Calibration, calibration } from './metrics.js';
import { type Objective, outputsOf, type PairExample, type RatedExample, unusableReason } from './objectives.js';

/** Training settings; every default is named here. */
export interface TrainOptions {
  objective: Objective;
  featuriser: Featuriser;
  input: 'response' | 'prompt-response';
  /** Hidden units of the MLP; 0 = linear head (default 0). */
  hidden?: number;
  epochs?: number;
  lr?: number;
  batch?: number;
  seed?: number;
  /** L2 weight decay (default 0). */
  l2?: number;
  /** Fraction of examples held out for the report (default 0.1). */
  holdout?: number;
  /** Label-smoothing α for `smoothed` (default 0.1 — a reconstruction: Secrets of RLHF II does not state it). */
  alpha?: number;
  /** Margin m inside `ties` for win and tie pairs (SoliReward `reward_margin`, default 0). */
  tieMargin?: number;
  /** OPRM levels (default 9) and tie handling (default strict). */
  levels?: number;
  tieMode?: 'strict' | 'half';
  /** PAL: prototypes K (default 4), ideal-point dimension q (default 8), user names (index = PairExample.user). */
  palK?: number;
  palDim?: number;
  users?: string[];
  /** Regression: attribute names, one per target. */
  attributes?: string[];
}

/** What training saw and reached. */
export interface TrainReport {
  objective: Objective;
  train: number;
  heldOut: number;
  /** Examples not used, each with why (1-based index into the input). */
  skipped: Array<{ index: number; reason: string }>;
  finalLoss: number;
  /** Held-out pair accuracy of the served reward (equal rewards count ½), over pairs that are not ties. */
  accuracy?: number;
  calibration?: Calibration;
  /** Regression: held-out RMSE per attribute. */
  rmse?: Record<string, number>;
  /** Ties: mean |Δ| on held-out tie pairs (smaller = tied pairs pulled together). */
  tieGap?: number;
}

type Example = PairExample | RatedExample;
const isRated = (e: Example): e is RatedExample => 'targets' in e;

/** Trains a head; returns the head file to save and a report. Throws only on options that make no sense. */
export function trainHead(
  examples: readonly Example[],
  o: TrainOptions,
): { file: HeadFile; head: Head; report: TrainReport; heldOutIndices: number[] } {
  const skipped: TrainReport['skipped'] = [];
  const usable: Example[] = [];
  const usableIndex: number[] = [];
  examples.forEach((e, i) => {
    const reason = isRated(e)
      ? o.objective === 'regression'
        ? undefined
        : `a rated response trains only --objective regression`
      : unusableReason(e, o.objective);
    if (reason) skipped.push({ index: i + 1, reason });
    else {
      usable.push(e);
      usableIndex.push(i);
    }
  });
  if (usable.length < 2) throw new Error(`only ${usable.length} usable examples for objective "${o.objective}"`);
  const first = usable[0] as Example;
  const dim = isRated(first) ? first.x.length : first.chosen.length;
  const levels = o.levels ?? 9;
  const palDim = o.palDim ?? 8;
  const attributes = o.attributes ?? (isRated(first) ? first.targets.map((_, i) => `target${i}`) : []);
  const net: NetShape = {
    dim,
    hidden: o.hidden ?? 0,
    outputs: outputsOf(o.objective, { levels, palDim, attributes: attributes.length }),
  };
  const seed = o.seed ?? 1;
  const rand = mulberry32(seed);
  const order = usable.map((_, i) => i);
  shuffle(order, rand);
  const nHeld = Math.min(usable.length - 1, Math.floor(usable.length * (o.holdout ?? 0.1)));
  const held = order.slice(0, nHeld).map((i) => usable[i] as Example);
  const train = order.slice(nHeld).map((i) => usable[i] as Example);

  const params = initParams(net, seed);
  const pal =
    o.objective === 'pal' ? initPal(o.palK ?? 4, palDim, (o.users ?? []).length, mulberry32(seed + 1)) : undefined;
  const extra = pal ? pal.prototypes.length + pal.userLogits.length : 0;
  const all = new Float64Array(params.length + extra);
  const grad = new Float64Array(all.length);
  const adam = new Adam(all.length, { lr: o.lr ?? 0.05, l2: o.l2 ?? 0 });
  const ctx: StepContext = { net, o, pal, levels };
  const batch = o.batch ?? 64;
  let finalLoss = Number.NaN;
  const sync = () => {
    all.set(params, 0);
    if (pal) {
      all.set(pal.prototypes, params.length);
      all.set(pal.userLogits, params.length + pal.prototypes.length);
    }
  };
  const unsync = () => {
    params.set(all.subarray(0, params.length));
    if (pal) {
      pal.prototypes.set(all.subarray(params.length, params.length + pal.prototypes.length));
      pal.userLogits.set(all.subarray(params.length + pal.prototypes.length));
    }
  };
  sync();
  for (let epoch = 0; epoch < (o.epochs ?? 5); epoch++) {
    shuffle(train, rand);
    let total = 0;
    for (let start = 0; start < train.length; start += batch) {
      const end = Math.min(train.length, start + batch);
      grad.fill(0);
      let loss = 0;
      for (let i = start; i < end; i++) loss += exampleLoss(train[i] as Example, params, ctx, grad);
      const n = end - start;
      for (let i = 0; i < grad.length; i++) grad[i] = (grad[i] as number) / n;
      adam.step(all, grad);
      unsync();
      total += loss;
    }
    finalLoss = total / train.length;
  }
  const file: HeadFile = {
    format: 'rewardkit-head',
    version: 1,
    objective: o.objective,
    featuriser: o.featuriser,
    input: o.input,
    net,
    weights: Array.from(params),
    tieMode: o.tieMode ?? 'strict',
    ...(pal
      ? {
          pal: {
            k: pal.k,
            prototypes: Array.from(pal.prototypes),
            userLogits: Array.from(pal.userLogits),
            users: o.users ?? [],
          },
        }
      : {}),
    ...(o.objective === 'regression' ? { attributes } : {}),
  };
  const head = loadHead(file, 'trained head');
  const report: TrainReport = { objective: o.objective, train: train.length, heldOut: held.length, skipped, finalLoss };
  Object.assign(report, evaluate(head, held));
  file.report = report as unknown as Record<string, unknown>;
  return { file, head, report, heldOutIndices: order.slice(0, nHeld).map((i) => usableIndex[i] as number) };
}

interface StepContext {
  net: NetShape;
  o: TrainOptions;
  pal: PalParams | undefined;
  levels: number;
}

/** Loss of one example; adds its gradient (network params first, then PAL prototypes and user logits) into g. */
export function exampleLoss(e: Example, params: Float64Array, ctx: StepContext, g: Float64Array): number {
  const { net, o } = ctx;
  if (isRated(e)) {
    const t = forward(net, params, e.x);
    const dOut = new Float64Array(net.outputs);
    let loss = 0;
    // Regression on attributes (HelpSteer2 / SteerLM): ½·Σ_k (r_k − y_k)².
    for (let k = 0; k < net.outputs; k++) {
      const diff = (t.out[k] as number) - (e.targets[k] as number);
      loss += 0.5 * diff * diff;
      dOut[k] = diff;
    }
    backward(net, params, t, dOut, g);
    return loss;
  }
  const tc = forward(net, params, e.chosen);
  const tr = forward(net, params, e.rejected);
  if (o.objective === 'ordinal') {
    const r = ordinalPairLoss(tc.out, tr.out, o.tieMode ?? 'strict');
    backward(net, params, tc, r.gradC, g);
    backward(net, params, tr, r.gradR, g);
    return r.loss;
  }
  if (o.objective === 'pal') {
    const pal = ctx.pal as PalParams;
    const base = params.length;
    const gP = g.subarray(base, base + pal.prototypes.length);
    const gA = g.subarray(base + pal.prototypes.length);
    const r = palPairLoss(tc.out, tr.out, pal, e.user as number, gP, gA);
    backward(net, params, tc, r.gradC, g);
    backward(net, params, tr, r.gradR, g);
    return r.loss;
  }
  const d = (tc.out[0] as number) - (tr.out[0] as number);
  const lg = pairLoss(d, e, o);
  backward(net, params, tc, Float64Array.of(lg.grad), g);
  backward(net, params, tr, Float64Array.of(-lg.grad), g);
  return lg.loss;
}

/** The scalar pairwise loss an objective applies to Δ for this pair. */
export function pairLoss(
  d: number,
  e: PairExample,
  o: Pick<TrainOptions, 'objective' | 'alpha' | 'tieMargin'>,
): LossGrad {
  switch (o.objective) {
    case 'margin':
      return marginBtLoss(d, e.margin as number);
    case 'scaled':
      return scaledBtLoss(d, e.magnitude as number);
    case 'smoothed':
      return smoothedBtLoss(d, o.alpha ?? 0.1);
    case 'ties':
      return e.tie ? tieBtLoss(d, o.tieMargin ?? 0) : marginBtLoss(d, o.tieMargin ?? 0);
    default:
      return btLoss(d);
  }
}

/** Held-out accuracy, calibration, RMSE and tie gap of a head. */
export function evaluate(head: Head, held: readonly Example[]): Partial<TrainReport> {
  if (held.length === 0) return {};
  if (head.objective === 'regression') {
    const names = head.file.attributes ?? [];
    const sq = new Float64Array(names.length);
    for (const e of held as RatedExample[]) {
      const out = outputsFor(head, e.x);
      names.forEach((_, k) => {
        sq[k] = (sq[k] as number) + ((out[k] as number) - (e.targets[k] as number)) ** 2;
      });
    }
    return { rmse: Object.fromEntries(names.map((n, k) => [n, Math.sqrt((sq[k] as number) / held.length)])) };
  }
  const probs: number[] = [];
  let correct = 0;
  let tieGap = 0;
  let ties = 0;
  for (const e of held as PairExample[]) {
    const read = e.user !== undefined ? { user: e.user } : {};
    const oc = outputsFor(head, e.chosen);
    const or = outputsFor(head, e.rejected);
    const p = preferenceOf(head, oc, or, read);
    if (e.tie) {
      tieGap += Math.abs(Math.log(p / (1 - p)));
      ties++;
      continue;
    }
    probs.push(p);
    // Accuracy compares the served rewards (OPRM: E[s]); calibration reads the objective's own P(c ≻ r).
    const d = rewardOf(head, oc, read) - rewardOf(head, or, read);
    correct += d > 0 ? 1 : d === 0 ? 0.5 : 0;
  }
  const out: Partial<TrainReport> = {};
  if (probs.length > 0) {
    out.accuracy = correct / probs.length;
    out.calibration = calibration(probs);
  }
  if (ties > 0) out.tieGap = tieGap / ties;
  return out;
}

function initPal(k: number, q: number, users: number, rand: () => number): PalParams {
  if (users === 0) throw new Error('PAL needs at least one user (annotator ids on the pairs)');
  const prototypes = new Float64Array(k * q);
  for (let i = 0; i < prototypes.length; i++) prototypes[i] = (rand() * 2 - 1) * 0.5;
  return { k, q, prototypes, userLogits: new Float64Array(users * k) };
}

function shuffle<T>(a: T[], rand: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
}
