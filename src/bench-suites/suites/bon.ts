// Best-of-N re-ranking: does the top-scored response of a prompt hold a correct one (ToolComp rank@1).
import { rankAt1 } from '../../tools/rank-at-1.js';
import { extraFields, promptOf, strList } from '../data/fields.js';
import { type BenchItem, meanCredit, meanOfSubsets, type SuiteFactory } from '../suite.js';

const FIELDS = ['id', 'prompt', 'responses', 'correct', 'subset'];

export const bon: SuiteFactory = () => ({
  name: 'bon',
  description: 'Best-of-N: rank@1, the share of prompts whose top-scored response is correct (ties split the credit)',
  source: 'ToolComp rank@1 (Scale AI 2025)',
  layout: 'prompt, responses [..], correct [bool per response] (subset, id)',
  stepLevel: false,
  pairwise: false,
  parse: (rows) =>
    rows.map(({ where, row }, i): BenchItem<boolean[]> => {
      const extra = extraFields(row, where, FIELDS);
      const responses = strList(row, 'responses', where, 2);
      const correct = row.correct;
      if (!Array.isArray(correct) || correct.length !== responses.length || correct.some((c) => typeof c !== 'boolean'))
        throw new Error(`${where}: "correct" must be a list of ${responses.length} booleans, one per response`);
      return {
        key: String(row.id ?? i + 1),
        where,
        subset: typeof row.subset === 'string' ? row.subset : 'all',
        prompt: promptOf(row, 'prompt', where),
        candidates: responses,
        roles: correct.map((c) => (c ? 'chosen' : 'rejected')),
        label: correct as boolean[],
        extra,
      };
    }),
  outcome(item, scores) {
    const credit =
      scores === null
        ? 0
        : (rankAt1(
            [item.label.map((c: boolean, j: number) => ({ correct: c, orm: scores[j]?.score as number }))],
            'orm',
          ).rankAt1 ?? 0);
    return { credit, unit: { credit } };
  },
  subsetScore: meanCredit,
  headline: (bySubset) => ({
    score: meanCredit(Object.values(bySubset).flat() as Array<{ credit: number }>),
    extra: { macro: meanOfSubsets(bySubset as Record<string, Array<{ credit: number }>>, meanCredit) },
  }),
});
