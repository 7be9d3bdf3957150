import { z } from 'zod';
import { defineReward, RULE } from '../../core/define.js';
import { scored, unscorable } from '../../core/outcome.js';
import { responseText, stripReasoning } from '../../core/text.js';
import { answerParam, finalAnswer, normalizeAnswer } from '../answers.js';

const masked = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

/**
 * MR-RLVR masked-then-fill reward (reconstruction from memory, paper-methods §20): the prompt shows a solution
 * with spans masked; the policy fills them, one fill per line of its answer, in order. Reward = fraction of
 * fills equal to the masked originals (normalised). A different number of fills than blanks scores 0, so
 * listing candidates cannot hedge. Example: `{kind: mr-rlvr-fill}` with reference `{masked: ["x = 3", "9"]}`.
 */
export const mrRlvrFill = defineReward({
  kind: 'mr-rlvr-fill',
  description: 'MR-RLVR masked-then-fill: fraction of masked spans the answer restores exactly, in order',
  source: 'MR-RLVR (masked-and-reordered RLVR) masked-then-fill process reward — reconstruction',
  params: z.strictObject({ answer: answerParam }),
  reference: z.strictObject({ masked }),
  capabilities: { ...RULE, needsReference: true, bounds: [0, 1] },
  score(sample, p, ref) {
    const gold = (typeof ref.masked === 'string' ? [ref.masked] : ref.masked).map(normalizeAnswer);
    const answer = finalAnswer(responseText(sample), p.answer);
    if (answer === null) return scored(0, { reason: 'no answer' });
    const raw = p.answer === 'answer-tag' ? tagBody(responseText(sample)) : answer;
    const fills =
      gold.length === 1
        ? [answer]
        : raw
            .split('\n')
            .map(normalizeAnswer)
            .filter((f) => f !== '');
    if (fills.length !== gold.length) return scored(0, { reason: `${fills.length} fills for ${gold.length} blanks` });
    const hits = gold.map((g, i) => g === fills[i]);
    return scored(hits.filter(Boolean).length / gold.length, { hits });
  },
});

function tagBody(text: string): string {
  const all = [...stripReasoning(text).matchAll(/<answer>([\s\S]*?)<\/answer>/gi)];
  return all[all.length - 1]?.[1] ?? '';
}

/**
 * MR-RLVR step-reorder reward (reconstruction, paper-methods §20): the prompt shows shuffled steps labelled
 * 1..n; the answer lists the labels in the original order. `exact` gives 1 for the whole order, `positions`
 * the fraction of steps in their place. An answer that is not a permutation of 1..n scores 0.
 * Example: `{kind: mr-rlvr-reorder, params: {mode: positions}}` with reference `{order: [2, 3, 1]}`.
 */
export const mrRlvrReorder = defineReward({
  kind: 'mr-rlvr-reorder',
  description: 'MR-RLVR step reordering: does the answer restore the original order of the shuffled steps',
  source: 'MR-RLVR (masked-and-reordered RLVR) step-reordering process reward — reconstruction',
  params: z.strictObject({
    answer: answerParam,
    mode: z.enum(['exact', 'positions']).default('exact').describe('whole order (1/0) or fraction of steps in place'),
  }),
  reference: z.strictObject({ order: z.array(z.number().int().min(1)).min(2) }),
  capabilities: { ...RULE, needsReference: true, bounds: [0, 1] },
  score(sample, p, ref) {
    const n = ref.order.length;
    if (new Set(ref.order).size !== n || Math.max(...ref.order) !== n)
      return unscorable('unparsable-reference', 'mr-rlvr-reorder: reference.order must be a permutation of 1..n');
    const answer = finalAnswer(responseText(sample), p.answer);
    const labels = (answer ?? '').match(/\d+/g)?.map(Number) ?? [];
    if (labels.length !== n || new Set(labels).size !== n || labels.some((l) => l < 1 || l > n))
      return scored(0, { reason: `the answer is not a permutation of 1..${n}`, labels });
    const placed = labels.filter((l, i) => l === ref.order[i]).length;
    const score = p.mode === 'exact' ? (placed === n ? 1 : 0) : placed / n;
    return scored(score, { labels, placed });
  },
});
