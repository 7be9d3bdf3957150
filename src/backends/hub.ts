import { cacheKey, type ResponseCache, type SharedCache } from './cache.js';
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
  imageCount,
  parseChatReply,
  parseCompletionReply,
  type Usage,
} from './openai.js';
import {
  type EmbedImage,
  embedBody,
  embedImageBody,
  parseEmbeddings,
  parseScalar,
  type ScalarInput,
  scalarBody,
} from './scalar.js';
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
  /** A cache shared with other replicas (Redis), read after `cache` misses; identical calls across them go out once. */
  shared?: SharedCache | undefined;
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

/** A call ready to send: the body as sent, its cache key and how to read the reply. */
interface Prepared<T> {
  live: Live;
  url: string;
  text: string;
  key: string;
  parse: (json: unknown) => T;
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
  readonly #shared: SharedCache | undefined;

  constructor(options: BackendsOptions) {
    this.stats = options.stats ?? new BackendStats();
    this.#fetch = options.fetch ?? httpTransport();
    this.#cache = options.cache;
    this.#shared = options.shared;
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
    return this.#send(this.#chat(name, req), options);
  }

  /** An OpenAI-compatible completion (`/completions`): log-probs, `echo` of the prompt, vLLM prompt log-probs. */
  async completion(name: string, req: CompletionRequest, options: CallOptions = {}): Promise<CompletionReply> {
    return this.#send(this.#completion(name, req), options);
  }

  /** One scalar score from a reward-model route (vLLM pooling/classify/score, SGLang, TEI, generic JSON). */
  async scalar(name: string, input: ScalarInput, options: CallOptions = {}): Promise<number> {
    return this.#send(this.#scalar(name, input), options).then((r) => r.value);
  }

