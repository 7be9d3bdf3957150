import { z } from 'zod';
import { defineReward } from '../../core/define.js';
import { scored } from '../../core/outcome.js';
import { responseText, stripReasoning } from '../../core/text.js';
import { cosine, EMBEDDING, embedAll, embedBackendParam } from './vectors.js';

const VERDICT = /\[\[\s*(A|B|tie)\s*\]\]/gi;

/** The one verdict tag of a generative RM reply (`[[A]]`, `[[B]]`, `[[tie]]`); null when none or several differ. */
export function verdictOf(text: string): 'a' | 'b' | 'tie' | null {
  const tags = new Set([...text.matchAll(VERDICT)].map((m) => (m[1] as string).toLowerCase() as 'a' | 'b' | 'tie'));
  return tags.size === 1 ? ([...tags][0] as 'a' | 'b' | 'tie') : null;
}

// RM-NLHF closest reading (paper-methods §20, NOT FOUND): R = (1[verdict correct] + λ·max(0, cos(E(c), E(c*)))) / (1 + λ).
export function critiqueReward(correct: boolean, similarity: number, lambda: number): number {
  return ((correct ? 1 : 0) + lambda * Math.max(0, similarity)) / (1 + lambda);
}

const params = z.strictObject({
  backend: embedBackendParam,
  lambda: z.number().min(0).max(10).default(0.5).describe('λ, weight of critique similarity against the verdict'),
  similarityWhenWrong: z
    .boolean()
    .default(false)
    .describe('count critique similarity when the verdict is wrong (false: a wrong verdict scores 0)'),
});
const reference = z.strictObject({
  verdict: z.enum(['A', 'B', 'tie', 'a', 'b']),
  critique: z.string().min(1),
});

/**
 * RM-NLHF critique-similarity reward for a generative reward model: its reply ends with one verdict tag; the score
 * is the verdict's correctness plus λ times the embedding similarity of its critique (the reply without the tag)
 * to the human critique, over 1 + λ. Two different tags (hedging) count as no verdict.
 * Example: `{kind: critique-similarity, params: {lambda: 0.5}}`, reference `{verdict: A, critique: "..."}`.
 */
export const critiqueSimilarity = defineReward({
  kind: 'critique-similarity',
  description: 'RM-NLHF: verdict correctness plus λ·similarity of the critique to the human critique, over 1 + λ',
  source: 'RM-NLHF (reward models from natural-language human feedback); combination is a reconstruction',
  params,
  reference,
  capabilities: { ...EMBEDDING, needsReference: true, bounds: [0, 1] },
  backendsOf: (p) => [p.backend],
  async score(sample, p, ref: z.infer<typeof reference>, ctx) {
    const reply = stripReasoning(responseText(sample));
    const verdict = verdictOf(reply);
    if (!verdict) return scored(0, { reason: 'no-verdict' });
    const correct = verdict === ref.verdict.toLowerCase();
    const critique = reply.replace(VERDICT, '').trim();
    if (!correct && !p.similarityWhenWrong) return scored(0, { verdict, correct });
    if (critique === '')
      return scored(critiqueReward(correct, 0, p.lambda), { verdict, correct, reason: 'no-critique' });
    const [c, h] = (await embedAll(ctx, p.backend, [critique, ref.critique])) as [number[], number[]];
    const similarity = cosine(c, h);
    return scored(critiqueReward(correct, similarity, p.lambda), { verdict, correct, similarity });
  },
});
