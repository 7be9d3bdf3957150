import { cacheKey, type ResponseCache } from './cache.js';
import { BACKEND_APIS, type BackendConfig } from './config.js';
import { BackendFailure, malformed } from './failure.js';
import { Gate } from './gate.js';
import { type FetchLike, postJson } from './http.js';
import {
  type ChatReply,
  type ChatRequest,
  type CompletionReply,
  type CompletionRequest,
  chatBody,
  completionBody,
  parseChatReply,
  parseCompletionReply,
  type Usage,
} from './openai.js';
import { embedBody, parseEmbeddings, parseScalar, type ScalarInput, scalarBody } from './scalar.js';
import { BackendStats } from './stats.js';
import { httpTransport } from './transport.js';

export interface BackendsOptions {
  /** Named backends, already validated (`parseBackendConfigs`, `mergeBackendConfigs`). */
  configs: Readonly<Record<string, BackendConfig>>;
  /** Where API keys are read from (`apiKeyEnv`); hosts pass `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** All outbound HTTP goes through this (default: global fetch). Tests pass one that refuses unplanned URLs. */
  fetch?: FetchLike;
  /** Response cache (default: none; identical calls in flight are still made once). */
  cache?: ResponseCache | undefined;
  /** Counters to add to (default: a fresh set). */
  stats?: BackendStats;
}

/** Per-call options. */
export interface CallOptions {
  /**
   * The sample's budget (`ctx.signal`): aborting it stops waiting and retrying. Read only when a request goes
   * to the network, so `callOptions(ctx)` passes it lazily (cache hits never create it).
   */
  signal?: AbortSignal | undefined;
  /** Skip the cache for this call (still deduped in flight). */
  noCache?: boolean;
}

interface Live {
  name: string;
  /** baseUrl without trailing slashes. */
  url: string;
  config: BackendConfig;
  gate: Gate;
  headers: Record<string, string>;
}

/**
 * The model backends rewards call, by name: OpenAI-compatible chat and completions, scalar reward models and
 * embeddings, behind one HTTP client with retries, rate limits, adaptive concurrency, a response cache and
 * in-flight dedupe. Build one per process from config; rewards reach it as `ctx.services.backends`.
 *
 * @example
 * const backends = new Backends({ configs: { default: backendConfigSchema.parse({ baseUrl, model }) }, env });
 * const reply = await backends.chat('default', { messages: [{ role: 'user', content: 'Hi' }], topLogprobs: 5 });
 */
export class Backends {
  readonly stats: BackendStats;
  readonly #live = new Map<string, Live>();
  readonly #fetch: FetchLike;
  readonly #cache: ResponseCache | undefined;
  readonly #inflight = new Map<string, Promise<unknown>>();

