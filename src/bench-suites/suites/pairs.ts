// Any preference file (RAG-RewardBench, HelpSteer2-Preference, your own): chosen vs rejected, strict >.
import type { Message } from '../../core/types.js';
import { extraFields, promptOf, type Row } from '../data/fields.js';
import { type BenchItem, meanCredit, meanOfSubsets, type SuiteFactory } from '../suite.js';
import { pairCredit } from './pair-credit.js';

const FIELDS = ['id', 'prompt', 'chosen', 'rejected', 'subset'];

/** A response: a string, or a whole conversation whose last message is the response (the TRL/HF convention). */
function response(row: Row, field: string, where: string): { text: string; before?: Message[] } {
  const v = row[field];
  if (typeof v === 'string') return { text: v };
  if (Array.isArray(v) && v.length > 0) {
    const last = v[v.length - 1] as Message;
    if (last && typeof last.content === 'string') return { text: last.content, before: v.slice(0, -1) as Message[] };
  }
  throw new Error(`${where}: "${field}" must be a string or a conversation ending in the response`);
}

export const pairs: SuiteFactory = () => ({
  name: 'pairs',
  description: 'Preference pairs: chosen must score strictly higher than rejected; overall and macro accuracy',
  source: 'RewardBench pair rule (arXiv 2403.13787) on any preference file',
  layout: 'prompt (or conversations in chosen/rejected), chosen, rejected (subset, id)',
  stepLevel: false,
  pairwise: true,
  parse: (rows) =>
    rows.map(({ where, row }, i): BenchItem => {
      const extra = extraFields(row, where, FIELDS);
      const chosen = response(row, 'chosen', where);
      const rejected = response(row, 'rejected', where);
      const prompt = row.prompt !== undefined ? promptOf(row, 'prompt', where) : chosen.before;
      if (prompt === undefined) throw new Error(`${where}: no "prompt" (and chosen is not a conversation)`);
      return {
        key: String(row.id ?? i + 1),
        where,
        subset: typeof row.subset === 'string' ? row.subset : 'all',
        prompt,
        candidates: [chosen.text, rejected.text],
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
  headline: (bySubset) => ({
    score: meanCredit(Object.values(bySubset).flat() as Array<{ credit: number }>),
    extra: { macro: meanOfSubsets(bySubset as Record<string, Array<{ credit: number }>>, meanCredit) },
  }),
});
