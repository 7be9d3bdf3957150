// Rubric rewards: Rubrics as Rewards (explicit / implicit), Rubicon critical criteria, HealthBench points.
import { z } from 'zod';
import { defineReward } from '../../core/define.js';
import { scored, unscorable } from '../../core/outcome.js';
import {
  askAll,
  askJudge,
  fenced,
  JUDGE,
  judgeParams,
  messagesOf,
  normalized,
  promptOf,
  RATING_SCHEMA,
  responseOf,
  screened,
  settle,
} from '../engine/call.js';
import { fillTemplate, resolveTemplate, templateParam } from '../engine/templates.js';
import { readRating } from '../parse/verdicts.js';
import { askEachItem, fieldParam, itemAsks, itemsFrom, judgeItems, structuredParam } from './items.js';

const rubricItem = z.strictObject({
  criterion: z.string().min(1),
  weight: z.number().finite().default(1).describe('negative weights mark faults (pitfall criteria)'),
  critical: z.boolean().default(false).describe('unmet critical criterion vetoes the reward to 0 (Rubicon)'),
});
type RubricItem = z.infer<typeof rubricItem>;
const rubricList = z.array(rubricItem).min(1);

/**
 * Weighted share of met criteria (Rubrics as Rewards, Gunjal et al. 2025, explicit aggregation):
 * Σ w_j·met_j / Σ_{w_j>0} w_j, clipped to [0, 1]; negative weights subtract when their fault is present.
 */
export function rubricScore(weights: readonly number[], met: readonly boolean[]): number {
  const positive = weights.reduce((s, w) => s + Math.max(w, 0), 0);
  if (positive === 0) return 0;
  const got = weights.reduce((s, w, i) => s + (met[i] ? w : 0), 0);
  return Math.min(1, Math.max(0, got / positive));
}

export const judgeRubric = defineReward({
  kind: 'rubric',
  description:
    'Rubric reward: weighted criteria judged one by one (explicit) or as a whole (implicit); critical ones veto',
  source: 'Rubrics as Rewards (Gunjal et al. 2025, arXiv 2507.17746); Rubicon critical criteria (veto)',
  params: z.strictObject({
    ...judgeParams,
    field: fieldParam('rubric'),
    rubric: rubricList.optional().describe('the rubric for every sample; reference.rubric of a sample wins'),
    mode: z
      .enum(['explicit', 'implicit'])
      .default('explicit')
      .describe('explicit: one yes/no call per criterion; implicit: one 1-10 rating of the whole rubric'),
    template: templateParam('criterion'),
    holisticTemplate: templateParam('rubric-holistic'),
    structured: structuredParam,
  }),
  capabilities: { ...JUDGE },
  backendsOf: (p) => [p.backend],
  score(sample, p, _ref, ctx) {
    const found = itemsFrom<RubricItem>(sample.reference, p.field, rubricList, p.rubric);
    if ('result' in found) return found.result;
    if ('none' in found) return unscorable('no-reference', 'rubric: no rubric in the reference or params.rubric');
    const items = found.items;
    const response = responseOf(sample, p);
    const settled = screened(ctx, p, response);
    if (settled) return settled;
    const vars = { prompt: promptOf(sample), response: fenced(response) };
    const vetoed = (judged: RubricItem[], met: boolean[]) => {
      const vetoedBy = judged.filter((item, k) => item.critical && !met[k]).map((i) => i.criterion);
      return vetoedBy.length > 0 ? scored(0, { vetoedBy, met }) : undefined;
    };
    const criteria = (list: RubricItem[]) => list.map((i) => i.criterion);
    if (p.mode === 'explicit') {
      const weights = items.map((i) => i.weight);
      const asks = itemAsks(p, p.template, vars, criteria(items));
      return askAll(ctx, p, asks, (met) => vetoed(items, met) ?? scored(rubricScore(weights, met), { met }));
    }
    return settle(async () => {
      const critical = items.filter((i) => i.critical);
      const met = await judgeItems(ctx, p, p.template, vars, criteria(critical));
      const veto = vetoed(critical, met);
      if (veto) return veto;
      const t = resolveTemplate(p.holisticTemplate);
      const rubric = items.map((i) => `- (weight ${i.weight}) ${i.criterion}`).join('\n');
      const v = { ...vars, rubric };
      const messages = messagesOf(fillTemplate(t.system, v), fillTemplate(t.user, v));
      const { value } = await askJudge(
        ctx,
        p,
        messages,
        (f) => readRating(f, 1, 10),
        p.structured ? RATING_SCHEMA : undefined,
      );
      return scored(normalized(value, 1, 10), { rating: value, ...(critical.length ? { criticalMet: met } : {}) });
    });
  },
});

const healthItem = z.strictObject({
  criterion: z.string().min(1),
  points: z
    .number()
    .finite()
    .refine((x) => x !== 0, 'points must not be 0'),
});
type HealthItem = z.infer<typeof healthItem>;
const healthList = z.array(healthItem).min(1);

/** HealthBench (Arora et al. 2025, arXiv 2505.08775): Σ points of met criteria / Σ positive points, clipped to [0, 1]. */
export function healthbenchScore(points: readonly number[], met: readonly boolean[]): number {
  return rubricScore(points, met);
}

export const judgeHealthbench = defineReward({
  kind: 'healthbench-rubric',
  description:
    'HealthBench rubric: points of met criteria (negative ones allowed) over total positive points, clipped to [0, 1]',
  source: 'HealthBench (Arora et al. 2025, arXiv 2505.08775; simple-evals healthbench_eval.py scoring)',
  params: z.strictObject({
    ...judgeParams,
    field: fieldParam('rubric'),
    rubric: healthList.optional().describe('criteria with points for every sample; reference.rubric of a sample wins'),
    template: templateParam('criterion'),
    structured: structuredParam,
  }),
  capabilities: { ...JUDGE },
  backendsOf: (p) => [p.backend],
  score(sample, p, _ref, ctx) {
    const found = itemsFrom<HealthItem>(sample.reference, p.field, healthList, p.rubric);
    if ('result' in found) return found.result;
    if ('none' in found)
      return unscorable('no-reference', 'healthbench-rubric: no rubric in the reference or params.rubric');
    return askEachItem(
      sample,
      ctx,
      p,
      found.items.map((i) => i.criterion),
      (met) => {
        const points = found.items.map((i) => i.points);
        return scored(healthbenchScore(points, met), { met, points });
      },
    );
  },
});
