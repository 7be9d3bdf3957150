// Vector maths and embedding look-ups shared by the embedding rewards.
import { z } from 'zod';
import { backendsOf, callOptions, type EmbedImage } from '../../backends/index.js';
import { RewardError } from '../../core/codes.js';
import type { ScoreContext } from '../../core/define.js';
import { type SampleImage, sampleImages } from '../../core/images.js';
import type { Sample } from '../../core/types.js';

export const vector = z.array(z.number().finite()).min(1).max(65536);

export const dot = (a: readonly number[], b: readonly number[]): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
};

export const norm = (a: readonly number[]): number => Math.sqrt(dot(a, a));

/** Cosine similarity; 0 when either vector is all zeros (no direction to compare). */
export function cosine(a: readonly number[], b: readonly number[]): number {
  const d = norm(a) * norm(b);
  return d === 0 ? 0 : Math.max(-1, Math.min(1, dot(a, b) / d));
}

/** `a / ‖a‖`; the zero vector stays zero. */
export function unit(a: readonly number[]): number[] {
  const n = norm(a);
  return n === 0 ? a.map(() => 0) : a.map((x) => x / n);
}

/** The element-wise mean of equal-length vectors. */
export function mean(rows: readonly (readonly number[])[]): number[] {
  const out = new Array<number>((rows[0] as readonly number[]).length).fill(0);
  for (const r of rows)
    for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) + (r[i] as number) / rows.length;
  return out;
}

/**
 * Embeddings of `inputs` (texts, or images as `{image: url}` for a `vision: true` backend) from a backend, in
 * order, all of one dimension (else `model-error`).
 */
export async function embedAll(
  ctx: ScoreContext,
  backend: string,
  inputs: ReadonlyArray<string | EmbedImage>,
): Promise<number[][]> {
  if (inputs.length === 0) return [];
  const rows = await backendsOf(ctx, backend).embed(backend, inputs, callOptions(ctx));
  const dim = rows[0]?.length ?? 0;
  if (dim === 0 || rows.some((r) => r.length !== dim))
    throw new RewardError('model-error', `backend "${backend}" returned embeddings of differing or zero dimension`);
  return rows;
}

/** The last image of the sample's `from` turns (the latest one shown), or undefined. */
export function lastImage(sample: Sample, from: 'prompt' | 'response'): SampleImage | undefined {
  return sampleImages(sample)
    .filter((i) => i.from === from)
    .at(-1);
}

/** The embeddings backend param. */
export const embedBackendParam = z
  .string()
  .regex(/^[\w.-]+$/)
  .default('embed')
  .describe('name of the embeddings backend (under "backends:"; OpenAI /embeddings or TEI /embed)');

/** Capabilities of a reward that asks an embeddings backend. */
export const EMBEDDING = {
  needsReference: false,
  callsModel: true,
  stepLevel: false,
  groupLevel: false,
  pure: false,
  cost: 'moderate',
} as const;
