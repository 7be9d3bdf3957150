import { malformed } from './failure.js';

/** One token with its log-probability and, when asked for, the most likely alternatives at its position. */
export interface TokenLogprob {
  token: string;
  /** Null for the first prompt token, which has no context to be predicted from. */
  logprob: number | null;
  /** Character offset of the token in the text it belongs to, when the server says. */
  offset?: number;
  top: Array<{ token: string; logprob: number }>;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const finiteOrNull = (v: unknown): v is number | null => v === null || (typeof v === 'number' && Number.isFinite(v));

/** OpenAI chat shape: `logprobs.content[] = {token, logprob, top_logprobs: [{token, logprob}]}` (also llama.cpp). */
function chatShape(backend: string, content: unknown[]): TokenLogprob[] {
  return content.map((entry, i) => {
    if (!isObject(entry) || typeof entry.token !== 'string' || !finiteOrNull(entry.logprob)) {
      throw malformed(backend, `logprobs.content[${i}] is not {token, logprob}`);
    }
    const top = Array.isArray(entry.top_logprobs) ? entry.top_logprobs : [];
    return {
      token: entry.token,
      logprob: entry.logprob,
      top: top.map((t, j) => {
        if (!isObject(t) || typeof t.token !== 'string' || typeof t.logprob !== 'number') {
          throw malformed(backend, `logprobs.content[${i}].top_logprobs[${j}] is not {token, logprob}`);
        }
        return { token: t.token, logprob: t.logprob };
      }),
    };
  });
}

/** Completions shape (OpenAI legacy, vLLM): `{tokens[], token_logprobs[], top_logprobs[{tok: lp}], text_offset[]}`. */
function completionShape(backend: string, lp: Json): TokenLogprob[] {
  const { tokens, token_logprobs: values, top_logprobs: tops, text_offset: offsets } = lp;
  if (!Array.isArray(tokens) || !Array.isArray(values) || values.length !== tokens.length) {
    throw malformed(backend, 'logprobs.tokens and logprobs.token_logprobs are missing or of different lengths');
  }
  return tokens.map((token, i) => {
    const value = values[i];
    if (typeof token !== 'string' || !finiteOrNull(value)) {
      throw malformed(backend, `logprobs.tokens[${i}] / token_logprobs[${i}] are not a token and a number`);
    }
    const topAt = Array.isArray(tops) ? tops[i] : undefined;
    const top = isObject(topAt)
      ? Object.entries(topAt).map(([t, v]) => {
          if (typeof v !== 'number') throw malformed(backend, `logprobs.top_logprobs[${i}]["${t}"] is not a number`);
          return { token: t, logprob: v };
        })
      : [];
    const offset = Array.isArray(offsets) ? offsets[i] : undefined;
    return typeof offset === 'number' ? { token, logprob: value, offset, top } : { token, logprob: value, top };
  });
}

/** Reads a choice's `logprobs` in either shape; undefined when the server sent none. */
export function parseLogprobs(backend: string, logprobs: unknown): TokenLogprob[] | undefined {
  if (logprobs === undefined || logprobs === null) return undefined;
  if (!isObject(logprobs)) throw malformed(backend, 'logprobs is not an object');
  if (Array.isArray(logprobs.content)) return chatShape(backend, logprobs.content);
  if (Array.isArray(logprobs.tokens)) return completionShape(backend, logprobs);
  if (logprobs.content === null) return undefined;
  throw malformed(backend, 'logprobs has neither content[] (chat shape) nor tokens[] (completions shape)');
}

/**
 * vLLM `prompt_logprobs`: one entry per prompt token, null for the first, else `{token_id: {logprob, rank,
 * decoded_token}}`. We ask for 0 alternatives, so each entry holds the prompt token itself; with more, the
 * token id from `prompt_token_ids` picks it.
 */
export function parseVllmPromptLogprobs(
  backend: string,
  entries: unknown,
  tokenIds?: unknown,
): TokenLogprob[] | undefined {
  if (entries === undefined || entries === null) return undefined;
  if (!Array.isArray(entries)) throw malformed(backend, 'prompt_logprobs is not an array');
  return entries.map((entry, i): TokenLogprob => {
    if (entry === null) return { token: '', logprob: null, top: [] };
    if (!isObject(entry)) throw malformed(backend, `prompt_logprobs[${i}] is not an object`);
    const ids = Object.keys(entry);
    const wanted = Array.isArray(tokenIds) ? String(tokenIds[i]) : undefined;
    const id = wanted !== undefined && ids.includes(wanted) ? wanted : ids[0];
    const chosen = id === undefined ? undefined : entry[id];
    if (!isObject(chosen) || typeof chosen.logprob !== 'number') {
      throw malformed(backend, `prompt_logprobs[${i}] has no {logprob} entry`);
    }
    return {
      token: typeof chosen.decoded_token === 'string' ? chosen.decoded_token : '',
      logprob: chosen.logprob,
      top: [],
    };
  });
}
