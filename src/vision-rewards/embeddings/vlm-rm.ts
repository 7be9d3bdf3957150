import { z } from 'zod';
import { defineReward } from '../../core/define.js';
import { failed, scored, unscorable } from '../../core/outcome.js';
import { responseText, stripReasoning } from '../../core/text.js';
import { dot, EMBEDDING, embedAll, embedBackendParam, lastImage, mean, unit, vector } from './vectors.js';

// VLM-RM (Rocamonde et al., arXiv 2310.12921; AlignmentResearch/vlmrm reward_model.py):
// g = mean unit(T_i), b = mean unit(B_j), d = g − b, P = α·ddᵀ/‖d‖² + (1−α)·I, R(s) = 1 − ½‖(unit(s) − g)P‖².
export function vlmRmReward(
  state: readonly number[],
  goal: readonly number[],
  baseline: readonly number[],
  alpha: number,
): number {
  const s = unit(state);
  const x = s.map((v, i) => v - (goal[i] as number));
  const d = goal.map((v, i) => v - (baseline[i] as number));
  const dd = dot(d, d);
  const k = dd === 0 ? 0 : (alpha * dot(x, d)) / dd; // x·P = (1−α)x + α(x·d / d·d)d, P symmetric
  const xp = x.map((v, i) => (1 - alpha) * v + k * (d[i] as number));
  return 1 - 0.5 * dot(xp, xp);
}

/** The goal (or baseline) direction: the mean of the unit prompt embeddings, not re-normalised (as vlmrm does). */
export const promptMean = (rows: readonly (readonly number[])[]): number[] => mean(rows.map(unit));

const texts = z.array(z.string().min(1)).min(1).max(64);
const params = z
  .strictObject({
    backend: embedBackendParam,
    goal: texts.optional().describe('target prompts T, embedded by the backend ("a humanoid robot kneeling")'),
    baseline: texts.optional().describe('baseline prompts B, as many as goal ("a humanoid robot")'),
    goalEmbeddings: z.array(vector).min(1).optional().describe('target prompt embeddings, instead of goal texts'),
    baselineEmbeddings: z.array(vector).min(1).optional().describe('baseline prompt embeddings, instead of texts'),
    alpha: z
      .number()
      .min(0)
      .max(1)
      .default(0.5)
      .describe('projection strength α: 0 plain CLIP reward, 1 goal–baseline line only'),
    stateField: z
      .string()
      .min(1)
      .default('embedding')
      .describe('metadata field with the state (frame) embedding; without it an image, else the response text'),
    stateImage: z
      .enum(['response', 'prompt', 'none'])
      .default('response')
      .describe('with no supplied embedding, embed the last image of the response (or prompt); none: text only'),
  })
  .refine((p) => (p.goal ? 1 : 0) + (p.goalEmbeddings ? 1 : 0) === 1, {
    message: 'give exactly one of goal, goalEmbeddings',
    path: ['goal'],
  })
  .refine((p) => (p.baseline ? 1 : 0) + (p.baselineEmbeddings ? 1 : 0) === 1, {
    message: 'give exactly one of baseline, baselineEmbeddings',
    path: ['baseline'],
  })
  .refine((p) => (p.goal ?? p.goalEmbeddings)?.length === (p.baseline ?? p.baselineEmbeddings)?.length, {
    message: 'goal and baseline must have as many prompts (vlmrm requires len(T) == len(B))',
    path: ['baseline'],
  });

/**
 * VLM-RM goal–baseline projection reward on embeddings: the state embedding (`metadata.embedding`, e.g. a CLIP
 * frame embedding, or the backend's embedding of the response) is scored 1 − ½‖(s − g)P‖², in [−1, 1].
 * Example: `{kind: vlm-rm, params: {goal: ["a humanoid robot kneeling"], baseline: ["a humanoid robot"], alpha: 0.5}}`.
 */
export const vlmRm = defineReward({
  kind: 'vlm-rm',
  description: 'VLM-RM: goal–baseline projected CLIP-style reward 1 − ½‖(s − g)P‖² on supplied or backend embeddings',
  source: 'Vision-Language Models are Zero-Shot Reward Models (arXiv 2310.12921); AlignmentResearch/vlmrm',
  params,
  capabilities: { ...EMBEDDING, bounds: [-1, 1] },
  backendsOf: (p) => (p.goal || p.baseline ? [p.backend] : []),
  async score(sample, p, _reference, ctx) {
    const supplied = sample.metadata?.[p.stateField];
    const parsed = supplied === undefined ? undefined : vector.safeParse(supplied);
    if (parsed && !parsed.success) return failed('invalid-sample', `metadata.${p.stateField} is not a list of numbers`);
    const image = parsed || p.stateImage === 'none' ? undefined : lastImage(sample, p.stateImage);
    const text = stripReasoning(responseText(sample)).trim();
    if (!parsed && !image && text === '')
      return unscorable('empty-response', `no metadata.${p.stateField}, no image and an empty response`);
    const state = parsed ? [] : [image ? { image: image.url } : text];
    const asked = [...(p.goal ?? []), ...(p.baseline ?? []), ...state];
    const rows = await embedAll(ctx, p.backend, asked);
    const nGoal = p.goal?.length ?? 0;
    const nBase = p.baseline?.length ?? 0;
    const goalRows = p.goalEmbeddings ?? rows.slice(0, nGoal);
    const baseRows = p.baselineEmbeddings ?? rows.slice(nGoal, nGoal + nBase);
    const s = parsed?.data ?? (rows.at(-1) as number[]);
    if (![...goalRows, ...baseRows].every((r) => r.length === s.length))
      return failed(
        'invalid-sample',
        `the state embedding has ${s.length} dimensions; every prompt embedding must too`,
      );
    const from = parsed ? 'metadata' : image ? image.path : 'response-text';
    return scored(vlmRmReward(s, promptMean(goalRows), promptMean(baseRows), p.alpha), { alpha: p.alpha, state: from });
  },
});
