import { type Backends, type CallOptions, type ChatReply, type ChatRequest, malformed } from '../backends/index.js';
import { ratingDistribution } from './logprob-math.js';

export interface RatingAsk {
  messages: Array<{ role: string; content: string }>;
  labels: readonly string[];
  topLogprobs: number;
  minMass: number;
}

type Dist = { p: number[]; mass: number };

const request = (a: RatingAsk): ChatRequest => ({ messages: a.messages, maxTokens: 1, topLogprobs: a.topLogprobs });

function read(name: string, reply: ChatReply, a: RatingAsk): Dist {
  const dist = ratingDistribution(name, reply.logprobs ?? [], a.labels);
  if (dist.mass < a.minMass) {
    throw malformed(name, `only ${dist.mass.toFixed(3)} of the probability is on rating tokens (minMass ${a.minMass})`);
  }
  return dist;
}

/** Asks a chat backend for one rating token and reads the distribution over the labels from its top log-probs. */
export async function rateByLogprobs(
  backends: Backends,
  name: string,
  a: RatingAsk,
  options: CallOptions,
): Promise<Dist> {
  return read(name, await backends.chat(name, request(a), options), a);
}

/** The same from the cache, synchronously; undefined when not cached. */
export function cachedRating(backends: Backends, name: string, a: RatingAsk): Dist | undefined {
  const reply = backends.cachedChat(name, request(a));
  return reply && read(name, reply, a);
}
