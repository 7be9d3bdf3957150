import { z } from 'zod';
import { defineReward } from '../../core/define.js';
import { scored, unscorable } from '../../core/outcome.js';
import { promptText, referenceStrings, responseText, stripReasoning } from '../../core/text.js';
import { cosine, EMBEDDING, embedAll, embedBackendParam } from './vectors.js';

const words = (t: string) => t.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/** Share of the response's word trigrams (words, under 3 words) that occur in the prompt: 1 for a pure echo. */
export function echoShare(prompt: string, response: string): number {
  const grams = (w: string[]) => (w.length < 3 ? w : w.slice(2).map((_, i) => w.slice(i, i + 3).join(' ')));
  const r = grams(words(response));
  if (r.length === 0) return 0;
  const seen = new Set(grams(words(prompt)));
  return r.filter((g) => seen.has(g)).length / r.length;
}

// R³ (Naver 2024; formula NOT FOUND, reconstruction): cos(E(x), E(y)) + λ_ref·cos(E(y), E(y*))
//   − λ_len·max(0, (L − L_target)/L_target) − λ_echo·echo(x, y).
const params = z.strictObject({
  backend: embedBackendParam,
  referenceWeight: z.number().min(0).default(1).describe('λ_ref on cos(response, reference) when the sample has one'),
  lengthWeight: z.number().min(0).default(0).describe('λ_len on the over-length penalty (needs targetWords)'),
  targetWords: z.number().int().min(1).default(200).describe('L_target, in words, for the length regulariser'),
  echoWeight: z.number().min(0).default(1).describe('λ_echo on the share of the response copied from the prompt'),
});

/**
 * R³ regularised relevance reward: the retriever-style relevance of the response to the query (embedding cosine),
 * regularised by similarity to a reference answer, an over-length penalty and a prompt-echo penalty (relevance
 * alone is maximised by repeating the question). Every weight is a reconstruction. Example: `{kind: relevance-r3}`.
 */
export const relevanceR3 = defineReward({
  kind: 'relevance-r3',
  description: 'R³: query–response embedding relevance, regularised by reference similarity, length and prompt echo',
  source:
    'Preference-free Alignment Learning with Regularized Relevance Reward (R³, Naver 2024); regularisers reconstructed',
  params,
  capabilities: EMBEDDING,
  backendsOf: (p) => [p.backend],
  async score(sample, p, _reference, ctx) {
    const prompt = promptText(sample);
    const response = stripReasoning(responseText(sample)).trim();
    if (response === '') return unscorable('empty-response', 'the response is empty');
    if (prompt.trim() === '') return unscorable('missing-input', 'relevance needs a prompt (the query)');
    const ref = referenceStrings(sample.reference).join('\n').trim();
    const useRef = ref !== '' && p.referenceWeight > 0;
    const [x, y, yStar] = (await embedAll(ctx, p.backend, useRef ? [prompt, response, ref] : [prompt, response])) as [
      number[],
      number[],
      number[] | undefined,
    ];
    const relevance = cosine(x, y);
    const refSim = yStar ? cosine(y, yStar) : 0;
    const over = Math.max(0, (words(response).length - p.targetWords) / p.targetWords);
    const echo = echoShare(prompt, response);
    const score = relevance + p.referenceWeight * refSim - p.lengthWeight * over - p.echoWeight * echo;
    return scored(score, { relevance, ...(yStar ? { referenceSimilarity: refSim } : {}), overLength: over, echo });
  },
});
