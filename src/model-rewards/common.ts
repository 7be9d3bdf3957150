import { z } from 'zod';
import type { Backends, CallOptions, TokenLogprob } from '../backends/index.js';
import type { Capabilities } from '../core/define.js';
import { CHAT_FORMAT_NAMES } from './data.js';

/** Capabilities of a reward that calls a model backend. Not pure: its inputs include a remote model. */
export const MODEL: Capabilities = {
  needsReference: false,
  callsModel: true,
  stepLevel: false,
  groupLevel: false,
  pure: false,
  cost: 'expensive',
};

export const backendParam = (fallback: string, what: string) =>
  z
    .string()
    .regex(/^[\w.-]+$/)
    .default(fallback)
    .describe(`name of the ${what} backend (under "backends:")`);

export const formatParam = z
  .enum(CHAT_FORMAT_NAMES)
  .default('chatml')
  .describe("chat format used to render the conversation as text (the model's own template)");

export const promptLogprobsParam = z
  .enum(['echo', 'vllm'])
  .default('echo')
  .describe('how prompt log-probs are asked for: completions echo (OpenAI legacy, vLLM) or vLLM prompt_logprobs');

/** Log-probs of every token of `text` as a prompt, by completions `echo` or vLLM `prompt_logprobs`. */
export async function promptTokens(
  backends: Backends,
  name: string,
  text: string,
  how: 'echo' | 'vllm',
  options: CallOptions,
): Promise<TokenLogprob[]> {
  const reply =
    how === 'echo'
      ? await backends.completion(name, { prompt: text, maxTokens: 1, echo: true, logprobs: 0 }, options)
      : await backends.completion(name, { prompt: text, maxTokens: 1, promptLogprobs: 0 }, options);
  return (how === 'echo' ? reply.logprobs : reply.promptLogprobs) ?? [];
}
