import type { ContentPart } from '../core/images.js';
import { malformed } from './failure.js';
import { parseLogprobs, parseVllmPromptLogprobs, type TokenLogprob } from './logprobs.js';

export interface ChatMessage {
  role: string;
  content: string;
}

/** A chat turn as sent: text, or OpenAI content parts (text and `image_url`) for a `vision: true` backend. */
export interface ChatTurn {
  role: string;
  content: string | ContentPart[];
}

/** How many `image_url` parts the turns carry. */
export function imageCount(turns: readonly ChatTurn[]): number {
  let n = 0;
  for (const t of turns) if (Array.isArray(t.content)) for (const p of t.content) if (p.type === 'image_url') n++;
  return n;
}

/** Sampling settings shared by chat and completions; temperature defaults to 0 (graders want determinism). */
export interface SamplingOptions {
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  seed?: number;
  stop?: string[];
  /** Extra body fields sent as they are (e.g. `chat_template_kwargs`, `top_k`). */
  extra?: Record<string, unknown>;
}

/** An OpenAI-compatible chat call. */
export interface ChatRequest extends SamplingOptions {
  messages: ChatTurn[];
  /** Log-probabilities of the generated tokens, with this many alternatives per position (0–20). */
  topLogprobs?: number;
  logprobs?: boolean;
  /**
   * Structured output: the reply must be JSON valid against this schema (`response_format: json_schema`,
   * which vLLM and SGLang enforce by guided decoding). The reply's `json` holds it, parsed.
   */
  jsonSchema?: {
    name: string;
    schema: Record<string, unknown>;
    strict?: boolean;
    /** A reply that is not JSON leaves `json` undefined for the caller to repair, instead of `malformed-reply`. */
    lenient?: boolean;
  };
  /** vLLM: log-probabilities of the prompt tokens (`prompt_logprobs`). */
  promptLogprobs?: number;
  /**
   * Checks a reply before it is used or cached (not sent): throw to reject it. A rejected reply is never
   * cached, so judges that cannot read a verdict do not store it. Cache hits are checked too.
   */
  accept?: (reply: ChatReply) => void;
}

/** An OpenAI-compatible (legacy) completions call. */
export interface CompletionRequest extends SamplingOptions {
  prompt: string;
  /** Log-probabilities of the tokens, with this many alternatives per position. */
  logprobs?: number;
  /** Return the prompt's tokens (with log-probs, when `logprobs` is set) before the completion's. */
  echo?: boolean;
  /** vLLM: log-probabilities of the prompt tokens (`prompt_logprobs`). */
  promptLogprobs?: number;
}

export interface Usage {
  promptTokens: number;
  completionTokens: number;
}

export interface CompletionReply {
  text: string;
  finishReason: string | null;
  /** Generated tokens, when log-probs were asked for and sent; with `echo`, the prompt's tokens come first. */
  logprobs: TokenLogprob[] | undefined;
  /** Prompt tokens (vLLM `prompt_logprobs`). */
  promptLogprobs: TokenLogprob[] | undefined;
  usage: Usage;
}

