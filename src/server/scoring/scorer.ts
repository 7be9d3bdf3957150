import type { Services } from '../../core/define.js';
import { isTrivialLeaf, Runner } from '../../core/runner.js';
import type { CompiledNode } from '../../core/spec.js';
import type { RewardResult, Sample } from '../../core/types.js';
import { instrumentTree, type LeafProbe } from './instrument.js';
import type { NamedSpec } from './spec-set.js';
import type { UnreadOutcome } from './worker-protocol.js';

/** Leaf latencies of one batch, in milliseconds, keyed by component path. */
export type Timings = Record<string, number[]>;

/** Results already serialised by a worker: the JSON array of wire results (ids first), plus counts for metrics. */
export interface WireResults {
  json: string;
  /** Samples by status and by code. */
  statuses: Record<string, number>;
  codes: Record<string, number>;
}

/** What scoring one batch produced: one result per sample, in input order, plus leaf timings. */
export interface ScoreOutcome {
  results: RewardResult[];
  timings: Timings;
  wire?: undefined;
}

/** What `scoreBody` produced: results as objects, or already serialised by the worker (`wire`). */
export type BodyOutcome = ScoreOutcome | { wire: WireResults; timings: Timings; results?: undefined };

/** Scores batches against named specs; the server holds one. */
export interface Scorer {
  score(spec: string, samples: readonly Sample[]): Promise<ScoreOutcome>;
  /**
   * Like `score`, answered synchronously where this thread scores `spec` and every sample's reward answered
   * at once (trivial rules); `undefined` when this scorer would hand the batch elsewhere (call `score`).
   * `chars` is the size of the request's sample text, when known.
   */
  scoreNow?(spec: string, samples: readonly Sample[], chars?: number): ScoreOutcome | Promise<ScoreOutcome> | undefined;
  /**
   * Like `score`, given also `raw`: JSON text whose `samples` member holds these samples as received (every
   * one valid). A worker parses it itself instead of receiving a structured clone, and may answer `wire`.
   */
  scoreBody?(spec: string, samples: readonly Sample[], raw: string): Promise<BodyOutcome>;
  /**
   * Scores body text `{spec, samples}` this thread has not parsed (at most one chunk of samples): a worker
   * reads, checks and scores it. Only pools of worker threads have it.
   */
  scoreUnread?(
    spec: string,
    raw: string,
    options: { maxSamples: number; traceMax?: number | undefined },
  ): Promise<{ outcome: UnreadOutcome; timings: Timings }>;
  /** Samples one task holds: an unread body must have at most this many to go to `scoreUnread`. */
  readonly chunkSize?: number | undefined;
  /** Worker tasks waiting for a thread. */
  readonly queued: number;
  /** Scoring threads (0 when scoring on the main thread). */
  readonly threads: number;
  close(): Promise<void>;
}

/** Options shared by both scorers. */
export interface ScorerOptions {
  specs: ReadonlyMap<string, NamedSpec>;
  /** Per-sample budget of every leaf (default: the runner's by cost class). */
  timeoutMs?: number | undefined;
  /** Leaf calls in flight within one batch. */
  concurrency?: number | undefined;
  /** Called when a stuck worker is terminated and replaced. */
  onWorkerRestart?: (() => void) | undefined;
  /** Services for the runner (model backends) when scoring on this thread. */
  services?: Services | undefined;
}

/** Adds one leaf latency to a batch's timings. */
export function addTiming(timings: Timings, path: string, ms: number): void {
  let list = timings[path];
  if (!list) timings[path] = list = [];
  list.push(ms);
}

/** Scores on the calling thread: for tests and tiny loads (`workers: 0`). A sync reward that never returns blocks it. */
export class InlineScorer implements Scorer {
  readonly #runner: Runner;
  readonly #trees = new Map<string, CompiledNode>();
  readonly #batchOf = new WeakMap<Sample, Timings>();
  /** Specs that are one trivial leaf, by name: `scoreNow` runs them uninstrumented. */
  readonly #leaves = new Map<string, CompiledNode>();
  readonly queued = 0;
  readonly threads = 0;

  constructor(options: ScorerOptions) {
    this.#runner = new Runner({
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
      ...(options.services ? { services: options.services } : {}),
    });
    const probe: LeafProbe = {
      start() {},
      returned() {},
      end: (sample, path, ms) => {
        const timings = this.#batchOf.get(sample);
        if (timings) addTiming(timings, path, ms);
      },
    };
    for (const [name, spec] of options.specs) {
      this.#trees.set(name, instrumentTree(spec.root, probe, options.timeoutMs));
      if (isTrivialLeaf(spec.root.def)) this.#leaves.set(name, spec.root);
    }
  }

  async score(spec: string, samples: readonly Sample[]): Promise<ScoreOutcome> {
    const tree = this.#trees.get(spec);
    if (!tree) throw new Error(`unknown spec "${spec}"`);
    const timings: Timings = {};
    for (const sample of samples) this.#batchOf.set(sample, timings);
    const results = await this.#runner.score(tree, samples);
    return { results, timings };
  }

  scoreNow(spec: string, samples: readonly Sample[]): ScoreOutcome | Promise<ScoreOutcome> {
    const leaf = this.#leaves.get(spec);
    if (!leaf) return this.score(spec, samples);
    // One trivial leaf: the runner times each call itself (no probe around it), one clock read per sample.
    const times: number[] = new Array(samples.length);
    const timings: Timings = { [leaf.path]: times };
    const results = this.#runner.scoreNow(leaf, samples, times);
    return results instanceof Promise ? results.then((r) => ({ results: r, timings })) : { results, timings };
  }

  async close(): Promise<void> {}
}
