// Model backends: the one client every model-based reward (reward models, log-prob rewards, judges) uses.
export { cacheKey, DEFAULT_CACHE_PATH, MemoryCache, type ResponseCache, SqliteCache } from './cache.js';
export {
  BACKEND_APIS,
  type BackendApi,
  type BackendConfig,
  type BackendConfigInput,
  backendConfigSchema,
  DEFAULT_BACKEND,
  defaultBackendFromEnv,
  mergeBackendConfigs,
  parseBackendConfigs,
} from './config.js';
export { BackendFailure, type BackendFailureCode, malformed } from './failure.js';
export {
  backendsUsed,
  keyEnv,
  missingBackend,
  openBackends,
  resolveBackendConfigs,
  type SpecBackends,
  servableSpecs,
} from './host.js';
export type { FetchLike, TransportResponse } from './http.js';
export { Backends, type BackendsOptions, type CallOptions } from './hub.js';
export type { TokenLogprob } from './logprobs.js';
export type {
  ChatMessage,
  ChatReply,
  ChatRequest,
  ChatTurn,
  CompletionReply,
  CompletionRequest,
  SamplingOptions,
  Usage,
} from './openai.js';
export type { EmbedImage, ScalarInput } from './scalar.js';
export { backendsOf, callOptions, closeBackends, DRAIN_MS, onBackendsClose } from './services.js';
export { type BackendCounters, BackendStats, type StatsSnapshot } from './stats.js';
export { httpTransport } from './transport.js';
