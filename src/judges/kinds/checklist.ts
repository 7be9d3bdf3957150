// Checklists (RLCF), binary principles (RLBFF) and OpenRubrics hard rules + principles: yes/no items.
import { z } from 'zod';
import { defineReward } from '../../core/define.js';
import { failed, scored, unscorable } from '../../core/outcome.js';
import {
  allSettledOrThrow,
  askAll,
  fenced,
  JUDGE,
  judgeParams,
  messagesOf,
  promptOf,
  responseOf,
  screened,
  settle,
} from '../engine/call.js';
import { fillTemplate, resolveTemplate, templateParam } from '../engine/templates.js';
import { askEachItem, fieldParam, itemAsks, itemsFrom, probabilityOfYes, structuredParam } from './items.js';

const checkItem = z.union([
  z
    .string()
    .min(1)
    .transform((item) => ({ item, weight: 1 })),
  z.strictObject({ item: z.string().min(1), weight: z.number().positive().default(1) }),
]);
const checkList = z.array(checkItem).min(1);

/** RLCF checklist reward (Viswanathan et al. 2025, arXiv 2507.18624), yes/no reading: Σ w·met / Σ w. */
export const judgeChecklist = defineReward({
  kind: 'checklist',
  description: 'Checklist reward: yes/no items with weights, judged one by one; weighted share of items met',
  source: 'Checklists Are Better Than Reward Models (RLCF; Viswanathan et al. 2025, arXiv 2507.18624), yes/no items',
  params: z.strictObject({
    ...judgeParams,
    field: fieldParam('checklist'),
    checklist: checkList.optional().describe('items for every sample; reference.checklist of a sample wins'),
    template: templateParam('criterion'),
    structured: structuredParam,
  }),
  capabilities: { ...JUDGE },
  backendsOf: (p) => [p.backend],
  score(sample, p, _ref, ctx) {
    const found = itemsFrom(sample.reference, p.field, checkList, p.checklist);
    if ('result' in found) return found.result;
    if ('none' in found) return unscorable('no-reference', 'checklist: no items in the reference or params.checklist');
    return askEachItem(
      sample,
      ctx,
      p,
      found.items.map((i) => i.item),
      (met) => {
        const total = found.items.reduce((s, i) => s + i.weight, 0);
        const got = found.items.reduce((s, i, k) => s + (met[k] ? i.weight : 0), 0);
        return scored(got / total, { met });
      },
    );
  },
});

const principleList = z.array(z.string().min(1)).min(1);

/**
 * Aggregation over principles (RLBFF; mean or product is the closest reading): each value is a verdict (1/0)
 * or P(Yes); `all` is the product (1 only if every verdict is yes).
 */
export function aggregatePrinciples(values: readonly number[], how: 'mean' | 'all'): number {
  if (how === 'all') return values.reduce((a, b) => a * b, 1);
  return values.reduce((a, b) => a + b, 0) / values.length;
}

export const judgePrinciples = defineReward({
  kind: 'judge-principles',
  description: 'Binary principles (RLBFF): is each principle fulfilled (yes/no); mean, or 1 only if all are',
  source: 'RLBFF: Binary Flexible Feedback (Wang et al. 2025, NVIDIA); per-principle yes/no, aggregation ours',
  params: z.strictObject({
    ...judgeParams,
    field: fieldParam('principles'),
    principles: principleList.optional().describe('principles for every sample; reference.principles of a sample wins'),
    aggregate: z
      .enum(['mean', 'all'])
      .default('mean')
      .describe('mean over principles, or all (the product: 1 only if every one is fulfilled)'),
    probability: z
      .boolean()
      .default(false)
      .describe("score each principle by P(Yes) from the first token's top log-probs (RLBFF's reward), not a verdict"),
    minMass: z.number().min(0).max(1).default(0.5).describe('probability: below this mass on Yes/No the call fails'),
    template: templateParam('criterion'),
    probabilityTemplate: templateParam('principle-yes-no'),
    structured: structuredParam,
  }),
  capabilities: { ...JUDGE },
  backendsOf: (p) => [p.backend],
  score(sample, p, _ref, ctx) {
    const found = itemsFrom(sample.reference, p.field, principleList, p.principles);
    if ('result' in found) return found.result;
    if ('none' in found) return unscorable('no-reference', 'judge-principles: no principles in reference or params');
    const response = responseOf(sample, p);
    const settled = screened(ctx, p, response);
    if (settled) return settled;
    const vars = { prompt: promptOf(sample), response: fenced(response) };
    if (p.probability) {
      const t = resolveTemplate(p.probabilityTemplate);
      const calls = found.items.map((criterion) => {
        const v = { ...vars, criterion };
        return probabilityOfYes(ctx, p, messagesOf(fillTemplate(t.system, v), fillTemplate(t.user, v)));
      });
      return settle(async () => {
        const pYes = await allSettledOrThrow(calls);
        return scored(aggregatePrinciples(pYes, p.aggregate), { pYes });
      });
    }
    return askAll(ctx, p, itemAsks(p, p.template, vars, found.items), (met) =>
      scored(aggregatePrinciples(met.map(Number), p.aggregate), { met }),
    );
  },
});

const openRubric = z.strictObject({
  hardRules: z.array(z.string().min(1)).default([]),
  principles: z.array(z.string().min(1)).default([]),
});

export const judgeOpenRubrics = defineReward({
  kind: 'open-rubrics',
  description: 'OpenRubrics: hard rules (any unmet -> 0) then principles (share met), each judged yes/no',
  source: 'OpenRubrics / Rubric-RM (Liu et al. 2025, arXiv 2510.07743), pointwise reading: hard rules take precedence',
  params: z.strictObject({
    ...judgeParams,
    field: fieldParam('rubric'),
    hardRules: z.array(z.string().min(1)).default([]).describe('explicit constraints: any unmet vetoes to 0'),
    principles: z.array(z.string().min(1)).default([]).describe('quality principles: score is the share met'),
    template: templateParam('criterion'),
    structured: structuredParam,
  }),
  capabilities: { ...JUDGE },
  backendsOf: (p) => [p.backend],
  score(sample, p, _ref, ctx) {
    const ref = sample.reference;
    const raw =
      ref && typeof ref === 'object' && !Array.isArray(ref) ? (ref as Record<string, unknown>)[p.field] : undefined;
    let rubric = { hardRules: p.hardRules, principles: p.principles };
    if (raw !== undefined) {
      const parsed = openRubric.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const at = ['reference', p.field, ...(issue?.path ?? []).map(String)].join('.');
        return failed('invalid-reference', `${at}: ${issue?.message ?? 'invalid'}`);
      }
      rubric = parsed.data;
    }
    if (rubric.hardRules.length + rubric.principles.length === 0) {
      return unscorable('no-reference', 'open-rubrics: no hard rules or principles in the reference or params');
    }
    const all = [...rubric.hardRules, ...rubric.principles];
    return askEachItem(sample, ctx, p, all, (met) => {
      const hard = met.slice(0, rubric.hardRules.length);
      const soft = met.slice(rubric.hardRules.length);
      const failedRules = rubric.hardRules.filter((_, k) => !hard[k]);
      if (failedRules.length > 0) return scored(0, { failedRules, met });
      return scored(soft.length ? soft.filter(Boolean).length / soft.length : 1, { met });
    });
  },
});
