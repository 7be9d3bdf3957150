import { z } from 'zod';
import { defineComposite } from '../../core/define.js';
import { scored, unscorable } from '../../core/outcome.js';
import { responseText } from '../../core/text.js';
import type { RewardResult } from '../../core/types.js';
import { GROUP_CAPS, groupIndices, NO_GROUP } from '../../shaping/groups.js';
import { answerParam, finalAnswerText } from '../answers.js';
import { minAgreementParam } from './majority-vote.js';
import { VOTE_TIMEOUT, voteKeys, voteParams } from './math-votes.js';
import { majority } from './votes.js';

/**
 * Co-Reward cross-view reward (reconstruction from memory, paper-methods §20): rollouts of a question and of
 * its rephrase share a `group`; `metadata[viewField]` says which view. Each rollout's label is the majority
 * answer of the *other* view, so a view cannot reward itself by agreeing internally. `compare: math` votes by
 * mathematical equality, across both views (`0.5` in one view agrees with `\\frac{1}{2}` in the other).
 * Example: `{kind: co-reward, params: {answer: boxed, viewField: view}}`.
 */
export const coReward = defineComposite({
  kind: 'co-reward',
  description: 'Co-Reward: 1 when the answer equals the majority answer of the rollouts of the rephrased question',
  source: 'Co-Reward (self-supervised RL via contrastive agreement; cross-referenced majority vote) — reconstruction',
  params: z.strictObject({
    answer: answerParam,
    viewField: z.string().min(1).default('view').describe('metadata field naming the view (two distinct values)'),
    minAgreement: minAgreementParam,
    ...voteParams,
  }),
  capabilities: { ...GROUP_CAPS, cost: 'cheap', bounds: [0, 1] },
  slots: {},
  async run(samples, _children, p, ctx) {
    const texts = samples.map((s) => finalAnswerText(responseText(s), p.answer));
    const views = samples.map((s) => s.metadata?.[p.viewField]);
    const out: RewardResult[] = samples.map(() => NO_GROUP('co-reward'));
    for (const [group, members] of groupIndices(samples).groups) {
      const names = [...new Set(members.map((i) => String(views[i] ?? '')))];
      if (names.length !== 2 || names.includes('') || names.includes('undefined')) {
        const why = `co-reward: group "${group}" needs rollouts of exactly two views in metadata.${p.viewField}, got [${names.join(', ')}]`;
        for (const i of members) out[i] = unscorable('missing-input', why);
        continue;
      }
      const voted = await voteKeys(
        members.map((i) => texts[i] ?? null),
        p,
        ctx,
      );
      const answers: Array<string | null> = [];
      members.forEach((i, k) => {
        answers[i] = voted.keys[k] ?? null;
      });
      const votes = new Map(
        names.map((v) => [v, majority(members.filter((i) => String(views[i]) === v).map((i) => answers[i] ?? null))]),
      );
      if (voted.aborted) {
        for (const i of members) out[i] = VOTE_TIMEOUT();
        continue;
      }
      for (const i of members) {
        const other = names.find((v) => v !== String(views[i])) as string;
        const vote = votes.get(other);
        if (!vote || vote.share < p.minAgreement) {
          out[i] = unscorable(
            'unparsable-reference',
            `co-reward: view "${other}" gives no majority answer to score against`,
          );
        } else {
          out[i] = scored(answers[i] === vote.label ? 1 : 0, {
            group,
            view: String(views[i]),
            answer: p.compare === 'math' ? (texts[i] ?? null) : (answers[i] ?? null),
            label: voted.labels.get(vote.label) ?? vote.label,
            share: vote.share,
          });
        }
      }
    }
    return out;
  },
});
