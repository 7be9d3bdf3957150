import { z } from 'zod';
import { blockingChild, perSample, runChildren } from '../compose/children.js';
import { defineComposite } from '../core/define.js';
import { failed, unscorable } from '../core/outcome.js';
import type { Sample } from '../core/types.js';
import { logSigmoid, mean, normalQuantile, quantile, stdDev } from './math.js';
import { defineTransform, type Read, SHAPING, shaped } from './node.js';

const estimation = {
  scoresField: z
    .string()
    .default('reference_scores')
    .describe('metadata field with r_ref itself (a number) or reward scores of base-policy samples (a list)'),
  estimator: z
    .enum(['normal', 'empirical'])
    .default('normal')
    .describe('normal fit μ + Φ⁻¹(q)σ (population σ), or the empirical quantile (linear interpolation)'),
  q: z.number().gt(0).lt(1).default(0.85).describe('quantile of the reference scores taken as r_ref'),
};

interface Estimation {
  estimator: 'normal' | 'empirical';
  q: number;
}

/** r_ref from a list of reference scores (Wang et al. 2024, §3: a quantile of π0's reward distribution). */
export function estimateReference(scores: readonly number[], p: Estimation): number {
  if (p.estimator === 'empirical') return quantile(scores, p.q);
  return mean(scores) + normalQuantile(p.q) * stdDev(scores, 'population');
}

/** Reads r_ref from a metadata value: a number is r_ref itself, a list of scores is estimated. */
function referenceFrom(value: unknown, where: string, p: Estimation): Read<number> {
  if (value === undefined || value === null) {
    return { ok: false, result: unscorable('missing-input', `no reference reward: set params.ref or ${where}`) };
  }
  if (typeof value === 'number' && Number.isFinite(value)) return { ok: true, value };
  if (Array.isArray(value) && value.length > 0 && value.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    return { ok: true, value: estimateReference(value, p) };
  }
  return { ok: false, result: failed('invalid-sample', `${where} must be a number or a non-empty list of numbers`) };
}

/**
 * Log-sigmoid centring (Wang et al. 2024, eq. 3.1): u = log σ(r − r_ref). r_ref is `ref`, or read per
 * prompt from `metadata[scoresField]` (a number, or base-policy scores reduced to their q-quantile).
 */
export const logSigmoidCentered = defineTransform({
  kind: 'log-sigmoid-centered',
  description: 'log σ(r − r_ref): concave, ≤ 0, saturating reward transform centred on a reference reward',
  source: 'Wang et al. 2024, Transforming and Combining Rewards for Aligning LLMs (arXiv 2402.00742)',
  params: z.object({ ref: z.number().optional().describe('a fixed r_ref for every prompt'), ...estimation }),
  apply: (r, p, sample) => {
    const ref = p.ref !== undefined ? ({ ok: true, value: p.ref } as const) : refFromSample(sample, p);
    if (!ref.ok) return ref.result;
    return shaped(logSigmoid(r - ref.value), { input: r, ref: ref.value });
  },
});

function refFromSample(sample: Sample, p: Estimation & { scoresField: string }): Read<number> {
  return referenceFrom(sample.metadata?.[p.scoresField], `metadata.${p.scoresField}`, p);
}

/**
 * Sum of log-sigmoid-centred rewards = log P(good on every property) under independence: a soft logical AND
 * (Wang et al. 2024, §4). Each term's r_ref is `refs[name]`, else `metadata[scoresField][name]`.
 * Weighted terms contribute w·log σ(rᵢ − refᵢ); weight-0 terms are logged only.
 */
export const logSigmoidSum = defineComposite({
  kind: 'log-sigmoid-sum',
  description: 'Σ log σ(rᵢ − refᵢ): combine rewards as a logical AND (all properties good)',
  source: 'Wang et al. 2024, Transforming and Combining Rewards for Aligning LLMs (arXiv 2402.00742)',
  params: z.object({
    refs: z.record(z.string(), z.number()).default({}).describe('r_ref per term name'),
    ...estimation,
  }),
  capabilities: { ...SHAPING },
  slots: { terms: 'many' },
  async run(samples, children, p) {
    const terms = children.terms ?? [];
    const active = terms.filter((t) => t.weight !== 0);
    const byChild = await runChildren(terms, samples);
    return perSample(byChild, samples.length).map((results, s) => {
      const blocking = blockingChild(
        active,
        results.filter((_, i) => terms[i]?.weight !== 0),
      );
      if (blocking) return blocking;
      const sample = samples[s] as Sample;
      const table = sample.metadata?.[p.scoresField];
      let total = 0;
      const parts: Record<string, { input: number; ref: number; term: number }> = {};
      for (let i = 0; i < terms.length; i++) {
        const term = terms[i];
        if (!term || term.weight === 0) continue;
        const r = results[i]?.score as number;
        const given = p.refs[term.name];
        const ref =
          given !== undefined
            ? ({ ok: true, value: given } as const)
            : referenceFrom(
                table && typeof table === 'object' && !Array.isArray(table)
                  ? (table as Record<string, unknown>)[term.name]
                  : undefined,
                `metadata.${p.scoresField}.${term.name}`,
                p,
              );
        if (!ref.ok) return ref.result;
        const value = logSigmoid(r - ref.value);
        parts[term.name] = { input: r, ref: ref.value, term: value };
        total += (term.weight ?? 1) * value;
      }
      return shaped(total, { terms: parts });
    });
  },
});
