// RewardBench 1 (allenai/reward-bench, split "filtered"; arXiv 2403.13787): rows {prompt, chosen, rejected, subset, id}.
import { extraFields, str } from '../data/fields.js';
import { RB1_PRIOR_SETS, RB1_SECTIONS, rb1Overall, rb1Sections } from '../formulas/rewardbench.js';
import { type BenchItem, meanCredit, type SuiteFactory } from '../suite.js';
import { pairCredit } from './pair-credit.js';

const FIELDS = ['id', 'prompt', 'chosen', 'rejected', 'subset', 'chosen_model', 'rejected_model'];
const CORE = new Set(Object.values(RB1_SECTIONS).flat());

export const rewardbench: SuiteFactory = () => ({
  name: 'rewardbench',
  description: 'RewardBench 1: chosen vs rejected, strict >, section weights (math-prm counted 984), prior sets 0.5',
  source: 'RewardBench (Lambert et al. 2024, arXiv 2403.13787); allenai/reward-bench constants.py, utils.py',
  layout: 'prompt, chosen, rejected, subset, id (chosen_model, rejected_model)',
  stepLevel: false,
  pairwise: true,
  parse: (rows) =>
    rows.map(({ where, row }, i): BenchItem => {
      const extra = extraFields(row, where, FIELDS);
      return {
        key: String(row.id ?? i + 1),
        where,
        subset: str(row, 'subset', where),
        prompt: str(row, 'prompt', where),
        candidates: [str(row, 'chosen', where), str(row, 'rejected', where)],
        roles: ['chosen', 'rejected'],
        label: null,
        extra,
      };
    }),
  outcome: (_item, scores, mode) => {
    const credit = pairCredit(scores, mode);
    return { credit, unit: { credit } };
  },
  subsetScore: meanCredit,
  headline(bySubset) {
    const accuracy: Record<string, number> = {};
    for (const [name, units] of Object.entries(bySubset)) {
      const acc = meanCredit(units as Array<{ credit: number }>);
      if (acc !== null) accuracy[name] = acc;
    }
    const sections = rb1Sections(accuracy);
    const prior = Object.fromEntries(Object.entries(accuracy).filter(([k]) => RB1_PRIOR_SETS.includes(k)));
    const overall = rb1Overall(sections, prior);
    const other = Object.keys(accuracy).filter((k) => !CORE.has(k) && !RB1_PRIOR_SETS.includes(k));
    return {
      score: overall.score,
      extra: { sections, priorSets: overall.prior, ...(other.length ? { outsideSections: other } : {}) },
    };
  },
});
