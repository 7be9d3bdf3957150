import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import {
  BackendStats,
  backendsUsed,
  closeBackends,
  type FetchLike,
  keyEnv,
  openBackends,
  resolveBackendConfigs,
  servableSpecs,
} from '../backends/index.js';
import { RewardError } from '../core/codes.js';
import { createLazyRegistry } from '../kinds/lazy.js';
import { buildApp } from './app.js';
import { type LoadedConfig, resolveWorkers } from './config.js';
import type { ServerContext } from './context.js';
import { bindRefusal } from './http/auth.js';
import { chunkScorer } from './jobs/types.js';
import { registerBackendMetrics } from './metrics/backend-metrics.js';
import { ServerMetrics } from './metrics/metrics.js';
import { loadExtraDefinitions } from './scoring/extra-kinds.js';
import { InlineFastScorer } from './scoring/inline-fast.js';
import { inlineSafe, LaneScorer, splitLanes } from './scoring/lanes.js';
import { InlineScorer, type Scorer } from './scoring/scorer.js';
import { loadSpecSet, type NamedSpec, resolveSources } from './scoring/spec-set.js';
import { WorkerScorer } from './scoring/worker-pool.js';
import { isPostgresUrl } from './traces/sink.js';
import { TraceStore } from './traces/trace-store.js';

const LISTEN_BACKLOG = 4096;
/** Nice value of the general lane's threads when a fast lane runs beside it: slow work yields the CPU to cheap work. */
const GENERAL_LANE_NICE = 10;

/** How to build a server: a loaded config plus host-only extras. */
export interface RewardServerOptions extends LoadedConfig {
  /** Listen on a non-loopback address without tokens. */
  insecure?: boolean;
  /** Modules exporting `definitions` (extra reward kinds), loaded here and in every worker. */
  extraModules?: readonly string[];
  /** Folder relative trace paths resolve against (default: the working directory). */
  cwd?: string;
  /** Where backend API keys and the default backend come from (default: process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /** The outbound HTTP client of backends scored on the main thread (`workers: 0`); tests pass a guard. */
  fetch?: FetchLike;
}

/** A built server: the fastify app plus a close that drains requests, then workers, then traces. */
export interface RewardServer {
  app: FastifyInstance;
  ctx: ServerContext;
  /** Resolves once every worker thread has compiled its specs; rejects, after closing the server, when one could not. */
  started: Promise<void>;
  /** Starts listening (worker threads may still be starting); resolves to the bound URL. */
  listen(): Promise<string>;
  /** Stops accepting, finishes in-flight requests, then stops workers and closes the trace store. */
  close(): Promise<void>;
}

/**
 * Loads specs and extra kinds, starts the worker pool and trace store, and builds the app. Redis and Postgres
 * clients are imported only when the config names them.
 */
