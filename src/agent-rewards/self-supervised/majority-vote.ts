import { z } from 'zod';
import { defineComposite } from '../../core/define.js';
import { scored, unscorable } from '../../core/outcome.js';
import { responseText } from '../../core/text.js';
import type { RewardResult } from '../../core/types.js';
import { GROUP_CAPS, groupIndices, groupSizeParams, NO_GROUP, sizeProblem } from '../../shaping/groups.js';
import { answerParam, finalAnswer } from '../answers.js';
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
 * do not vote and score 0; a tie for first or a majority below `minAgreement` gives no label.
 * Example: `{kind: majority-vote, params: {answer: boxed}}`.
 */
export const majorityVote = defineComposite({
  kind: 'majority-vote',
  description: 'Majority-vote pseudo-label reward: 1 when the final answer equals the group’s most frequent answer',
  source: 'TTRL (Zuo et al. 2025, test-time RL): majority vote over G rollouts as pseudo-label, binary reward',
  params: z.strictObject({ answer: answerParam, minAgreement: minAgreementParam, ...groupSizeParams }),
  capabilities: { ...GROUP_CAPS, bounds: [0, 1] },
  slots: {},
  async run(samples, _children, p) {
    const answers = samples.map((s) => finalAnswer(responseText(s), p.answer));
    const out: RewardResult[] = samples.map(() => NO_GROUP('majority-vote'));
    const { groups } = groupIndices(samples);
    for (const [group, members] of groups) {
      const problem = sizeProblem('majority-vote', members.length, members.length, 2, p.groupSize);
      const vote = majority(members.map((i) => answers[i] ?? null));
      for (const i of members) {
        if (problem) out[i] = problem;
        else if (!vote) out[i] = NO_LABEL('no answers, or a tie for the most frequent answer');
        else if (vote.share < p.minAgreement)
          out[i] = NO_LABEL(`the majority holds ${vote.share.toFixed(3)} of the vote, below ${p.minAgreement}`);
        else
          out[i] = scored(answers[i] === vote.label ? 1 : 0, {
            group,
            answer: answers[i],
            label: vote.label,
            share: vote.share,
          });
      }
    }
    return out;
  },
});
