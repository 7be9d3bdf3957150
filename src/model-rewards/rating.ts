import { type Backends, type CallOptions, malformed } from '../backends/index.js';
import { ratingDistribution } from './logprob-math.js';

/** Asks a chat backend for one rating token and reads the distribution over `labels` from its top log-probs. */
export async function rateByLogprobs(
  backends: Backends,
  name: string,
  messages: Array<{ role: string; content: string }>,
  labels: readonly string[],
  o: { topLogprobs: number; minMass: number },
  options: CallOptions,
): Promise<{ p: number[]; mass: number }> {
  const reply = await backends.chat(name, { messages, maxTokens: 1, topLogprobs: o.topLogprobs }, options);
  const dist = ratingDistribution(name, reply.logprobs ?? [], labels);
  if (dist.mass < o.minMass) {
    throw malformed(name, `only ${dist.mass.toFixed(3)} of the probability is on rating tokens (minMass ${o.minMass})`);
  }
  return dist;
}
