// Judge ensembles and the hybrid verifier: composites over judge (and rule) nodes.
import { z } from 'zod';
import { blockingChild, perSample, runChildren } from '../../compose/children.js';
import { defineComposite } from '../../core/define.js';
import { failed, scored } from '../../core/outcome.js';
import type { RewardResult, Sample } from '../../core/types.js';
import { JUDGE } from '../engine/call.js';

/** Mean, or majority of votes (score ≥ threshold); agreement = share of members on the majority side (confidence). */
export function combineVotes(scores: readonly number[], how: 'mean' | 'majority', threshold: number) {
  const yes = scores.filter((s) => s >= threshold).length;
  const no = scores.length - yes;
  const agreement = Math.max(yes, no) / scores.length;
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  const score = how === 'mean' ? mean : yes > no ? 1 : yes < no ? 0 : 0.5;
  return { score, agreement, mean, votes: { yes, no } };
}

export const judgeEnsemble = defineComposite({
  kind: 'judge-ensemble',
  description: 'Ensemble of judges: mean or majority vote of its terms, with agreement as confidence in details',
  source: 'Judge ensembles (MOOSE-Chem2; Verga et al. 2024, panel of LLM evaluators); agreement = majority share',
  params: z.strictObject({
    combine: z.enum(['mean', 'majority']).default('mean'),
    threshold: z.number().default(0.5).describe('a member votes yes when its score is at least this'),
    quorum: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('members that must score (default: all); failed members never count as 0'),
  }),
  capabilities: { ...JUDGE },
  slots: { terms: 'many' },
  async run(samples, children, p) {
    const terms = children.terms ?? [];
    const bySample = perSample(await runChildren(terms, samples), samples.length);
    const need = Math.min(p.quorum ?? terms.length, terms.length);
    return bySample.map((results) => {
      const ok = results.flatMap((r) => (r.status === 'scored' ? [r.score as number] : []));
      if (ok.length < need) {
        return (
          blockingChild(terms, results) ??
          failed('child-failed', `${ok.length} of ${terms.length} judges scored, quorum ${need}`)
        );
      }
      const c = combineVotes(ok, p.combine, p.threshold);
      return scored(c.score, {
        agreement: c.agreement,
        confidence: c.agreement,
        mean: c.mean,
        votes: c.votes,
        members: ok.length,
      });
    });
  },
});

const HYBRID_REASONS = ['no-answer'];
const HYBRID_CODES = ['timeout', 'unparsable-reference'];

/** Rules first; the judge only where the rules cannot decide. `details.path` names what decided. */
export const hybridVerifier = defineComposite({
  kind: 'hybrid-verifier',
  description: 'Rules first (e.g. math), a verifier judge only when the rules cannot decide; details.path says which',
  source: 'Hybrid rule + model rewards (HARMO, arXiv 2510.05283; CompassVerifier / xVerify as the fallback verifier)',
  params: z.strictObject({
    fallbackReasons: z
      .array(z.string().min(1))
      .default(HYBRID_REASONS)
      .describe('details.reason values of a rules result that defer to the judge'),
    fallbackCodes: z
      .array(z.string().min(1))
      .default(HYBRID_CODES)
      .describe('codes of an unscored rules result that defer to the judge'),
  }),
  capabilities: { ...JUDGE },
  slots: { rules: 'one', judge: 'one' },
  async run(samples, children, p) {
    const rules = children.rules?.[0];
    const judge = children.judge?.[0];
    if (!rules || !judge) throw new Error('hybrid-verifier needs "rules" and "judge"');
    const first = await runChildren([rules], samples).then((r) => r[0] as RewardResult[]);
    const defer = (r: RewardResult): boolean =>
      r.status === 'scored'
        ? p.fallbackReasons.includes(String((r.details as { reason?: unknown } | undefined)?.reason))
        : p.fallbackCodes.includes(r.code ?? '');
    const asked = samples.filter((_, i) => defer(first[i] as RewardResult));
    const second = asked.length ? await judge.run(asked as Sample[]) : [];
    let next = 0;
    return first.map((r) => {
      if (!defer(r)) {
        return r.status === 'scored'
          ? scored(r.score as number, { path: 'rules' })
          : (blockingChild([rules], [r]) as RewardResult);
      }
      const j = second[next++] as RewardResult;
      const why = r.status === 'scored' ? String((r.details as { reason?: unknown }).reason) : (r.code ?? '');
      if (j.status !== 'scored')
        return { ...(blockingChild([judge], [j]) as RewardResult), details: { path: 'judge', deferredBecause: why } };
      return scored(j.score as number, { path: 'judge', deferredBecause: why });
    });
  },
});
