import { z } from 'zod';
import { defineComposite } from '../../core/define.js';
import { scored, unscorable } from '../../core/outcome.js';
import { responseText } from '../../core/text.js';
import type { RewardResult } from '../../core/types.js';
import { GROUP_CAPS, groupIndices, groupSizeParams, NO_GROUP, sizeProblem } from '../../shaping/groups.js';
import { answerParam, finalAnswerText } from '../answers.js';
import { VOTE_TIMEOUT, voteKeys, voteParams } from './math-votes.js';
import { majority } from './votes.js';

export const minAgreementParam = z
  .number()
  .min(0)
  .max(1)
  .default(0)
  .describe('smallest share of the vote the majority answer needs to become a label; below it the group is unscorable');

const NO_LABEL = (why: string) => unscorable('unparsable-reference', `no pseudo-label: ${why}`);

/**
 * Majority-vote pseudo-label reward (TTRL, Zuo et al. 2025): the most frequent final answer among the rollouts
 * of a prompt is the label; reward 1 when a rollout's answer equals it, else 0. Rollouts without an answer
 * do not vote and score 0; a tie for first or a majority below `minAgreement` gives no label. With
 * `compare: math` answers vote by mathematical equality (TTRL canonicalises answers before counting and grades
 * against the label with its math verifier): `\\frac{1}{2}`, `0.5` and `1/2` are one vote.
 * Example: `{kind: majority-vote, params: {answer: boxed, compare: math}}`.
 */
export const majorityVote = defineComposite({
  kind: 'majority-vote',
  description: 'Majority-vote pseudo-label reward: 1 when the final answer equals the group’s most frequent answer',
  source: 'TTRL (Zuo et al. 2025, test-time RL): majority vote over G rollouts as pseudo-label, binary reward',
  params: z.strictObject({ answer: answerParam, minAgreement: minAgreementParam, ...voteParams, ...groupSizeParams }),
  // cheap, not trivial: compare: math may ask the CAS (as the math reward does).
  capabilities: { ...GROUP_CAPS, cost: 'cheap', bounds: [0, 1] },
  slots: {},
  async run(samples, _children, p, ctx) {
    const texts = samples.map((s) => finalAnswerText(responseText(s), p.answer));
    const out: RewardResult[] = samples.map(() => NO_GROUP('majority-vote'));
    const { groups } = groupIndices(samples);
    for (const [group, members] of groups) {
      const problem = sizeProblem('majority-vote', members.length, members.length, 2, p.groupSize);
      const voted = problem
        ? undefined
        : await voteKeys(
            members.map((i) => texts[i] ?? null),
            p,
            ctx,
          );
      const answers = new Map(members.map((i, k) => [i, voted?.keys[k] ?? null]));
      const vote = voted ? majority(voted.keys) : null;
      const cost = p.compare === 'math' ? { casCalls: voted?.casCalls, undecided: voted?.undecided } : {};
      for (const i of members) {
        if (problem) out[i] = problem;
        else if (voted?.aborted) out[i] = VOTE_TIMEOUT();
        else if (!vote) out[i] = NO_LABEL('no answers, or a tie for the most frequent answer');
        else if (vote.share < p.minAgreement)
          out[i] = NO_LABEL(`the majority holds ${vote.share.toFixed(3)} of the vote, below ${p.minAgreement}`);
        else
          out[i] = scored(answers.get(i) === vote.label ? 1 : 0, {
            group,
            answer: p.compare === 'math' ? (texts[i] ?? null) : (answers.get(i) ?? null),
            label: voted?.labels.get(vote.label) ?? vote.label,
            share: vote.share,
            ...cost,
          });
      }
    }
    return out;
  },
});
