import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { StatsSnapshot } from '../../backends/index.js';
import { failed } from '../../core/outcome.js';
import { DEFAULT_BUDGET_MS } from '../../core/runner.js';
import type { CompiledNode } from '../../core/spec.js';
import type { RewardResult, Sample } from '../../core/types.js';
import { chunkIndices } from './chunks.js';
import type { BodyOutcome, ScoreOutcome, Scorer, ScorerOptions, Timings } from './scorer.js';
import { componentPaths } from './spec-set.js';
import {
  HB,
  type ItemResult,
  type TaskItem,
  type UnreadOutcome,
  type WorkerBackends,
  type WorkerSetup,
  type WorkerTask,
} from './worker-protocol.js';

/** Options of the worker pool on top of the shared scorer options. */
export interface WorkerScorerOptions extends ScorerOptions {
  threads: number;
  /** Model backends for the workers to build, and where their counters go. */
  backends?: WorkerBackends | undefined;
  onBackendStats?: ((delta: StatsSnapshot) => void) | undefined;
  /** Samples per task (default 256): a request is cut into chunks this size, small ones share a task. */
  chunkSize?: number | undefined;
  /** Modules exporting `definitions` (extra kinds), imported by every worker. */
  extraModules?: readonly string[] | undefined;
  /** How often the watchdog reads heartbeats (default 20 ms). */
  watchdogMs?: number | undefined;
  /** Nice value of the pool's threads (Linux): a slow lane yields the CPU to the fast lane and the HTTP thread. */
  nice?: number | undefined;
}

/** A chunk waiting for a thread. */
interface Item {
  spec: string;
  samples: Sample[];
  /** JSON text whose `samples` member holds `samples` as received; sent instead of them when set. */
  raw?: string | undefined;
  /** With `raw`: `samples[k]` is the body's sample `order[k]` (absent: the same order). */
  order?: number[] | undefined;
  /** `raw` is a body the HTTP thread has not read (`samples` is empty); the worker reads it. */
  unread?: TaskItem['unread'];
  /** Samples it counts for as a share of a task (`samples.length`, or a whole chunk for an unread body). */
  size: number;
  /** The `score`/`scoreBody` call the chunk belongs to: threads are shared fairly between calls. */
  request: number;
  done: (out: ItemResult) => void;
}

interface Running {
  items: Item[];
  hb: Int32Array;
  epoch: number;
  controller: AbortController;
  /** Largest leaf budget among the task's specs: the longest the worker's event loop may stall. */
  maxBudgetMs: number;
  lastTick: number;
  lastTickAt: number;
  /** Set by the watchdog: the sample (index over the task) and leaf that overran. */
  stuck?: { sample: number; component: number; budgetMs: number };
}

// Under tsx/vitest this file is .ts and so is the worker; from dist both are .js.
const fromSource = import.meta.url.endsWith('.ts');
const WORKER_FILE = new URL(fromSource ? './score-worker.ts' : './score-worker.js', import.meta.url);

/**
 * Scores in worker threads. Chunks wait in one queue; a free thread takes as many as fit in `chunkSize`
 * samples (many small requests share one round trip). A worker stuck past its budget is terminated and
 * replaced: its sample is reported `timeout`, the others of its task are scored again.
 */
export class WorkerScorer implements Scorer {
  readonly #pool: Piscina;
  readonly #options: WorkerScorerOptions;
  readonly #chunkSize: number;
  readonly #queue: Item[] = [];
  readonly #running = new Set<Running>();
  readonly #paths = new Map<string, string[]>();
  readonly #maxBudget = new Map<string, number>();
  /** When each request last had a chunk start (absent: never), for round-robin between requests. */
  readonly #served = new Map<number, number>();
  #requests = 0;
  #dispatches = 0;
  #watchdog: NodeJS.Timeout | undefined;