export async function createRewardServer(options: RewardServerOptions): Promise<RewardServer> {
  const { config } = options;
  const refusal = bindRefusal(config.host, config.auth.tokens, options.insecure ?? false);
  if (refusal) throw new RewardError('unauthorized', refusal, { where: 'host' });
  const extraModules = (options.extraModules ?? []).map((m) => (/^[a-z]+:/.test(m) ? m : resolve(m)));
  const extraDefinitions = await loadExtraDefinitions(extraModules);
  // Only the families of kinds the specs name are imported (here and in each worker).
  const registry = createLazyRegistry(extraDefinitions);
  const sources = resolveSources({ files: config.specs, dirs: config.specDirs }, options.baseDir);
  const specs = await loadSpecSet(sources, registry);
  const env = options.env ?? process.env;
  // A spec found in a folder that calls an unconfigured backend (a judge spec, no judge here) is skipped and
  // logged; one named under `specs:` stops the server at start.
  const named = new Set(Object.values(sources.files ?? {}));
  const { skipped } = servableSpecs(
    [...specs.values()].filter((s) => !named.has(s.file)),
    env,
    { file: options.file ?? 'config', backends: config.backends },
  );
  for (const { spec } of skipped) specs.delete(spec.name);
  if (specs.size === 0) {
    const why = skipped.map((s) => `; ${s.spec.file}: ${s.reason}`).join('');
    throw new RewardError('invalid-spec', `no specs to serve: list some under "specs" or "specDirs"${why}`, {
      where: options.file ?? 'config',
    });
  }
  const metrics = new ServerMetrics();
  const threads = resolveWorkers(config.workers);
  const backendConfigs = resolveBackendConfigs([...specs.values()], env, {
    file: options.file ?? 'config',
    backends: config.backends,
  });
  const usesBackends = [...specs.values()].some((s) => backendsUsed(s.root).length > 0);
  const cachePath = config.cache.enabled ? resolve(options.cwd ?? process.cwd(), config.cache.path) : null;
  // With Redis, the model-call cache and its in-flight dedupe span every replica (behind the local file).
  const sharedCache =
    config.jobs.redisUrl && cachePath ? { url: config.jobs.redisUrl, prefix: config.jobs.prefix } : null;
  const backendStats = new BackendStats();
  registerBackendMetrics(metrics.registry, backendStats);
  const shared = {
    specs,
    timeoutMs: config.limits.sampleTimeoutMs ?? undefined,
    onWorkerRestart: () => metrics.workerRestarts.inc(),
  };
  let scorer: Scorer;
  let backends: ReturnType<typeof openBackends>;
  /** Resolves to the error of a worker that failed to start, else undefined (never rejects). */
  let poolsReady: Promise<unknown> = Promise.resolve(undefined);
  if (threads === 0) {
    backends = openBackends({
      configs: backendConfigs,
      used: usesBackends,
      env,
      cachePath,
      shared:
        sharedCache && usesBackends
          ? new (await import('./redis-cache.js')).RedisSharedCache(sharedCache.url, sharedCache.prefix)
          : undefined,
      stats: backendStats,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    scorer = new InlineScorer({ ...shared, services: backends ? { backends } : undefined });
  } else {
    const pools: WorkerScorer[] = [];
    const bySpec = new Map<string, Scorer>();
    const startLane = (laneSpecs: ReadonlyMap<string, NamedSpec>, laneThreads: number, nice?: number): void => {
      const pool = new WorkerScorer({
        ...shared,
        specs: laneSpecs,
        threads: laneThreads,
        ...(nice === undefined ? {} : { nice }),
        chunkSize: config.chunkSize,
        extraModules,
        backends: usesBackends
          ? { configs: backendConfigs, env: keyEnv(backendConfigs, env), cachePath, sharedCache }
          : undefined,
        onBackendStats: (delta) => backendStats.merge(delta),
      });
      pools.push(pool);
      for (const name of laneSpecs.keys()) bySpec.set(name, pool);
    };
    // Specs of trivial rules get a thread of their own: CAS-heavy or model-calling work cannot queue in front of them.
    const lanes = splitLanes(specs);
    if (lanes.fast.size > 0 && lanes.general.size > 0) {
      startLane(lanes.fast, 1);
      startLane(lanes.general, threads, GENERAL_LANE_NICE);
    } else startLane(specs, threads);
    // Awaited after fastify has built its routes: the workers import their families meanwhile.
    poolsReady = Promise.all(pools.map((p) => p.ready())).then(
      () => undefined,
      (err: unknown) => err,
    );
    scorer = pools.length === 1 ? (pools[0] as WorkerScorer) : new LaneScorer(bySpec);
    // Small requests of trivial built-in specs cost less to score than to hand to a thread: score those here.
    const extra = new Set<unknown>(extraDefinitions);
    const inline = new Map([...lanes.fast].filter(([, spec]) => inlineSafe(spec.root, (def) => !extra.has(def))));
    if (config.inlineTrivialChars > 0 && inline.size > 0)
      scorer = new InlineFastScorer(
        new InlineScorer({ ...shared, specs: inline }),
        new Set(inline.keys()),
        scorer,
        config.inlineTrivialChars,
      );
  }
  // A postgres:// traces.path is the store replicas share; anything else is a SQLite file of this replica.
  const sharedTraces =
    config.traces.enabled && isPostgresUrl(config.traces.path)
      ? await (await import('./traces/postgres-store.js')).PostgresTraceStore.open({
          url: config.traces.path,
          sampleRate: config.traces.sampleRate,
          retentionDays: config.traces.retentionDays,
        }).catch(async (err: unknown) => {
          await scorer.close();
          throw new RewardError('unavailable', (err as Error).message, { where: 'traces.path' });
        })
      : undefined;
  sharedTraces?.startPruning();
  const traces =
    config.traces.enabled && !sharedTraces
      ? new TraceStore({
          path: resolve(options.cwd ?? process.cwd(), config.traces.path),
          sampleRate: config.traces.sampleRate,
          retentionDays: config.traces.retentionDays,
        })
      : undefined;
  traces?.startPruning();
  const { app, ctx } = buildApp({ config, specs, scorer, traces, traceSink: sharedTraces, metrics });
  // Worker threads go on starting while fastify compiles its routes and the server listens: specs scored on this
  // thread answer at once, requests for the others wait in their pool until its threads are up.
  await app.ready();
  if (config.jobs.redisUrl) {
    const url = config.jobs.redisUrl;
    const log = app.log;
    const { RedisJobs } = await import('./jobs/redis.js');
    ctx.jobs = await RedisJobs.open(chunkScorer(ctx.service, log), {
      ...config.jobs,
      url,
      onError: (message) => log.error(message),
    }).catch(async (err: unknown) => {
      await scorer.close();
      traces?.close();
      await sharedTraces?.close();
      throw err;
    });
  }
  for (const { spec, reason } of skipped) {
    app.log.warn({ spec: spec.name, file: spec.file }, `spec "${spec.name}" is not served: ${reason}`);
  }
  let closed: Promise<void> | undefined;
  /** Stops everything; with `drain`, in-flight requests finish first (bounded by the request budget). */
  const shutdown = async (drain: boolean): Promise<void> => {
    // Drain while still listening: /health answers 503 and new work is refused, in-flight requests finish.
    ctx.closing = true;
    // The job worker stops taking chunks now and finishes those in hand; the rest stay queued for other replicas.
    const jobsClosed = ctx.jobs.close();
    const drainUntil = Date.now() + config.limits.requestBudgetMs;
    while (drain && ctx.admission.active + ctx.admission.waiting > 0 && Date.now() < drainUntil) {
      await new Promise((r) => setTimeout(r, 20));
    }
    await jobsClosed;
    // Without a drain the pools go first, so requests waiting on them are answered and the app can close.
    if (!drain) await scorer.close();
    await app.close();
    if (drain) await scorer.close();
    // Background work on the backends (ONI annotation queues) finishes, bounded, before the cache closes.
    await closeBackends(backends);
    traces?.close();
    await sharedTraces?.close();
  };
  const close = (): Promise<void> => (closed ??= shutdown(true));
  // A worker that could not start stops the server (no drain: work queued for it could only wait out its budget),
  // and `started` rejects with its error.
  const started = poolsReady.then(async (err) => {
    if (err === undefined) return;
    app.log.error({ err }, 'a scoring worker could not start; stopping');
    await (closed ??= shutdown(false));
    throw err;
  });
  started.catch(() => {});
  return {
    app,
    ctx,
    started,
    // A deep accept backlog (the kernel caps it at somaxconn): trainers open a connection per sample in bursts.
    listen: () => app.listen({ host: config.host, port: config.port, backlog: LISTEN_BACKLOG }),
    close,
  };
}
