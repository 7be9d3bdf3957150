import { z } from 'zod';
import { defineReward } from '../../core/define.js';
import { scored } from '../../core/outcome.js';
import {
  askAll,
  fenced,
  JUDGE,
  judgeParams,
  messagesOf,
  promptOf,
  responseOf,
  screened,
} from '../../judges/engine/call.js';
import { fillTemplate } from '../../judges/engine/templates.js';
import { readJsonObject } from '../../judges/parse/json-repair.js';
import type { Read } from '../../judges/parse/verdicts.js';
import { agentTemplateParam, resolveAgentTemplate } from './templates.js';

export const DRM_DIMENSIONS = ['confidence', 'relevance', 'coherence'] as const;
type Ratings = Record<(typeof DRM_DIMENSIONS)[number], number>;

/** The three 1–10 ratings from the judge's final JSON; any missing or out of range fails the call. */
export function readDimensions(text: string): Read<Ratings> {
  const json = readJsonObject(text);
  if (!json) return { ok: false };
  const out: Partial<Ratings> = {};
  for (const d of DRM_DIMENSIONS) {
    const v = Number(json[d]);
    if (!Number.isFinite(v) || v < 1 || v > 10) return { ok: false, invalid: `"${d}" is ${JSON.stringify(json[d])}` };
    out[d] = v;
  }
  return { ok: true, value: out as Ratings };
}

const SCHEMA = {
  name: 'drm_dimensions',
  schema: {
    type: 'object',
    properties: Object.fromEntries([
      ['reasoning', { type: 'string' }],
      ...DRM_DIMENSIONS.map((d) => [d, { type: 'integer' }]),
    ]),
    required: ['reasoning', ...DRM_DIMENSIONS],
  },
};

/**
 * DRM reasoning reward ("From <Answer> to <Think>"; details not published — reconstruction): one judge call
 * rates the trace on confidence, relevance and coherence (1–10), each normalised (r − 1)/9; score = weighted
 * mean with `weights`. The reasoning is judged, so `stripThink` defaults to false here.
 * Example: `{kind: drm-dimensions, params: {weights: {confidence: 1, relevance: 1, coherence: 2}}}`.
 */
export const drmDimensions = defineReward({
  kind: 'drm-dimensions',
  description: 'DRM: judge rates the reasoning on confidence, relevance and coherence; weighted mean in [0, 1]',
  source:
    'DRM "From <Answer> to <Think>" multidimensional reasoning reward — dimensions per paper, weighting reconstructed',
  params: z.strictObject({
    ...judgeParams,
    stripThink: z.boolean().default(false).describe('the reasoning is what is judged: kept by default'),
    template: agentTemplateParam('drm-dimensions'),
    weights: z
      .strictObject({
        confidence: z.number().min(0).default(1),
        relevance: z.number().min(0).default(1),
        coherence: z.number().min(0).default(1),
      })
      .default({ confidence: 1, relevance: 1, coherence: 1 })
      .refine((w) => w.confidence + w.relevance + w.coherence > 0, 'at least one weight must be positive'),
  }),
  capabilities: { ...JUDGE },
  backendsOf: (p) => [p.backend],
  score(sample, p, _ref, ctx) {
    const response = responseOf(sample, p);
    const settled = screened(ctx, p, response);
    if (settled) return settled;
    const t = resolveAgentTemplate(p.template);
    const vars = { prompt: promptOf(sample), response: fenced(response) };
    const ask = {
      messages: messagesOf(fillTemplate(t.system, vars), fillTemplate(t.user, vars)),
      read: readDimensions,
      schema: SCHEMA,
    };
    return askAll(ctx, p, [ask], ([r]) => {
      const ratings = r as Ratings;
      const total = DRM_DIMENSIONS.reduce((a, d) => a + p.weights[d], 0);
      const score = DRM_DIMENSIONS.reduce((a, d) => a + (p.weights[d] * (ratings[d] - 1)) / 9, 0) / total;
      return scored(score, { ratings });
    });
  },
});
