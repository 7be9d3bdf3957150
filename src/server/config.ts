import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { RewardError } from '../core/codes.js';
import { boundedToJs } from '../core/yaml-bounded.js';

/** Trailing special tokens stripped from OpenRLHF queries before scoring (they decode with special tokens kept). */
export const DEFAULT_STRIP_SUFFIXES = ['<|im_end|>', '<|endoftext|>', '<|eot_id|>', '</s>', '<｜end▁of▁sentence｜>'];

const limitsSchema = z.strictObject({
  bodyBytes: z
    .number()
    .int()
    .min(1024)
    .default(32 * 1024 * 1024),
  samplesPerRequest: z.number().int().min(1).default(4096),
  /** Per-sample budget of every leaf; null keeps the runner's cost-based default. */
  sampleTimeoutMs: z.number().int().min(1).nullable().default(null),
  /** Requests scored at once; more wait in a bounded queue. */
  concurrency: z.number().int().min(1).default(64),
  /** Requests allowed to wait; beyond this the server answers 429 with Retry-After. */
  queue: z.number().int().min(0).default(1024),
  /** A request's headers must arrive within this (ms); slow-header clients are cut off. */
  headersTimeoutMs: z.number().int().min(100).default(10_000),
  /** The whole request, body included, must arrive within this (ms): a body trickled in slowly is cut off. */
  requestTimeoutMs: z.number().int().min(100).default(60_000),
  /** A connection idle this long (ms), keep-alive between requests included, is closed. */
  idleTimeoutMs: z.number().int().min(100).default(30_000),
  /** Open connections at once; more are refused at accept, so idle ones cannot lock others out. */
  maxConnections: z.number().int().min(1).default(4096),
  /** Scoring time one request may use in all (ms), from the start of its scoring; past it, its unfinished samples are error/timeout. */
  requestBudgetMs: z.number().int().min(1).default(120_000),
});

const tracesSchema = z.strictObject({
  enabled: z.boolean().default(true),
  path: z.string().min(1).default('.rewardkit/traces.sqlite'),
  sampleRate: z.number().min(0).max(1).default(1),
  retentionDays: z.number().positive().default(7),
});

const jobsSchema = z.strictObject({
  /** BullMQ on this Redis (`REWARDKIT_REDIS_URL`); null keeps jobs in this process. */
  redisUrl: z
    .string()
    .regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL')
    .nullable()
    .default(null),
  /** Samples per chunk: the unit replicas take from the queue. */
  chunkSize: z.number().int().min(1).default(256),
  /** Chunks this replica scores at once. */
  concurrency: z.number().int().min(1).default(2),
  /** Samples one job may hold; without Redis, also the samples waiting in the process at once (past it: 429). */
  maxSamples: z.number().int().min(1).default(1_000_000),
  /** A chunk's lock (ms): a replica that dies mid-chunk hands it back to the others after this. */
  lockMs: z.number().int().min(200).default(30_000),
  /** How long a finished job's results stay readable (s). */
  ttlSeconds: z.number().int().min(1).default(86_400),
  /** Redis key prefix; replicas that share a prefix share jobs. */
  prefix: z.string().min(1).default('rewardkit'),
});

const cacheSchema = z.strictObject({
  enabled: z.boolean().default(true),
  path: z.string().min(1).default('.rewardkit/cache.sqlite'),
});

/** The server config file (`rewardkit.yaml`); every key is optional. */
export const configSchema = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(8000),
  /** Named specs: name -> spec file, relative to the config file. */
  specs: z
    .record(z.string().regex(/^[\w.-]+$/, 'spec names are letters, digits, ".", "_" or "-"'), z.string())
    .default({}),
  /** Folders whose *.yaml / *.yml / *.json spec files are all served (name: the spec's `name`, else the file name). */
  specDirs: z.array(z.string()).default([]),
  auth: z
    .strictObject({ tokens: z.array(z.string().min(16, 'tokens must be at least 16 characters')).default([]) })
    .default({
      tokens: [],
    }),
  limits: limitsSchema.default(limitsSchema.parse({})),
  /** Scoring threads; 0 scores on the main thread (tests, tiny loads). */
  workers: z.union([z.literal('auto'), z.number().int().min(0).max(256)]).default('auto'),
  /** Samples per worker task; a task never splits a group. */
  chunkSize: z.number().int().min(1).default(256),
  /** Requests of trivial specs (no model call, every node `trivial`) up to this many characters score on the HTTP thread; 0: always in a worker. */
  inlineTrivialChars: z
    .number()
    .int()
    .min(0)
    .default(64 * 1024),
  /** Plain `POST /v1/score` requests are read off the socket by rewardkit's own HTTP/1.1 reader (`http/raw-front.ts`); false: node:http reads every request. */
  rawHttp: z.boolean().default(true),
  traces: tracesSchema.default(tracesSchema.parse({})),
  /** Model backends every spec may call, merged with each spec's own `backends:` (docs/backends.md). */
  backends: z.record(z.string(), z.unknown()).default({}),
  /** Persistent response cache of the model backends. */
  cache: cacheSchema.default(cacheSchema.parse({})),
  /** Asynchronous jobs (`/v1/jobs`), in process or on Redis (docs/deploy.md). */
  jobs: jobsSchema.default(jobsSchema.parse({})),
  openrlhf: z
    .strictObject({
      /** Reward sent for a sample that could not be scored (OpenRLHF needs a number). */
      unscoredReward: z.number().default(0),
      stripSuffixes: z.array(z.string()).default(DEFAULT_STRIP_SUFFIXES),
      /** OpenRLHF ignores Retry-After (5 tries, 1 s apart): a request past the queue waits this long before a 429. */
      queueWaitMs: z.number().int().min(0).default(60_000),
      /** Requests allowed to wait on this route (beyond `limits.queue`); past this, 429 at once. */
      maxWaiting: z.number().int().min(0).default(16_384),
    })
    .default({ unscoredReward: 0, stripSuffixes: DEFAULT_STRIP_SUFFIXES, queueWaitMs: 60_000, maxWaiting: 16_384 }),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type ServerConfig = z.infer<typeof configSchema>;

