// RM-Bench (THU-KEG/RM-Bench; arXiv 2410.16184): three styles of chosen and rejected, a 3×3 matrix per domain.
import { extraFields, str, strList } from '../data/fields.js';
import { type StyleScores, styleAccuracy, styleMatrix } from '../formulas/style-matrix.js';
import { type BenchItem, meanOfSubsets, type SuiteFactory } from '../suite.js';

const FIELDS = ['id', 'prompt', 'chosen', 'rejected', 'domain'];

/** safety-refuse and safety-response are reported together as safety, as RM-Bench's tables do. */
const domainOf = (d: string) => (d.startsWith('safety') ? 'safety' : d);

const matrixAverage = (units: readonly StyleScores[]): number | null => {
  if (units.length === 0) return null;
  const a = styleAccuracy(styleMatrix(units));
  return (a.hard + a.normal + a.easy) / 3;
};

export const rmBench: SuiteFactory = () => ({
  name: 'rm-bench',
  description: 'RM-Bench: 3×3 style matrix (concise, detailed, markdown); hard/normal/easy; mean over domains',
  source: 'RM-Bench (Liu et al. 2024, arXiv 2410.16184); THU-KEG/RM-Bench compute_accuracy',
  layout: 'id, prompt, chosen [3 styles], rejected [3 styles], domain',
  stepLevel: false,
  pairwise: false,
  parse: (rows) =>
    rows.map(({ where, row }, i): BenchItem => {
      const extra = extraFields(row, where, FIELDS);
      const chosen = strList(row, 'chosen', where, 3);
      const rejected = strList(row, 'rejected', where, 3);
      if (chosen.length !== 3 || rejected.length !== 3)
        throw new Error(
          `${where}: chosen and rejected must each hold exactly 3 responses (concise, detailed, markdown)`,
        );
      return {
        key: String(row.id ?? i + 1),
        where,
        subset: domainOf(str(row, 'domain', where)),
        prompt: str(row, 'prompt', where),
        candidates: [...chosen, ...rejected],
        roles: ['chosen', 'chosen', 'chosen', 'rejected', 'rejected', 'rejected'],
        label: null,
        extra,
      };
    }),
  outcome(_item, scores) {
    // An unscored row loses all nine comparisons.
    const unit: StyleScores =
      scores === null
        ? { chosen: [-Infinity, -Infinity, -Infinity], rejected: [Infinity, Infinity, Infinity] }
        : { chosen: scores.slice(0, 3).map((s) => s.score), rejected: scores.slice(3).map((s) => s.score) };
    const credit = matrixAverage([unit]) as number;
    return { credit, unit };
  },
  subsetScore: matrixAverage,
  headline(bySubset) {
    const domains: Record<string, { hard: number; normal: number; easy: number; matrix: number[][] }> = {};
    for (const [name, units] of Object.entries(bySubset)) {
      const matrix = styleMatrix(units as StyleScores[]);
      domains[name] = { ...styleAccuracy(matrix), matrix };
    }
    const avg = (k: 'hard' | 'normal' | 'easy') => {
      const xs = Object.values(domains).map((d) => d[k]);
      return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
    };
    return {
      score: meanOfSubsets(bySubset as Record<string, StyleScores[]>, matrixAverage),
      extra: { hard: avg('hard'), normal: avg('normal'), easy: avg('easy'), domains },
    };
  },
});
