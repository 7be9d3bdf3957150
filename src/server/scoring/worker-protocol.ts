import type { BackendConfig, StatsSnapshot } from '../../backends/index.js';
import type { RewardResult, Sample } from '../../core/types.js';
import type { BodyRefusal } from '../http/raw-body.js';
import type { Timings, WireResults } from './scorer.js';

/** What every worker gets at start: spec texts (workers compile them) and modules of extra kinds. */
export interface WorkerSetup {
  specs: Array<{ name: string; file: string; text: string }>;
  extraModules: string[];
  timeoutMs: number | null;
  concurrency: number;
  /** The pool runs from .ts sources (tsx/vitest). */
  fromSource: boolean;
  /** Model backends the specs call (each worker opens its own client on the shared cache file). */
  backends?: WorkerBackends | undefined;
  /** Nice value the worker thread (and the threads and processes it starts) runs at; absent: unchanged. */
  nice?: number | undefined;
}

/** What a worker needs to build its backends: validated configs, the API-key variables they name, the cache. */
export interface WorkerBackends {
  configs: Record<string, BackendConfig>;
  env: Record<string, string>;
  cachePath: string | null;
  /** The Redis the model-call cache is shared in across replicas, or null. */
  sharedCache?: { url: string; prefix: string } | null | undefined;
}

/**
 * One batch inside a task: a chunk of one request, scored with its own runner call. Either the samples
 * themselves, or `raw`: JSON text whose `samples` member holds them as received (the worker parses and
 * validates them; a string crosses threads far cheaper than a structured clone of objects).
 */
export interface TaskItem {
  spec: string;
  samples?: Sample[];
  raw?: string;
  /** With `raw`: score the body's samples in this order (groups kept together); results return in body order. */
  order?: number[];
  /**
   * With `raw`, a body the HTTP thread has not read: the worker parses and checks it (depth, JSON, shape, at
   * most `maxSamples`), answers invalid samples itself, and with `traceMax` encodes each sample for the trace;
   * a body with more than `chunkSize` valid samples is given back, to be chunked on the HTTP thread.
   */
  unread?: { maxSamples: number; traceMax?: number | undefined; chunkSize?: number | undefined };
}

/** One worker task: chunks of one or more requests, packed together to share the thread round trip. */
export interface WorkerTask {
  items: TaskItem[];
  /** Int32 slots indexed by `HB`, written by the worker, read by the pool's watchdog. */
  heartbeat: SharedArrayBuffer;
  /** `Date.now()` when the task was sent; heartbeat times are relative to it. */
  epoch: number;
}

/** Results of one item, in its sample order; an item sent as `raw` gets them serialised (`wire`). */
export type ItemResult = (
  | { results: RewardResult[]; timings: Timings; wire?: undefined; unread?: undefined }
  | { wire: WireResults; timings: Timings; results?: undefined; unread?: undefined }
  | { unread: UnreadOutcome; timings: Timings; results?: undefined; wire?: undefined }
) & {
  /** On a task's first item: the worker's backend counters since its last task. */
  backendStats?: StatsSnapshot | undefined;
};

/**
 * What became of an unread body: refused as a whole, scored (every sample answered, ids first, in body
 * order; `traceSamples` when asked), or given back for the HTTP thread to read (its worker was replaced).
 */
export type UnreadOutcome =
  | { refused: BodyRefusal }
  | { wire: WireResults; count: number; traceSamples?: string[] | undefined }
  | { giveBack: true };

/** Heartbeat slots and sentinel values. */
export const HB = {
  /** Index (over all items' samples, in order) of the sample whose synchronous reward code runs, or `idle`. */
  sample: 0,
  startedAt: 1,
  budgetMs: 2,
  /** Index of the running leaf in `componentPaths(root)` of that sample's spec. */
  component: 3,
  /** Bumped every 25 ms by the worker's event loop and at every leaf start: no change means it is blocked. */
  tick: 4,
  slots: 5,
  idle: -1,
  unknownSample: -2,
} as const;
