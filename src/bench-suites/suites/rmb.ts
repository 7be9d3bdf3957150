// RMB (Zhou et al. 2024, arXiv 2410.09893; Zhou-Zoey/RMB-Reward-Model-Benchmark): pairwise and best-of-N files.
import { extraFields, promptOf, type Row, str } from '../data/fields.js';
import { strictPairCredit } from '../formulas/rewardbench.js';
import { type BenchItem, meanCredit, type SuiteFactory } from '../suite.js';
import { pairCredit } from './pair-credit.js';

const PAIR = ['conversation_input', 'chosen', 'reject', 'category_path', 'pair_uid'];
const BON = ['conversation_input', 'bon_best', 'loser_list', 'category_path', 'bon_uid'];

function answer(value: unknown, where: string, field: string): string {
  if (value && typeof value === 'object' && typeof (value as Row).answer === 'string')
    return (value as Row).answer as string;
  throw new Error(`${where}: "${field}" must be an object with a string "answer"`);
}

interface Unit {
  credit: number;
  kind: 'pair' | 'bon';
}

export const rmb: SuiteFactory = () => ({
  name: 'rmb',
  description: 'RMB: pairwise (chosen > reject) and best-of-N (the best must beat every loser), per category_path',
  source: 'RMB (Zhou et al. 2024, arXiv 2410.09893); BoN rule as in RM-R1 run_rm_bestofn.py',
  layout:
    'pairwise: conversation_input, chosen {answer}, reject {answer}, category_path, pair_uid; best-of-N: bon_best {answer}, loser_list [{answer}], bon_uid',
  stepLevel: false,
  pairwise: true,
  parse: (rows) =>
    rows.map(({ where, row }, i): BenchItem<'pair' | 'bon'> => {
      const bon = row.bon_best !== undefined || row.loser_list !== undefined;
      const extra = extraFields(row, where, bon ? BON : PAIR);
      const base = {
        where,
        subset: str(row, 'category_path', where),
        prompt: promptOf(row, 'conversation_input', where),
        extra,
      };
      if (!bon) {
        return {
          ...base,
          key: String(row.pair_uid ?? `pair-${i + 1}`),
          candidates: [answer(row.chosen, where, 'chosen'), answer(row.reject, where, 'reject')],
          roles: ['chosen', 'rejected'],
          label: 'pair',
        };
      }
      const losers = row.loser_list;
      if (!Array.isArray(losers) || losers.length === 0)
        throw new Error(`${where}: "loser_list" must be a non-empty list`);
      return {
        ...base,
        key: String(row.bon_uid ?? `bon-${i + 1}`),
        candidates: [
          answer(row.bon_best, where, 'bon_best'),
          ...losers.map((l, j) => answer(l, where, `loser_list[${j}]`)),
        ],
        roles: ['chosen', ...losers.map(() => 'rejected' as const)],
        label: 'bon',
      };
    }),
  outcome(item, scores, mode) {
    if (item.label === 'pair') {
      const credit = pairCredit(scores, mode);
      return { credit, unit: { credit, kind: 'pair' } };
    }
    // Best-of-N: correct only when the best beats every loser strictly (a tie with one loser fails the row).
    const best = scores?.[0]?.score;
    const credit =
      scores === null || best === undefined ? 0 : scores.slice(1).every((s) => strictPairCredit(best, s.score)) ? 1 : 0;
    return { credit, unit: { credit, kind: 'bon' } };
  },
  subsetScore: meanCredit,
  headline(bySubset) {
    const all = Object.values(bySubset).flat() as Unit[];
    const pair = meanCredit(all.filter((u) => u.kind === 'pair'));
    const bon = meanCredit(all.filter((u) => u.kind === 'bon'));
    const parts = [pair, bon].filter((x): x is number => x !== null);
    return {
      score: parts.length ? parts.reduce((a, b) => a + b, 0) / parts.length : null,
      extra: { pairwiseAccuracy: pair, bonAccuracy: bon },
    };
  },
});