  constructor(options: BackendsOptions) {
    this.stats = options.stats ?? new BackendStats();
    this.#fetch = options.fetch ?? httpTransport();
    this.#cache = options.cache;
    const env = options.env ?? {};
    for (const [name, config] of Object.entries(options.configs)) {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...config.headers };
      const key = config.apiKeyEnv ? env[config.apiKeyEnv] : undefined;
      if (key) headers.authorization = `Bearer ${key}`;
      const url = config.baseUrl.replace(/\/+$/, '');
      this.#live.set(name, { name, url, config, gate: new Gate(config.concurrency, config.rateLimit), headers });
    }
  }

  /** Names of the configured backends. */
  names(): string[] {
    return [...this.#live.keys()];
  }

  has(name: string): boolean {
    return this.#live.has(name);
  }

  config(name: string): BackendConfig {
    return this.#get(name).config;
  }

  /** An OpenAI-compatible chat completion (`/chat/completions`), optionally with log-probs or a JSON schema. */
  async chat(name: string, req: ChatRequest, options: CallOptions = {}): Promise<ChatReply> {
    const live = this.#get(name, 'openai');
    const body = chatBody(req, live.config.model);
    return this.#call(live, '/chat/completions', body, options, (json) => parseChatReply(name, json, req));
  }

  /** An OpenAI-compatible completion (`/completions`): log-probs, `echo` of the prompt, vLLM prompt log-probs. */
  async completion(name: string, req: CompletionRequest, options: CallOptions = {}): Promise<CompletionReply> {
    const live = this.#get(name, 'openai');
    const body = completionBody(req, live.config.model);
    return this.#call(live, '/completions', body, options, (json) => parseCompletionReply(name, json, req));
  }

  /** One scalar score from a reward-model route (vLLM pooling/classify/score, SGLang, TEI, generic JSON). */
  async scalar(name: string, input: ScalarInput, options: CallOptions = {}): Promise<number> {
    const live = this.#get(name);
    if (live.config.api === 'openai' || live.config.api === 'tei-embed') {
      throw new BackendFailure('backend-error', name, `api "${live.config.api}" has no scalar score route`);
    }
    const body = scalarBody(live.config, input);
    return this.#call(live, BACKEND_APIS[live.config.api], body, options, (json) => ({
      value: parseScalar(name, live.config, json),
    })).then((r) => r.value);
  }

  /** Embeddings of `texts`, in order (OpenAI `/embeddings` or TEI `/embed`). */
  async embed(name: string, texts: string[], options: CallOptions = {}): Promise<number[][]> {
    const live = this.#get(name);
    if (live.config.api !== 'openai' && live.config.api !== 'tei-embed') {
      throw new BackendFailure('backend-error', name, `api "${live.config.api}" has no embeddings route`);
    }
    const path = live.config.api === 'openai' ? '/embeddings' : BACKEND_APIS['tei-embed'];
    const body = embedBody(live.config, texts);
    return this.#call(live, path, body, options, (json) => ({
      rows: parseEmbeddings(name, live.config, json, texts.length),
    })).then((r) => r.rows);
  }

  /** Closes the cache. */
  close(): void {
    this.#cache?.close();
  }

  #get(name: string, api?: BackendConfig['api']): Live {
    const live = this.#live.get(name);
    if (!live) {
      const known = this.names();
      const hint = known.length ? ` (configured: ${known.join(', ')})` : ' (none is configured)';
      throw new BackendFailure('backend-error', name, `no backend of that name${hint}`);
    }
    if (api && live.config.api !== api) {
      throw new BackendFailure(
        'backend-error',
        name,
        `needs api "${api}", but it is configured as "${live.config.api}"`,
      );
    }
    return live;
  }

  async #call<T>(
    live: Live,
    defaultPath: string,
    body: unknown,
    options: CallOptions,
    parse: (json: unknown) => T,
  ): Promise<T> {
    const counters = this.stats.of(live.name);
    const url = live.url + (live.config.path ?? defaultPath);
    const text = JSON.stringify(body);
    const key = cacheKey(live.config.api, url, text);
    const useCache = live.config.cache && !options.noCache && this.#cache !== undefined;
    try {
      if (useCache) {
        const hit = (this.#cache as ResponseCache).get(key);
        if (hit !== undefined) {
          counters.hits++;
          return parse(JSON.parse(hit));
        }
      }
      const pending = this.#inflight.get(key);
      if (pending) {
        counters.deduped++;
        return parse(await pending);
      }
      counters.misses++;
      const request = this.#fetchJson(live, url, text, options, parse, useCache ? key : undefined);
      this.#inflight.set(key, request);
      try {
        return parse(await request);
      } finally {
        this.#inflight.delete(key);
      }
    } catch (err) {
      if (err instanceof BackendFailure) this.stats.fail(live.name, err.code);
      throw err;
    }
  }

  async #fetchJson<T>(
    live: Live,
    url: string,
    body: string,
    options: CallOptions,
    parse: (json: unknown) => T,
    cacheAs: string | undefined,
  ): Promise<unknown> {
    const c = live.config;
    const { text } = await postJson({
      backend: live.name,
      url,
      headers: live.headers,
      body,
      timeoutMs: c.timeoutMs,
      retries: c.retries,
      backoffMs: c.backoffMs,
      maxBackoffMs: c.maxBackoffMs,
      gate: live.gate,
      counters: this.stats.of(live.name),
      fetch: this.#fetch,
      signal: options.signal,
    });
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw malformed(live.name, `the reply is not JSON: ${text.slice(0, 120)}`);
    }
    const value = parse(json); // throws when unusable: such replies are never cached
    const usage = (value as { usage?: Usage }).usage;
    const counters = this.stats.of(live.name);
    counters.promptTokens += usage?.promptTokens ?? 0;
    counters.completionTokens += usage?.completionTokens ?? 0;
    if (cacheAs) this.#cache?.set(cacheAs, live.name, text);
    return json;
  }
}
