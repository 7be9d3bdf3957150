import type { RewardResult, Sample } from '../core/types.js';
import type { Timings } from './scorer.js';

/** What every worker gets at start: spec texts (workers compile them) and modules of extra kinds. */
export interface WorkerSetup {
  specs: Array<{ name: string; file: string; text: string }>;
  extraModules: string[];
  timeoutMs: number | null;
  concurrency: number;
  /** The pool runs from .ts sources (tsx/vitest). */
  fromSource: boolean;
}

/** One chunk of one request's samples. */
export interface ChunkTask {
  spec: string;
  samples: Sample[];
  /** Int32 slots indexed by `HB`, written by the worker, read by the pool's watchdog. */
  heartbeat: SharedArrayBuffer;
  /** `Date.now()` when the task was sent; heartbeat times are relative to it. */
  epoch: number;
}

export interface ChunkResult {
  results: RewardResult[];
  timings: Timings;
}

/** Heartbeat slots and sentinel values. */
export const HB = {
  /** Index of the sample whose synchronous reward code is running, or `idle`. */
  sample: 0,
  startedAt: 1,
  budgetMs: 2,
  /** Index of the running leaf in `componentPaths(root)`. */
  component: 3,
  slots: 4,
  idle: -1,
  unknownSample: -2,
} as const;