/** A config plus the folder its relative spec paths are resolved against. */
export interface LoadedConfig {
  config: ServerConfig;
  baseDir: string;
  file: string | undefined;
}

function issuePath(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

/** Validates a raw config object; errors name the file and the field. */
export function parseConfig(raw: unknown, file = 'config'): ServerConfig {
  const parsed = configSchema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new RewardError('invalid-spec', issue?.message ?? 'invalid config', {
    where: `${file}: ${issuePath(issue?.path ?? []) || '(root)'}`,
  });
}

/** Reads a YAML/JSON config file. */
export function loadConfigFile(file: string): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new RewardError('invalid-spec', `cannot read config file: ${(err as Error).message}`, { where: file });
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const syntax = doc.errors[0];
  if (syntax) {
    const pos = lineCounter.linePos(syntax.pos[0]);
    throw new RewardError('invalid-spec', `not valid YAML/JSON: ${syntax.message.split('\n')[0]}`, {
      where: `${file}:${pos.line}:${pos.col}`,
    });
  }
  const raw = boundedToJs(doc, lineCounter, file);
  return { config: parseConfig(raw, file), baseDir: dirname(resolve(file)), file: resolve(file) };
}

/** The number of scoring threads for `workers: auto`: one per core, leaving one for HTTP, at least one. */
export function resolveWorkers(workers: ServerConfig['workers']): number {
  return workers === 'auto' ? Math.max(1, Math.min(16, availableParallelism() - 1)) : workers;
}

/** Settings that can come from flags or `REWARDKIT_*` environment variables, overriding the file. */
export interface Overrides {
  host?: string | undefined;
  port?: number | undefined;
  tokens?: string[] | undefined;
  workers?: number | undefined;
  tracesPath?: string | undefined;
  traces?: boolean | undefined;
  traceSampleRate?: number | undefined;
  logLevel?: string | undefined;
  /** Model-backend cache file, or false to turn the cache off. */
  cache?: string | false | undefined;
  /** Redis of the job queue (and shared cache). */
  redisUrl?: string | undefined;
}

function envNumber(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new RewardError('invalid-spec', `expected a number, got "${value}"`, { where: name });
  return n;
}

/** Reads REWARDKIT_HOST, _PORT, _TOKENS (comma-separated), _WORKERS, _TRACES, _CACHE (a path, or "off"), _REDIS_URL, _LOG_LEVEL. */
export function envOverrides(env: NodeJS.ProcessEnv): Overrides {
  const traces = env.REWARDKIT_TRACES;
  return {
    host: env.REWARDKIT_HOST || undefined,
    port: envNumber(env, 'REWARDKIT_PORT'),
    tokens: env.REWARDKIT_TOKENS
      ? env.REWARDKIT_TOKENS.split(',')
          .map((t) => t.trim())
          .filter(Boolean)
      : undefined,
    workers: envNumber(env, 'REWARDKIT_WORKERS'),
    traces: traces === 'off' ? false : undefined,
    tracesPath: traces && traces !== 'off' ? traces : undefined,
    logLevel: env.REWARDKIT_LOG_LEVEL || undefined,
    cache: env.REWARDKIT_CACHE === 'off' ? false : env.REWARDKIT_CACHE || undefined,
    redisUrl: env.REWARDKIT_REDIS_URL || undefined,
  };
}

/** Applies overrides (later ones win) on top of a config; the result is validated again. */
export function applyOverrides(config: ServerConfig, ...layers: Overrides[]): ServerConfig {
  const next = structuredClone(config) as ServerConfig;
  for (const o of layers) {
    if (o.host !== undefined) next.host = o.host;
    if (o.port !== undefined) next.port = o.port;
    if (o.tokens !== undefined) next.auth.tokens = o.tokens;
    if (o.workers !== undefined) next.workers = o.workers;
    if (o.tracesPath !== undefined) next.traces.path = o.tracesPath;
    if (o.traces !== undefined) next.traces.enabled = o.traces;
    if (o.traceSampleRate !== undefined) next.traces.sampleRate = o.traceSampleRate;
    if (o.logLevel !== undefined) next.logLevel = o.logLevel as ServerConfig['logLevel'];
    if (o.cache === false) next.cache.enabled = false;
    else if (o.cache !== undefined) next.cache = { enabled: true, path: o.cache };
    if (o.redisUrl !== undefined) next.jobs.redisUrl = o.redisUrl;
  }
  return parseConfig(next, 'flags/environment');
}
