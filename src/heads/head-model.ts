// A trained head as plain data (the saved JSON file) and how it turns a response's features into a reward.
import { z } from 'zod';
import type { HashedNgramConfig } from './features/hashed-ngrams.js';
import { forward, type NetShape, paramCount } from './math/mlp.js';
import { ordinalExpectation, ordinalPreference, softmax } from './math/ordinal.js';
import { sigmoid } from './math/pairwise-losses.js';
import { idealPoint, type PalParams, palScore } from './math/pal.js';
import { OBJECTIVES, type Objective } from './objectives.js';

/** Where a head's input features come from. */
export type Featuriser = HashedNgramConfig | { type: 'embeddings'; backend: string };

export const headFileSchema = z.strictObject({
  format: z.literal('rewardkit-head'),
  version: z.literal(1),
  objective: z.enum(OBJECTIVES),
  featuriser: z.discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('hashed-ngrams'),
      dim: z.number().int().positive(),
      maxN: z.number().int().min(1).max(5),
      seed: z.number().int(),
    }),
    z.strictObject({ type: z.literal('embeddings'), backend: z.string().min(1) }),
  ]),
  /** What text is featurised: the response alone, or the prompt then the response. */
  input: z.enum(['response', 'prompt-response']),
  net: z.strictObject({
    dim: z.number().int().positive(),
    hidden: z.number().int().min(0),
    outputs: z.number().int().positive(),
  }),
  weights: z.array(z.number()),
  /** OPRM tie handling in P(c ≻ r). */
  tieMode: z.enum(['strict', 'half']).default('strict'),
  pal: z
    .strictObject({
      k: z.number().int().positive(),
      prototypes: z.array(z.number()),
      userLogits: z.array(z.number()),
      users: z.array(z.string()),
    })
    .optional(),
  attributes: z.array(z.string()).optional(),
  /** Held-out metrics at save time (for the reader; never read when serving). */
  report: z.record(z.string(), z.unknown()).optional(),
});

export type HeadFile = z.infer<typeof headFileSchema>;

/** A head ready to score: parsed weights and shapes. */
export interface Head {
  file: HeadFile;
  objective: Objective;
  net: NetShape;
  params: Float64Array;
  pal?: PalParams;
}

/** Parses and checks a head file's JSON; errors name the field. */
export function loadHead(json: unknown, where: string): Head {
  const r = headFileSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new Error(`${where}: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  const file = r.data;
  const net = file.net;
  if (file.weights.length !== paramCount(net))
    throw new Error(
      `${where}: weights: expected ${paramCount(net)} numbers for net ${JSON.stringify(net)}, got ${file.weights.length}`,
    );
  if (file.featuriser.type === 'hashed-ngrams' && file.featuriser.dim !== net.dim)
    throw new Error(`${where}: featuriser.dim ${file.featuriser.dim} differs from net.dim ${net.dim}`);
  const head: Head = { file, objective: file.objective, net, params: Float64Array.from(file.weights) };
  if (file.objective === 'pal') {
    if (!file.pal) throw new Error(`${where}: pal: a PAL head needs its prototypes and user weights`);
    const { k, prototypes, userLogits, users } = file.pal;
    if (prototypes.length !== k * net.outputs || userLogits.length !== k * users.length)
      throw new Error(`${where}: pal: prototypes must hold k·outputs numbers and userLogits k·users`);
    head.pal = {
      k,
      q: net.outputs,
      prototypes: Float64Array.from(prototypes),
      userLogits: Float64Array.from(userLogits),
    };
  }
  return head;
}

/** How a served head reads its outputs: which attribute weights (regression) and which user (PAL). */
export interface ReadOptions {
  /** Regression heads: weight per attribute name (default: the first attribute alone). */
  attributeWeights?: Record<string, number>;
  /** PAL heads: index of the user; -1 = the mean user. */
  user?: number;
}

/** The scalar reward of one response's raw network outputs. */
export function rewardOf(head: Head, out: Float64Array, read: ReadOptions = {}): number {
  switch (head.objective) {
    case 'ordinal':
      return ordinalExpectation(softmax(out));
    case 'pal':
      return palScore(out, idealPoint(head.pal as PalParams, read.user ?? -1));
    case 'regression': {
      const names = head.file.attributes ?? [];
      if (!read.attributeWeights) return out[0] as number;
      let s = 0;
      names.forEach((name, i) => {
        s += (read.attributeWeights?.[name] ?? 0) * (out[i] as number);
      });
      return s;
    }
    default:
      return out[0] as number;
  }
}

/** The network outputs for a feature vector. */
export function outputsFor(head: Head, x: Float64Array): Float64Array {
  return forward(head.net, head.params, x).out;
}

/** P(c ≻ r) as the head's objective models it (BT family and PAL: σ(Δ); ordinal: the OPRM closed form). */
export function preferenceOf(head: Head, outC: Float64Array, outR: Float64Array, read: ReadOptions = {}): number {
  if (head.objective === 'ordinal') return ordinalPreference(softmax(outC), softmax(outR), head.file.tieMode);
  return sigmoid(rewardOf(head, outC, read) - rewardOf(head, outR, read));
}