  /**
   * Embeddings of `inputs`, in order (OpenAI `/embeddings` or TEI `/embed`). Texts go in one `input` batch; each
   * image (`{image: url}`) is its own request in vLLM's chat form (`messages` with an `image_url` part), only to
   * an `api: openai` backend marked `vision: true` (else `image-unsupported`).
   */
  async embed(
    name: string,
    inputs: ReadonlyArray<string | EmbedImage>,
    options: CallOptions = {},
  ): Promise<number[][]> {
    const texts = inputs.filter((x): x is string => typeof x === 'string');
    if (texts.length === inputs.length) return this.#send(this.#embed(name, texts), options).then((r) => r.rows);
    const images = inputs.filter((x): x is EmbedImage => typeof x !== 'string');
    const live = this.#visionOf(name, images.length);
    if (live.config.api !== 'openai') {
      throw new BackendFailure('image-unsupported', name, `api "${live.config.api}" embeds text only`);
    }
    const work = [
      texts.length > 0 ? this.#send(this.#embed(name, texts), options).then((r) => r.rows) : Promise.resolve([]),
      ...images.map((image) => this.#send(this.#embedImage(live, image), options).then((r) => r.rows)),
    ];
    const settled = await Promise.allSettled(work);
    const failure = settled.find((r) => r.status === 'rejected');
    if (failure) throw (failure as PromiseRejectedResult).reason;
    const [textRows, ...imageRows] = settled.map((r) => (r as PromiseFulfilledResult<number[][]>).value);
    let t = 0;
    let i = 0;
    return inputs.map((x) =>
      typeof x === 'string' ? (textRows?.[t++] as number[]) : (imageRows[i++]?.[0] as number[]),
    );
  }

  /**
   * The cached reply of exactly this call, synchronously, or undefined (then make the call). Lets a reward
   * answer a cache hit without a promise, so re-runs from the cache cost microseconds per sample. Throws
   * (synchronously) what `chat` would reject with for a bad name or a cached reply that does not fit.
   */
  cachedChat(name: string, req: ChatRequest): ChatReply | undefined {
    return this.#peek(this.#chat(name, req));
  }

  /** Like `cachedChat`, for `scalar`. */
  cachedScalar(name: string, input: ScalarInput): number | undefined {
    return this.#peek(this.#scalar(name, input))?.value;
  }

  #chat(name: string, req: ChatRequest): Prepared<ChatReply> {
    const live = this.#get(name, 'openai');
    this.#visionOf(name, imageCount(req.messages));
    return this.#prepare(live, '/chat/completions', chatBody(req, live.config.model), (json) =>
      parseChatReply(name, json, req),
    );
  }

  #completion(name: string, req: CompletionRequest): Prepared<CompletionReply> {
    const live = this.#get(name, 'openai');
    return this.#prepare(live, '/completions', completionBody(req, live.config.model), (json) =>
      parseCompletionReply(name, json, req),
    );
  }

  #scalar(name: string, input: ScalarInput): Prepared<{ value: number }> {
    const live = this.#get(name);
    if (live.config.api === 'openai' || live.config.api === 'tei-embed') {
      throw new BackendFailure('backend-error', name, `api "${live.config.api}" has no scalar score route`);
    }
    return this.#prepare(live, BACKEND_APIS[live.config.api], scalarBody(live.config, input), (json) => ({
      value: parseScalar(name, live.config, json),
    }));
  }

  #embed(name: string, texts: string[]): Prepared<{ rows: number[][] }> {
    const live = this.#get(name);
    if (live.config.api !== 'openai' && live.config.api !== 'tei-embed') {
      throw new BackendFailure('backend-error', name, `api "${live.config.api}" has no embeddings route`);
    }
    const path = live.config.api === 'openai' ? '/embeddings' : BACKEND_APIS['tei-embed'];
    return this.#prepare(live, path, embedBody(live.config, texts), (json) => ({
      rows: parseEmbeddings(name, live.config, json, texts.length),
    }));
  }

  #embedImage(live: Live, image: EmbedImage): Prepared<{ rows: number[][] }> {
    return this.#prepare(live, '/embeddings', embedImageBody(live.config, image), (json) => ({
      rows: parseEmbeddings(live.name, live.config, json, 1),
    }));
  }

  /** The backend, when it may be sent `images` images: none, or it is marked `vision: true`. */
  #visionOf(name: string, images: number): Live {
    const live = this.#get(name);
    if (images > 0 && !live.config.vision) {
      throw new BackendFailure(
        'image-unsupported',
        name,
        `the request carries ${images} image(s) and the backend is not marked "vision: true" (images are never dropped; use a vision model and set vision: true)`,
      );
    }
    return live;
  }

  #prepare<T>(live: Live, defaultPath: string, body: unknown, parse: (json: unknown) => T): Prepared<T> {
    const url = live.url + (live.config.path ?? defaultPath);
    const text = JSON.stringify(body);
    return { live, url, text, key: cacheKey(live.config.api, url, text), parse };
  }

  /** Closes the cache. */
  close(): void {
    this.#cache?.close();
    this.#shared?.close();
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

  #peek<T>(p: Prepared<T>): T | undefined {
    if (!p.live.config.cache || this.#cache === undefined) return undefined;
    const hit = this.#cache.get(p.key);
    if (hit === undefined) return undefined;
    this.stats.of(p.live.name).hits++;
    return p.parse(JSON.parse(hit));
  }

  async #send<T>(p: Prepared<T>, options: CallOptions): Promise<T> {
    const { live } = p;
    const counters = this.stats.of(live.name);
    const useCache = live.config.cache && !options.noCache && this.#cache !== undefined;
    try {
      if (useCache) {
        const hit = (this.#cache as ResponseCache).get(p.key);
        if (hit !== undefined) {
          counters.hits++;
          return p.parse(JSON.parse(hit));
        }
      }
      const pending = this.#inflight.get(p.key);
      if (pending) {
        counters.deduped++;
        return p.parse(await pending);
      }
      let request: Promise<unknown>;
      if (useCache && this.#shared) request = this.#viaShared(this.#shared, p, options);
      else {
        counters.misses++;
        request = this.#fetchJson(live, p.url, p.text, options, p.parse, useCache ? p.key : undefined);
      }
      this.#inflight.set(p.key, request);
      try {
        return p.parse(await request);
      } finally {
        this.#inflight.delete(p.key);
      }
    } catch (err) {
      if (err instanceof BackendFailure) this.stats.fail(live.name, err.code);
      throw err;
    }
  }

  /** A local miss through the shared cache: its hit, else the reply of a replica making the same call, else the call. */
  async #viaShared<T>(shared: SharedCache, p: Prepared<T>, options: CallOptions): Promise<unknown> {
    const counters = this.stats.of(p.live.name);
    const store = (text: string): unknown => {
      this.#cache?.set(p.key, p.live.name, text);
      return JSON.parse(text);
    };
    const hit = await shared.get(p.key);
    if (hit !== undefined) {
      counters.hits++;
      return store(hit);
    }
    const claimMs = p.live.config.timeoutMs * (p.live.config.retries + 1) + 1_000;
    if (!(await shared.claim(p.key, claimMs))) {
      const theirs = await shared.wait(p.key, claimMs);
      if (theirs !== undefined) {
        counters.deduped++;
        return store(theirs);
      }
    }
    counters.misses++;
    let text: string | undefined;
    try {
      return await this.#fetchJson(p.live, p.url, p.text, options, p.parse, p.key, (t) => {
        text = t;
      });
    } finally {
      if (text !== undefined) await shared.set(p.key, p.live.name, text);
      else await shared.release(p.key);
    }
  }

  async #fetchJson<T>(
    live: Live,
    url: string,
    body: string,
    options: CallOptions,
    parse: (json: unknown) => T,
    cacheAs: string | undefined,
    /** Called with a reply's text once it parsed (what a shared cache stores). */
    onCached?: (text: string) => void,
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
    if (cacheAs) onCached?.(text);
    return json;
  }
}
