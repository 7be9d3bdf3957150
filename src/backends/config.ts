import { z } from 'zod';
import { RewardError } from '../core/codes.js';

/** The wire protocols a backend can speak; each names its default path. */
export const BACKEND_APIS = {
  /** OpenAI-compatible chat and completions (vLLM, SGLang, llama.cpp server, Ollama, OpenAI); baseUrl ends in /v1. */
  openai: '',
  /** vLLM `/pooling` (reward models served with `--runner pooling`). */
  'vllm-pooling': '/pooling',
  /** vLLM `/classify` (sequence-classification reward models). */
  'vllm-classify': '/classify',
  /** vLLM `/score` (cross-encoder pair scores). */
  'vllm-score': '/score',
  /** SGLang's reward route: native `/classify` on a server started with `--is-embedding`. */
  'sglang-reward': '/classify',
  /** text-embeddings-inference `/predict` (sequence classification). */
  'tei-predict': '/predict',
  /** text-embeddings-inference `/rerank`. */
  'tei-rerank': '/rerank',
  /** text-embeddings-inference `/embed`. */
  'tei-embed': '/embed',
  /** Any JSON-over-HTTP scorer: a request template and a JSON pointer to the score. */
  'http-json': '',
} as const;

export type BackendApi = keyof typeof BACKEND_APIS;

const apis = Object.keys(BACKEND_APIS) as [BackendApi, ...BackendApi[]];

/** One backend as written under `backends:` in a spec or the server config. */
export const backendConfigSchema = z
  .strictObject({
    api: z.enum(apis).default('openai').describe('wire protocol'),
    baseUrl: z.url().describe('server URL; for api "openai" it ends in /v1'),
    model: z.string().min(1).optional().describe('model name sent with every request'),
    apiKeyEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name')
      .optional()
      .describe('environment variable holding the API key (sent as a bearer token)'),
    path: z.string().startsWith('/').optional().describe("overrides the api's default path"),
    timeoutMs: z.number().int().positive().default(60_000).describe('per attempt'),
    concurrency: z.number().int().min(1).max(4096).default(32).describe('requests in flight at most'),
    rateLimit: z.number().positive().optional().describe('requests per second at most'),
    retries: z.number().int().min(0).max(20).default(3).describe('retries after a 429, 5xx, timeout or network error'),
    backoffMs: z.number().int().min(0).default(500).describe('first retry delay; doubles each retry, with jitter'),
    maxBackoffMs: z.number().int().min(0).default(30_000).describe('cap on a retry delay, Retry-After included'),
    cache: z.boolean().default(true).describe('read and write the response cache'),
    vision: z
      .boolean()
      .default(false)
      .describe(
        'the model reads images (chat image_url parts, image embeddings); without it such requests are refused',
      ),
    headers: z.record(z.string(), z.string()).default({}).describe('extra request headers'),
    request: z.unknown().optional().describe('http-json: request body template ({{prompt}}, {{response}}, ...)'),
    scorePointer: z.string().optional().describe('http-json: JSON pointer (RFC 6901) to the score in the reply'),
    label: z.string().optional().describe('tei-predict: the label whose score is the reward'),
    classIndex: z.number().int().min(0).default(0).describe('vllm-classify / pooling / sglang: which output'),
  })
  .superRefine((c, ctx) => {
    if (c.api === 'http-json' && (c.scorePointer === undefined || c.request === undefined || c.path === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'api "http-json" needs path, request and scorePointer' });
    }
    if (c.scorePointer !== undefined && c.scorePointer !== '' && !c.scorePointer.startsWith('/')) {
      ctx.addIssue({ code: 'custom', path: ['scorePointer'], message: 'a JSON pointer starts with "/"' });
    }
  });

export type BackendConfig = z.infer<typeof backendConfigSchema>;
export type BackendConfigInput = z.input<typeof backendConfigSchema>;

/** The name rewards use when a spec does not pick a backend. */
export const DEFAULT_BACKEND = 'default';

const NAME = /^[\w.-]+$/;

/** Validates a `backends:` map; errors name the file and the field (`backends.rm.baseUrl`). */
export function parseBackendConfigs(raw: unknown, file: string): Record<string, BackendConfig> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new RewardError('invalid-spec', 'expected a map of backend name to backend config', {
      where: `${file}: backends`,
    });
  }
  const out: Record<string, BackendConfig> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (!NAME.test(name)) {
      throw new RewardError('invalid-spec', 'backend names are letters, digits, ".", "_" or "-"', {
        where: `${file}: backends.${name}`,
      });
    }
    const parsed = backendConfigSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = ['backends', name, ...(issue?.path ?? []).map(String)].join('.');
      throw new RewardError('invalid-spec', issue?.message ?? 'invalid backend', { where: `${file}: ${path}` });
    }
    out[name] = parsed.data;
  }
  return out;
}

/**
 * The ecosystem's default backend: `OPENAI_BASE_URL` (default https://api.openai.com/v1), key from
 * `OPENAI_API_KEY`, model from `REWARDKIT_JUDGE_MODEL`. Undefined when neither URL nor model is set.
 * The host passes its environment in; the library never reads `process.env`.
 */
export function defaultBackendFromEnv(env: Readonly<Record<string, string | undefined>>): BackendConfig | undefined {
  const baseUrl = env.OPENAI_BASE_URL;
  const model = env.REWARDKIT_JUDGE_MODEL;
  if (!baseUrl && !model) return undefined;
  return backendConfigSchema.parse({
    api: 'openai',
    baseUrl: baseUrl || 'https://api.openai.com/v1',
    ...(model ? { model } : {}),
    ...(env.OPENAI_API_KEY ? { apiKeyEnv: 'OPENAI_API_KEY' } : {}),
  });
}

/**
 * Merges backend maps (later maps add names; the same name twice must mean the same config) and adds the
 * default backend from the environment when no map defines `default`.
 */
export function mergeBackendConfigs(
  maps: ReadonlyArray<{ file: string; backends: Record<string, BackendConfig> }>,
  env: Readonly<Record<string, string | undefined>>,
): Record<string, BackendConfig> {
  const out: Record<string, BackendConfig> = {};
  const from: Record<string, string> = {};
  for (const { file, backends } of maps) {
    for (const [name, config] of Object.entries(backends)) {
      const existing = out[name];
      if (existing && JSON.stringify(existing) !== JSON.stringify(config)) {
        throw new RewardError('invalid-spec', `backend "${name}" is also defined, differently, in ${from[name]}`, {
          where: `${file}: backends.${name}`,
        });
      }
      out[name] = config;
      from[name] = file;
    }
  }
  if (!out[DEFAULT_BACKEND]) {
    const fallback = defaultBackendFromEnv(env);
    if (fallback) out[DEFAULT_BACKEND] = fallback;
  }
  return out;
}