export interface ChatReply extends CompletionReply {
  /** With `jsonSchema`: the reply parsed as JSON. */
  json?: unknown;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

function sampling(o: SamplingOptions, body: Json): Json {
  body.temperature = o.temperature ?? 0;
  if (o.maxTokens !== undefined) body.max_tokens = o.maxTokens;
  if (o.topP !== undefined) body.top_p = o.topP;
  if (o.seed !== undefined) body.seed = o.seed;
  if (o.stop !== undefined) body.stop = o.stop;
  return body;
}

// Bodies are built field by field in a fixed order: equal requests give equal JSON (the cache key).
export function chatBody(req: ChatRequest, model: string | undefined): Json {
  const body: Json = {};
  if (model) body.model = model;
  body.messages = req.messages;
  sampling(req, body);
  if (req.logprobs || req.topLogprobs !== undefined) {
    body.logprobs = true;
    if (req.topLogprobs !== undefined) body.top_logprobs = req.topLogprobs;
  }
  if (req.promptLogprobs !== undefined) body.prompt_logprobs = req.promptLogprobs;
  if (req.jsonSchema) {
    body.response_format = {
      type: 'json_schema',
      json_schema: { name: req.jsonSchema.name, schema: req.jsonSchema.schema, strict: req.jsonSchema.strict ?? true },
    };
  }
  return req.extra ? Object.assign(body, req.extra) : body;
}

export function completionBody(req: CompletionRequest, model: string | undefined): Json {
  const body: Json = {};
  if (model) body.model = model;
  body.prompt = req.prompt;
  sampling(req, body);
  if (req.logprobs !== undefined) body.logprobs = req.logprobs;
  if (req.echo) body.echo = true;
  if (req.promptLogprobs !== undefined) body.prompt_logprobs = req.promptLogprobs;
  return req.extra ? Object.assign(body, req.extra) : body;
}

function usageOf(json: Json): Usage {
  const u = isObject(json.usage) ? json.usage : {};
  const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  return { promptTokens: n(u.prompt_tokens), completionTokens: n(u.completion_tokens) };
}

function firstChoice(backend: string, json: unknown): { json: Json; choice: Json } {
  if (!isObject(json)) throw malformed(backend, 'the reply is not a JSON object');
  if (!Array.isArray(json.choices) || json.choices.length === 0 || !isObject(json.choices[0])) {
    throw malformed(backend, 'the reply has no choices[0]');
  }
  return { json, choice: json.choices[0] };
}

/** Reads a chat completion; an empty message without log-probs is malformed (there is nothing to grade). */
export function parseChatReply(backend: string, raw: unknown, req: ChatRequest): ChatReply {
  const { json, choice } = firstChoice(backend, raw);
  const message = isObject(choice.message) ? choice.message : undefined;
  if (!message) throw malformed(backend, 'choices[0].message is missing');
  const content = message.content;
  if (content !== null && content !== undefined && typeof content !== 'string') {
    throw malformed(backend, 'choices[0].message.content is not a string');
  }
  const text = content ?? '';
  const logprobs = parseLogprobs(backend, choice.logprobs);
  const wantsLogprobs = req.logprobs || req.topLogprobs !== undefined;
  if (wantsLogprobs && !logprobs?.length) throw malformed(backend, 'log-probs were asked for and none came back');
  if (!wantsLogprobs && text.trim() === '') throw malformed(backend, 'the reply is empty');
  const promptEntries = json.prompt_logprobs ?? choice.prompt_logprobs;
  const promptLogprobs = parseVllmPromptLogprobs(backend, promptEntries, json.prompt_token_ids);
  if (req.promptLogprobs !== undefined && !promptLogprobs) {
    throw malformed(backend, 'prompt log-probs were asked for and none came back (is this vLLM?)');
  }
  const reply: ChatReply = {
    text,
    finishReason: typeof choice.finish_reason === 'string' ? choice.finish_reason : null,
    logprobs,
    promptLogprobs,
    usage: usageOf(json),
  };
  if (req.jsonSchema) {
    try {
      reply.json = JSON.parse(text.trim());
    } catch {
      if (!req.jsonSchema.lenient) throw malformed(backend, `structured output is not JSON: ${text.slice(0, 120)}`);
    }
  }
  req.accept?.(reply);
  return reply;
}

export function parseCompletionReply(backend: string, raw: unknown, req: CompletionRequest): CompletionReply {
  const { json, choice } = firstChoice(backend, raw);
  if (typeof choice.text !== 'string') throw malformed(backend, 'choices[0].text is not a string');
  const logprobs = parseLogprobs(backend, choice.logprobs);
  if (req.logprobs !== undefined && !logprobs?.length) {
    throw malformed(backend, 'log-probs were asked for and none came back');
  }
  const promptLogprobs = parseVllmPromptLogprobs(backend, choice.prompt_logprobs, choice.prompt_token_ids);
  if (req.promptLogprobs !== undefined && !promptLogprobs) {
    throw malformed(backend, 'prompt log-probs were asked for and none came back (is this vLLM?)');
  }
  return {
    text: choice.text,
    finishReason: typeof choice.finish_reason === 'string' ? choice.finish_reason : null,
    logprobs,
    promptLogprobs,
    usage: usageOf(json),
  };
}
