// JudgeBench (ScalerLab/JudgeBench; arXiv 2410.12784): response_A vs response_B with a label, double game.
import { extraFields, str } from '../data/fields.js';
import { decisionOf, doubleGame } from '../formulas/judgebench.js';
import { type BenchItem, meanCredit, type SuiteFactory } from '../suite.js';

const FIELDS = ['pair_id', 'original_id', 'source', 'question', 'response_model', 'response_A', 'response_B', 'label'];

/** Categories as the paper reports them, from `source` (our grouping of the source names). */
export function judgeCategory(source: string): string {
  if (source.startsWith('mmlu-pro')) return 'knowledge';
  if (source.startsWith('livebench-reasoning')) return 'reasoning';
  if (source.startsWith('livebench-math')) return 'math';
  if (source.startsWith('livecodebench')) return 'coding';
  return source;
}

export const judgebench: SuiteFactory = () => ({
  name: 'judgebench',
  description: 'JudgeBench: A vs B against the label; judges play both orders (the double game), RMs one game',
  source: 'JudgeBench (Tan et al. 2024, arXiv 2410.12784); ScalerLab/JudgeBench utils/metrics.py',
  layout: 'pair_id, question, response_A, response_B, label ("A>B" | "B>A"), source (original_id, response_model)',
  stepLevel: false,
  pairwise: true,
  parse: (rows) =>
    rows.map(({ where, row }, i): BenchItem<'A>B' | 'B>A'> => {
      const extra = extraFields(row, where, FIELDS);
      const label = str(row, 'label', where);
      if (label !== 'A>B' && label !== 'B>A')
        throw new Error(`${where}: "label" must be "A>B" or "B>A", got "${label}"`);
      return {
        key: String(row.pair_id ?? i + 1),
        where,
        subset: judgeCategory(row.source === undefined ? 'all' : str(row, 'source', where)),
        prompt: str(row, 'question', where),
        candidates: [str(row, 'response_A', where), str(row, 'response_B', where)],
        roles: label === 'A>B' ? ['chosen', 'rejected'] : ['rejected', 'chosen'],
        label,
        extra,
      };
    }),
  outcome(item, scores) {
    // A pairwise judge has already played both orders: its combined score's side of 0.5 is the counter's sign.
    const result = scores === null ? 'tie' : doubleGame(item.label, [decisionOf(scores[0]!.score, scores[1]!.score)]);
    const credit = result === 'correct' ? 1 : 0;
    return { credit, unit: { credit, result } };
  },
  subsetScore: meanCredit,
  headline: (bySubset) => ({ score: meanCredit(Object.values(bySubset).flat() as Array<{ credit: number }>) }),
});
