// Building blocks shared by the shaping nodes: results, metadata inputs, one-child transforms.
import type { z } from 'zod';
import { blockingChild } from '../compose/children.js';
import { type Capabilities, type CompositeDefinition, defineComposite, type NodeHandle, RULE } from '../core/define.js';
import { failed, scored, unscorable } from '../core/outcome.js';
import type { RewardResult, Sample } from '../core/types.js';

/** Capabilities of a pure shaping node (its children add their own costs). */
export const SHAPING: Capabilities = { ...RULE };

const clean = (x: number) => (x === 0 ? 0 : x);

/** −0 becomes 0 throughout plain data (JSON cannot tell them apart, so results would not round-trip). */
function cleanZeros(value: unknown): unknown {
  if (typeof value === 'number') return clean(value);
  if (Array.isArray(value)) return value.map(cleanZeros);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cleanZeros(v)]));
  }
  return value;
}

/** A scored result without −0 anywhere; a non-finite score or step is an error. */
export function shaped(score: number, details?: Record<string, unknown>, steps?: number[]): RewardResult {
  if (!Number.isFinite(score)) return failed('reward-failed', `the shaped score is not finite (${score})`);
  if (steps && !steps.every(Number.isFinite)) return failed('reward-failed', 'a shaped step reward is not finite');
  return scored(clean(score), details && (cleanZeros(details) as Record<string, unknown>), steps?.map(clean));
}

/** Either a value read from the sample, or the result that explains why it could not be read. */
export type Read<T> = { ok: true; value: T } | { ok: false; result: RewardResult };

/** `sample.metadata[field]` as a finite number; missing is `missing-input`, mistyped is `invalid-sample`. */
export function readNumber(sample: Sample, field: string): Read<number> {
  const value = sample.metadata?.[field];
  if (value === undefined || value === null) {
    return { ok: false, result: unscorable('missing-input', `the sample has no metadata.${field}`) };
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return { ok: false, result: failed('invalid-sample', `metadata.${field} must be a finite number`) };
  }
  return { ok: true, value };
}

/** `sample.metadata[field]` as a non-empty list of finite numbers, naming the bad index if any. */
export function readNumbers(sample: Sample, field: string): Read<number[]> {
  const value = sample.metadata?.[field];
  if (value === undefined || value === null) {
    return { ok: false, result: unscorable('missing-input', `the sample has no metadata.${field}`) };
  }
  if (!Array.isArray(value)) {
    return { ok: false, result: failed('invalid-sample', `metadata.${field} must be a list of numbers`) };
  }
  const bad = value.findIndex((x) => typeof x !== 'number' || !Number.isFinite(x));
  if (bad >= 0) {
    return { ok: false, result: failed('invalid-sample', `metadata.${field}[${bad}] must be a finite number`) };
  }
  if (value.length === 0) {
    return { ok: false, result: unscorable('missing-input', `metadata.${field} is empty`) };
  }
  return { ok: true, value: value as number[] };
}

/** The single child in `slot`; the spec compiler guarantees it exists for 'one' slots. */
export function only(children: Record<string, NodeHandle[]>, slot: string): NodeHandle {
  const child = children[slot]?.[0];
  if (!child) throw new Error(`missing the "${slot}" node`);
  return child;
}

/** Runs one child on every sample; the per-sample callback sees only scored child results. */
export async function mapChild(
  child: NodeHandle,
  samples: readonly Sample[],
  fn: (score: number, sample: Sample, index: number, child: RewardResult) => RewardResult,
): Promise<RewardResult[]> {
  const results = await child.run(samples);
  return results.map((r, i) => blockingChild([child], [r]) ?? fn(r.score as number, samples[i] as Sample, i, r));
}

/** Declares a node that maps the score of its one `reward` child, sample by sample. */
export function defineTransform<P>(def: {
  kind: string;
  description: string;
  source?: string;
  params: z.ZodType<P>;
  apply: (score: number, p: P, sample: Sample) => RewardResult;
}): CompositeDefinition<P> {
  return defineComposite<P>({
    kind: def.kind,
    description: def.description,
    ...(def.source ? { source: def.source } : {}),
    params: def.params,
    capabilities: { ...SHAPING },
    slots: { reward: 'one' },
    run: (samples, children, p) => mapChild(only(children, 'reward'), samples, (score, s) => def.apply(score, p, s)),
  });
}