  constructor(options: WorkerScorerOptions) {
    if (options.threads < 1) throw new Error('WorkerScorer needs at least one thread');
    this.#options = options;
    this.#chunkSize = options.chunkSize ?? 256;
    const setup: WorkerSetup = {
      specs: [...options.specs.values()].map((s) => ({ name: s.name, file: s.file, text: s.text })),
      extraModules: [...(options.extraModules ?? [])],
      timeoutMs: options.timeoutMs ?? null,
      concurrency: options.concurrency ?? 64,
      fromSource,
      backends: options.backends,
      nice: options.nice,
    };
    for (const [name, spec] of options.specs) {
      this.#paths.set(name, componentPaths(spec.root));
      this.#maxBudget.set(name, maxLeafBudget(spec.root, options.timeoutMs));
    }
    this.#pool = new Piscina({
      filename: fileURLToPath(WORKER_FILE),
      minThreads: options.threads,
      maxThreads: options.threads,
      idleTimeout: Number.POSITIVE_INFINITY,
      concurrentTasksPerWorker: 1,
      workerData: setup,
      ...(fromSource ? { execArgv: ['--import', 'tsx'] } : {}),
    });
    // A result that raced a termination arrives for a task piscina already dropped; nothing is lost.
    this.#pool.on('error', () => {});
  }

  get queued(): number {
    return this.#queue.length;
  }

  get chunkSize(): number {
    return this.#chunkSize;
  }

  get threads(): number {
    return this.#options.threads;
  }

  /** Waits until every worker has compiled its specs (so start-up errors surface before listening). */
  async ready(): Promise<void> {
    const task = (): WorkerTask => ({ items: [], heartbeat: new SharedArrayBuffer(HB.slots * 4), epoch: 0 });
    await Promise.all(Array.from({ length: this.#options.threads }, () => this.#pool.run(task())));
  }

  async scoreBody(spec: string, samples: readonly Sample[], raw: string): Promise<BodyOutcome> {
    if (!this.#paths.has(spec)) throw new Error(`unknown spec "${spec}"`);
    const chunks = chunkIndices(samples, this.#chunkSize);
    if (chunks.length !== 1) return this.score(spec, samples);
    // One chunk: the worker parses the body text itself and scores in the same order as `score` would (groups
    // together); the samples stay here, in that order, for a retry after a stuck worker.
    const indices = chunks[0] as number[];
    const order = indices.some((i, k) => i !== k) ? indices : undefined;
    const out = await this.#enqueue(
      ++this.#requests,
      spec,
      indices.map((i) => samples[i] as Sample),
      raw,
      order,
    );
    if (out.wire) return { wire: out.wire, timings: out.timings };
    const scored = resultsOf(out);
    if (!order) return { results: scored, timings: out.timings };
    const results = new Array<RewardResult>(samples.length);
    order.forEach((i, k) => {
      results[i] = scored[k] as RewardResult;
    });
    return { results, timings: out.timings };
  }

  /**
   * Scores a body the HTTP thread has not read (JSON text of `{spec, samples}` with at most `chunkSize`
   * samples): the worker parses, checks and scores it, and answers serialised results, or the refusal.
   */
  async scoreUnread(
    spec: string,
    raw: string,
    options: { maxSamples: number; traceMax?: number | undefined },
  ): Promise<{ outcome: UnreadOutcome; timings: Timings }> {
    if (!this.#paths.has(spec)) throw new Error(`unknown spec "${spec}"`);
    const unread = { maxSamples: options.maxSamples, traceMax: options.traceMax, chunkSize: this.#chunkSize };
    const out = await this.#enqueue(++this.#requests, spec, [], raw, undefined, unread);
    return { outcome: out.unread ?? { giveBack: true }, timings: out.timings };
  }

  async score(spec: string, samples: readonly Sample[]): Promise<ScoreOutcome> {
    if (!this.#paths.has(spec)) throw new Error(`unknown spec "${spec}"`);
    const results = new Array<RewardResult>(samples.length);
    const timings: Timings = {};
    const request = ++this.#requests;
    await Promise.all(
      chunkIndices(samples, this.#chunkSize).map(async (indices) => {
        const out = await this.#enqueue(
          request,
          spec,
          indices.map((i) => samples[i] as Sample),
        );
        const chunk = resultsOf(out); // never wire: no raw here
        indices.forEach((i, k) => {
          results[i] = chunk[k] as RewardResult;
        });
        for (const [path, list] of Object.entries(out.timings)) (timings[path] ??= []).push(...list);
      }),
    );
    return { results, timings };
  }

  #enqueue(
    request: number,
    spec: string,
    samples: Sample[],
    raw?: string,
    order?: number[],
    unread?: TaskItem['unread'],
  ): Promise<ItemResult> {
    const size = unread ? this.#chunkSize : samples.length;
    return new Promise((done) => {
      this.#queue.push({ spec, samples, raw, order, unread, size, request, done });
      this.#pump();
    });
  }

  /**
   * The next chunk to start: the oldest chunk of the request that has waited longest since it last had
   * one start. A 4,096-sample request's 16 chunks then take turns with a one-sample request instead of
   * all running before it.
   */
  #takeNext(room: number): Item | undefined {
    let best = -1;
    let bestServed = Number.POSITIVE_INFINITY;
    const seen = new Set<number>();
    for (let i = 0; i < this.#queue.length; i++) {
      const item = this.#queue[i] as Item;
      if (seen.has(item.request)) continue;
      seen.add(item.request);
      if (item.size > room) continue;
      const served = this.#served.get(item.request) ?? -1;
      if (served < bestServed) {
        best = i;
        bestServed = served;
      }
    }
    if (best < 0) return undefined;
    const [item] = this.#queue.splice(best, 1) as [Item];
    this.#served.set(item.request, ++this.#dispatches);
    if (!this.#queue.some((q) => q.request === item.request)) this.#served.delete(item.request);
    return item;
  }

  /** Starts tasks while a thread is free; a task takes queued chunks up to `chunkSize` samples, requests in turn. */
  #pump(): void {
    while (this.#running.size < this.#options.threads && this.#queue.length > 0) {
      const first = this.#takeNext(Number.POSITIVE_INFINITY) as Item;
      const items = [first];
      let size = first.size;
      for (let next = this.#takeNext(this.#chunkSize - size); next; next = this.#takeNext(this.#chunkSize - size)) {
        size += next.size;
        items.push(next);
      }
      this.#run(items);
    }
  }

  #run(items: Item[]): void {
    const heartbeat = new SharedArrayBuffer(HB.slots * 4);
    const epoch = Date.now();
    const running: Running = {
      items,
      hb: new Int32Array(heartbeat),
      epoch,
      controller: new AbortController(),
      maxBudgetMs: Math.max(...items.map((i) => this.#maxBudget.get(i.spec) ?? DEFAULT_BUDGET_MS.expensive)),
      lastTick: 0,
      lastTickAt: epoch,
    };
    running.hb[HB.sample] = HB.idle;
    const task: WorkerTask = {
      items: items.map((i): TaskItem => {
        if (i.raw === undefined) return { spec: i.spec, samples: i.samples };
        return i.unread ? { spec: i.spec, raw: i.raw, unread: i.unread } : { spec: i.spec, raw: i.raw };
      }),
      heartbeat,
      epoch: running.epoch,
    };
    this.#running.add(running);
    this.#watchdog ??= setInterval(() => this.#check(), this.#options.watchdogMs ?? 20).unref();
    this.#pool.run(task, { signal: running.controller.signal }).then(
      (out: ItemResult[]) => {
        this.#finish(running);
        const stats = out[0]?.backendStats;
        if (stats) this.#options.onBackendStats?.(stats);
        for (const [k, item] of items.entries()) item.done(out[k] as ItemResult);
      },
      (err: unknown) => {
        this.#finish(running);
        if (running.stuck) this.#afterStuck(items, running.stuck);
        else {
          const message = `scoring worker failed: ${err instanceof Error ? err.message : String(err)}`;
          for (const item of items)
            item.done(
              item.unread
                ? { unread: { giveBack: true }, timings: {} } // the HTTP thread reads it and scores it the usual way
                : { results: item.samples.map(() => failed('internal', message)), timings: {} },
            );
        }
      },
    );
  }

  /** Reports the stuck sample as `timeout` and puts everything else of the task back at the head of the queue. */
  #afterStuck(items: Item[], stuck: NonNullable<Running['stuck']>): void {
    this.#options.onWorkerRestart?.();
    const retry: Item[] = [];
    let offset = 0;
    for (const item of items) {
      const at = stuck.sample === HB.unknownSample ? -2 : stuck.sample - offset;
      offset += item.samples.length;
      if (item.unread) {
        // Its samples exist only in that worker: the HTTP thread reads the body and scores it the usual way.
        item.done({ unread: { giveBack: true }, timings: {} });
        continue;
      }
      const paths = this.#paths.get(item.spec) ?? [];
      const timeout = (): RewardResult => ({
        status: 'error',
        components: Object.fromEntries(paths.map((p) => [p, null])),
        code: 'timeout',
        message:
          stuck.sample === HB.unknownSample
            ? `the scoring thread stalled for over ${stuck.budgetMs} ms and was replaced; which sample blocked it is unknown`
            : `${paths[stuck.component] ?? 'a reward'} overran its ${stuck.budgetMs} ms budget; its worker was replaced`,
      });
      if (at === -2) {
        item.done({ results: item.samples.map(timeout), timings: {} }); // cannot tell which sample: all time out
      } else if (at < 0 || at >= item.samples.length) {
        retry.push(item);
      } else {
        const rest = item.samples.filter((_, i) => i !== at);
        const done = (out: ItemResult): void => {
          const results = [...resultsOf(out)]; // retries carry no raw
          results.splice(at, 0, timeout());
          item.done({ results, timings: out.timings });
        };
        if (rest.length === 0) done({ results: [], timings: {} });
        else retry.push({ spec: item.spec, samples: rest, size: rest.length, request: item.request, done });
      }
    }
    this.#queue.unshift(...retry);
    this.#pump();
  }

  #finish(running: Running): void {
    this.#running.delete(running);
    if (this.#running.size === 0 && this.#watchdog) {
      clearInterval(this.#watchdog);
      this.#watchdog = undefined;
    }
    queueMicrotask(() => this.#pump());
  }

  #check(): void {
    const now = Date.now();
    for (const r of this.#running) {
      if (r.stuck) continue;
      const sample = Atomics.load(r.hb, HB.sample);
      if (sample !== HB.idle) {
        // A synchronous reward is running: stop it once it overruns its own budget.
        const budgetMs = Atomics.load(r.hb, HB.budgetMs);
        if (now - r.epoch - Atomics.load(r.hb, HB.startedAt) <= budgetMs) continue;
        r.stuck = { sample, component: Atomics.load(r.hb, HB.component), budgetMs };
        r.controller.abort();
        continue;
      }
      const tick = Atomics.load(r.hb, HB.tick);
      if (tick === 0) continue; // waiting for a (possibly new) worker to pick it up
      if (tick !== r.lastTick) {
        r.lastTick = tick;
        r.lastTickAt = now;
      } else if (now - r.lastTickAt > r.maxBudgetMs) {
        // The event loop stalled outside any heartbeat (a reward blocking after an await): which sample is unknown.
        r.stuck = { sample: HB.unknownSample, component: -1, budgetMs: r.maxBudgetMs };
        r.controller.abort();
      }
    }
  }

  async close(): Promise<void> {
    if (this.#watchdog) clearInterval(this.#watchdog);
    await this.#pool.close();
  }
}

/** The results of an item sent as samples or as read body text (wire results parsed back). */
function resultsOf(out: ItemResult): RewardResult[] {
  if (out.results) return out.results;
  if (out.wire) return JSON.parse(out.wire.json) as RewardResult[];
  throw new Error('an unread body has no results of its own');
}

/** The largest per-sample budget of any leaf in a tree: the configured one, else by cost class. */
function maxLeafBudget(node: CompiledNode, timeoutMs: number | undefined): number {
  const own = node.def.type === 'leaf' ? (timeoutMs ?? DEFAULT_BUDGET_MS[node.def.capabilities.cost]) : 0;
  const children = Object.values(node.slots).flatMap((list) => list.map((c) => maxLeafBudget(c, timeoutMs)));
  return Math.max(own, ...children);
}
