import { z } from 'zod';
import { defineReward } from '../../core/define.js';
import { scored, unscorable } from '../../core/outcome.js';
import { referenceStrings, responseText, stripReasoning } from '../../core/text.js';
import { cosine, EMBEDDING, embedAll, embedBackendParam } from '../embeddings/vectors.js';

// Mixed-R1 BMAS (arXiv 2505.24164): S(A→B) = mean_{a∈A} max_{b∈B} cos(a, b); BMAS = ½·(S(R→G) + S(G→R)).
export function bmas(response: readonly (readonly number[])[], truth: readonly (readonly number[])[]): number {
  const directed = (a: readonly (readonly number[])[], b: readonly (readonly number[])[]) =>
    a.reduce((s, x) => s + Math.max(...b.map((y) => cosine(x, y))), 0) / a.length;
  return 0.5 * (directed(response, truth) + directed(truth, response));
}

/** Word tokens of a text (a stand-in for the policy tokenizer; the paper's token table is a reconstruction here). */
export const tokensOf = (text: string, max: number): string[] =>
  (text.toLowerCase().match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu) ?? []).slice(0, max);

const params = z.strictObject({
  backend: embedBackendParam,
  maxTokens: z.number().int().min(1).max(4096).default(512).describe('tokens read from each side (longer text is cut)'),
});
const reference = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

/**
 * Mixed-R1 BMAS open-ended reward: every token of the response and the reference is embedded (each distinct token
 * once, by the embeddings backend), and the score is the mean of the two directed max-average cosine similarities.
 * A response repeating one well-matched token scores low: the reference's other tokens find no match in it.
 * Example: `{kind: mixed-bmas, params: {backend: embed}}`, reference `"a dog runs on the beach"`.
 */
export const mixedBmas = defineReward({
  kind: 'mixed-bmas',
  description: 'Mixed-R1 BMAS: bidirectional max-average cosine similarity of response and reference token embeddings',
  source:
    'Mixed-R1 (arXiv 2505.24164): BMAS open-ended reward (word tokens stand in for the tokenizer: reconstruction)',
  params,
  reference,
  capabilities: { ...EMBEDDING, needsReference: true, bounds: [-1, 1] },
  backendsOf: (p) => [p.backend],
  async score(sample, p, ref: z.infer<typeof reference>, ctx) {
    const response = tokensOf(stripReasoning(responseText(sample)), p.maxTokens);
    if (response.length === 0) return unscorable('empty-response', 'the response has no tokens');
    const truth = tokensOf(referenceStrings(ref).join(' '), p.maxTokens);
    if (truth.length === 0) return unscorable('unparsable-reference', 'the reference has no tokens');
    const vocab = [...new Set([...response, ...truth])];
    const rows = await embedAll(ctx, p.backend, vocab);
    const at = new Map(vocab.map((t, i) => [t, rows[i] as number[]]));
    const embed = (tokens: string[]) => tokens.map((t) => at.get(t) as number[]);
    return scored(bmas(embed(response), embed(truth)), {
      responseTokens: response.length,
      referenceTokens: truth.length,
    });
  },
});
