import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { failed } from '../core/outcome.js';
import type { RewardResult, Sample } from '../core/types.js';
import { chunkIndices } from './chunks.js';
import type { ScoreOutcome, Scorer, ScorerOptions, Timings } from './scorer.js';
import { componentPaths } from './spec-set.js';
import { type ChunkResult, type ChunkTask, HB, type WorkerSetup } from './worker-protocol.js';

/** Options of the worker pool on top of the shared scorer options. */
export interface WorkerScorerOptions extends ScorerOptions {
  threads: number;
  /** Samples per task (default 256); groups are never split. */
  chunkSize?: number | undefined;
  /** Modules exporting `definitions` (extra kinds), imported by every worker. */
  extraModules?: readonly string[] | undefined;
  /** How often the watchdog reads heartbeats (default 20 ms). */
  watchdogMs?: number | undefined;
}

interface Running {
  hb: Int32Array;
  epoch: number;
  controller: AbortController;
  /** Set by the watchdog: the sample index and leaf that overran. */
  stuck?: { sample: number; component: number; budgetMs: number };
}

// Under tsx/vitest this file is .ts and so is the worker; from dist both are .js.
const fromSource = import.meta.url.endsWith('.ts');
const WORKER_FILE = new URL(fromSource ? './score-worker.ts' : './score-worker.js', import.meta.url);

/** Scores in worker threads; a worker stuck past its budget is terminated and replaced, its sample reported `timeout`. */
export class WorkerScorer implements Scorer {
  readonly #pool: Piscina;
  readonly #options: WorkerScorerOptions;
  readonly #running = new Set<Running>();
  readonly #paths = new Map<string, string[]>();
  #watchdog: NodeJS.Timeout | undefined;

  constructor(options: WorkerScorerOptions) {
    if (options.threads < 1) throw new Error('WorkerScorer needs at least one thread');
    this.#options = options;
    const setup: WorkerSetup = {
      specs: [...options.specs.values()].map((s) => ({ name: s.name, file: s.file, text: s.text })),
      extraModules: [...(options.extraModules ?? [])],
      timeoutMs: options.timeoutMs ?? null,
      concurrency: options.concurrency ?? 64,
      fromSource,
    };
    for (const [name, spec] of options.specs) this.#paths.set(name, componentPaths(spec.root));
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
    return this.#pool.queueSize;
  }

  get threads(): number {
    return this.#options.threads;
  }

  /** Waits until every worker has compiled its specs (so start-up errors surface before listening). */
  async ready(): Promise<void> {
    const spec = [...this.#paths.keys()][0];
    if (spec === undefined) return;
    const task = (): ChunkTask => ({ spec, samples: [], heartbeat: new SharedArrayBuffer(HB.slots * 4), epoch: 0 });
    await Promise.all(Array.from({ length: this.#options.threads }, () => this.#pool.run(task())));
  }

  async score(spec: string, samples: readonly Sample[]): Promise<ScoreOutcome> {
    if (!this.#paths.has(spec)) throw new Error(`unknown spec "${spec}"`);
    const chunks = chunkIndices(samples, this.#options.chunkSize ?? 256);
    const results = new Array<RewardResult>(samples.length);
    const timings: Timings = {};
    await Promise.all(
      chunks.map(async (indices) => {
        const out = await this.#runChunk(
          spec,
          indices.map((i) => samples[i] as Sample),
        );
        indices.forEach((i, k) => {
          results[i] = out.results[k] as RewardResult;
        });
        for (const [path, list] of Object.entries(out.timings)) (timings[path] ??= []).push(...list);
      }),
    );
    return { results, timings };
  }

  /** Runs one chunk; if a reward gets stuck, reports that sample as `timeout` and reruns the others. */
  async #runChunk(spec: string, samples: Sample[]): Promise<ChunkResult> {
    const heartbeat = new SharedArrayBuffer(HB.slots * 4);
    const running: Running = { hb: new Int32Array(heartbeat), epoch: Date.now(), controller: new AbortController() };
    running.hb[HB.sample] = HB.idle;
    const task: ChunkTask = { spec, samples, heartbeat, epoch: running.epoch };
    this.#track(running);
    try {
      return (await this.#pool.run(task, { signal: running.controller.signal })) as ChunkResult;
    } catch (err) {
      if (!running.stuck) {
        const message = `scoring worker failed: ${err instanceof Error ? err.message : String(err)}`;
        return { results: samples.map(() => failed('internal', message)), timings: {} };
      }
      return this.#afterStuck(spec, samples, running.stuck);
    } finally {
      this.#untrack(running);
    }
  }

  async #afterStuck(spec: string, samples: Sample[], stuck: NonNullable<Running['stuck']>): Promise<ChunkResult> {
    this.#options.onWorkerRestart?.();
    const paths = this.#paths.get(spec) ?? [];
    const component = paths[stuck.component] ?? 'a reward';
    const components = Object.fromEntries(paths.map((p) => [p, null]));
    const message = `${component} overran its ${stuck.budgetMs} ms budget; its worker was replaced`;
    const timeout = (): RewardResult => ({ status: 'error', components: { ...components }, code: 'timeout', message });
    if (stuck.sample === HB.unknownSample) return { results: samples.map(timeout), timings: {} };
    const rest = samples.filter((_, i) => i !== stuck.sample);
    const rerun = rest.length > 0 ? await this.#runChunk(spec, rest) : { results: [], timings: {} };
    const results = [...rerun.results];
    results.splice(stuck.sample, 0, timeout());
    return { results, timings: rerun.timings };
  }

  #track(running: Running): void {
    this.#running.add(running);
    this.#watchdog ??= setInterval(() => this.#check(), this.#options.watchdogMs ?? 20).unref();
  }

  #untrack(running: Running): void {
    this.#running.delete(running);
    if (this.#running.size === 0 && this.#watchdog) {
      clearInterval(this.#watchdog);
      this.#watchdog = undefined;
    }
  }

  #check(): void {
    const now = Date.now();
    for (const r of this.#running) {
      const sample = Atomics.load(r.hb, HB.sample);
      if (sample === HB.idle || r.stuck) continue;
      const budgetMs = Atomics.load(r.hb, HB.budgetMs);
      if (now - r.epoch - Atomics.load(r.hb, HB.startedAt) <= budgetMs) continue;
      r.stuck = { sample, component: Atomics.load(r.hb, HB.component), budgetMs };
      r.controller.abort();
    }
  }

  async close(): Promise<void> {
    if (this.#watchdog) clearInterval(this.#watchdog);
    await this.#pool.close();
  }
}
