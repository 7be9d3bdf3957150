// Where step-level nodes get their per-step scores, and leaves that read trainer-supplied numbers.
import { z } from 'zod';
import { blockingChild } from '../compose/children.js';
import { defineReward, type NodeHandle, RULE } from '../core/define.js';
import { failed, unscorable } from '../core/outcome.js';
import type { RewardResult, Sample } from '../core/types.js';
import { type Read, readNumber, readNumbers, shaped } from './node.js';

/** Per-step scores of `sample.steps`, naming a bad index. */
export function sampleSteps(sample: Sample): Read<number[]> {
  const steps = sample.steps;
  if (steps === undefined || steps === null) {
    return { ok: false, result: unscorable('no-steps', 'the sample has no steps (per-step scores)') };
  }
  if (!Array.isArray(steps)) return { ok: false, result: failed('invalid-sample', 'steps must be a list of numbers') };
  const bad = steps.findIndex((x) => typeof x !== 'number' || !Number.isFinite(x));
  if (bad >= 0) return { ok: false, result: failed('invalid-sample', `steps[${bad}] must be a finite number`) };
  if (steps.length === 0) return { ok: false, result: unscorable('no-steps', 'the sample has an empty steps list') };
  return { ok: true, value: steps };
}

/**
 * Per-step inputs for every sample: the `steps` child's result steps when the node has one, else
 * `sample.steps`. A child that scores without steps is an error naming it.
 */
export async function stepInputs(
  child: NodeHandle | undefined,
  samples: readonly Sample[],
): Promise<Array<Read<number[]>>> {
  if (!child) return samples.map(sampleSteps);
  const results = await child.run(samples);
  return results.map((r: RewardResult) => {
    const blocking = blockingChild([child], [r]);
    if (blocking) return { ok: false, result: blocking };
    if (!r.steps || r.steps.length === 0) {
      return { ok: false, result: failed('child-failed', `${child.name} returned no per-step rewards`) };
    }
    return { ok: true, value: r.steps };
  });
}

/** Reads per-step scores from `sample.steps` (or `metadata[field]`); scores their sum and passes them on as steps. */
export const stepInput = defineReward({
  kind: 'step-input',
  description: 'Per-step scores supplied with the sample (steps, or a metadata list) as a step-level reward',
  params: z.object({
    field: z.string().optional().describe('read metadata[field] instead of sample.steps'),
  }),
  capabilities: { ...RULE, stepLevel: true },
  score(sample, p) {
    const steps = p.field === undefined ? sampleSteps(sample) : readNumbers(sample, p.field);
    if (!steps.ok) {
      return steps.result.code === 'missing-input' ? unscorable('no-steps', steps.result.message ?? '') : steps.result;
    }
    return shaped(
      steps.value.reduce((a, b) => a + b, 0),
      { count: steps.value.length },
      steps.value,
    );
  },
});

/** A score supplied with the sample in `metadata[field]` (e.g. a reward-model score computed by the trainer). */
export const scoreInput = defineReward({
  kind: 'score-input',
  description: 'A precomputed score read from sample metadata (e.g. a reward-model score)',
  params: z.object({ field: z.string().default('score').describe('metadata field holding the score') }),
  capabilities: { ...RULE },
  score(sample, p) {
    const value = readNumber(sample, p.field);
    return value.ok ? shaped(value.value) : value.result;
  },
});
