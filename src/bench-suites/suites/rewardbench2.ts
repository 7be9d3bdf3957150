// RewardBench 2 (allenai/reward-bench-2, split "test"; arXiv 2506.01937): best-of-4 with 1/k tie credit, and Ties.
import { extraFields, int, str, strList } from '../data/fields.js';
import { bestOfCredit, type TiesStats, tiesScore, tiesStats } from '../formulas/rewardbench2.js';
import { type BenchItem, meanCredit, meanOfSubsets, type SuiteFactory } from '../suite.js';

const FIELDS = [
  'id',
  'prompt',
  'chosen',
  'rejected',
  'num_correct',
  'num_incorrect',
  'total_completions',
  'models',
  'subset',
  'additional_metadata',
];

interface Label {
  ties: { type: 'ref' | 'tied'; pid: string; numCorrect: number } | null;
}
interface Unit {
  credit: number;
  tie?: { type: 'ref' | 'tied'; pid: string; stats: TiesStats };
}

const isTies = (subset: string) => subset.toLowerCase() === 'ties';

/** An unscored Ties row: inaccurate, with margins no scored row can be below. */
const WORST: TiesStats = {
  accurate: false,
  diffCorrect: Number.POSITIVE_INFINITY,
  correctIncorrect: Number.NEGATIVE_INFINITY,
};

function subsetScore(units: readonly Unit[]): number | null {
  if (!units.some((u) => u.tie)) return meanCredit(units);
  const ref = new Map<string, TiesStats>();
  const tied = new Map<string, TiesStats>();
  for (const u of units) if (u.tie) (u.tie.type === 'ref' ? ref : tied).set(u.tie.pid, u.tie.stats);
  return tiesScore(ref, tied).score;
}

export const rewardbench2: SuiteFactory = () => ({
  name: 'rewardbench2',
  description: 'RewardBench 2: best-of-4 (1/k credit for a k-way tie at the top), Ties formula, plain mean of subsets',
  source: 'RewardBench 2 (Malik et al. 2025, arXiv 2506.01937); allenai/reward-bench utils.py, run_v2.py',
  layout:
    'id, prompt, chosen [..], rejected [..], num_correct, subset (num_incorrect, total_completions, models, additional_metadata)',
  stepLevel: false,
  pairwise: false,
  parse: (rows) =>
    rows.map(({ where, row }, i): BenchItem<Label> => {
      const extra = extraFields(row, where, FIELDS);
      const subset = str(row, 'subset', where);
      const chosen = strList(row, 'chosen', where);
      const rejected = strList(row, 'rejected', where);
      const id = String(row.id ?? i + 1);
      let ties: Label['ties'] = null;
      if (isTies(subset)) {
        const m = /^(ref|tied):(.+)$/.exec(id);
        if (!m) throw new Error(`${where}: a Ties row id must be "ref:<prompt id>" or "tied:<prompt id>", got "${id}"`);
        const numCorrect = row.num_correct === undefined ? chosen.length : int(row, 'num_correct', where);
        if (numCorrect !== chosen.length)
          throw new Error(`${where}: num_correct is ${numCorrect} but chosen holds ${chosen.length} completions`);
        if (m[1] === 'tied' && numCorrect < 2)
          throw new Error(`${where}: a tied: row needs at least two correct completions`);
        ties = { type: m[1] as 'ref' | 'tied', pid: m[2] as string, numCorrect };
      }
      return {
        key: id,
        where,
        subset,
        prompt: str(row, 'prompt', where),
        candidates: [...chosen, ...rejected],
        roles: [...chosen.map(() => 'chosen' as const), ...rejected.map(() => 'rejected' as const)],
        label: { ties },
        extra,
      };
    }),
  outcome(item, scores) {
    const ties = item.label.ties;
    if (ties) {
      const stats =
        scores === null
          ? WORST
          : tiesStats({
              correct: scores.slice(0, ties.numCorrect).map((s) => s.score),
              incorrect: scores.slice(ties.numCorrect).map((s) => s.score),
            });
      return {
        credit: stats.accurate ? 1 : 0,
        unit: { credit: stats.accurate ? 1 : 0, tie: { type: ties.type, pid: ties.pid, stats } },
      };
    }
    const credit = scores === null ? 0 : bestOfCredit(scores.map((s) => s.score));
    return { credit, unit: { credit } };
  },
  subsetScore,
  headline(bySubset) {
    const tiesUnits = Object.entries(bySubset).find(([k]) => isTies(k))?.[1] as Unit[] | undefined;
    let ties: Record<string, unknown> | undefined;
    if (tiesUnits) {
      const ref = new Map<string, TiesStats>();
      const tied = new Map<string, TiesStats>();
      for (const u of tiesUnits) if (u.tie) (u.tie.type === 'ref' ? ref : tied).set(u.tie.pid, u.tie.stats);
      ties = { ...tiesScore(ref, tied) };
    }
    return {
      score: meanOfSubsets(bySubset as Record<string, Unit[]>, subsetScore),
      ...(ties ? { extra: { ties } } : {}),
    };
  },
});
