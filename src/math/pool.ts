// A pool of CAS worker threads with a hard time budget per task: a worker that overruns is terminated
// and replaced, and the task comes back as a timeout. No signals, so it works off the main thread too.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CompareOptions, Verdict } from './compare.js';
import type { JudgeOptions } from './fast-judge.js';
import type { Answer } from './structure.js';

export interface CasRequest {
  id: number;
  gold: Answer;
  pred: Answer;
  options: CompareOptions & JudgeOptions;
}
export type CasResponse = { id: number; verdict: Verdict } | { id: number; error: string };

/** What a task ends with: a verdict, an overrun, or a failure (worker crashed or could not start). */
export type CasOutcome =
  | { kind: 'verdict'; verdict: Verdict; ms: number }
  | { kind: 'timeout'; ms: number }
  | { kind: 'failed'; message: string };

interface Task {
  request: Omit<CasRequest, 'id'>;
  budgetMs: number;
  resolve: (outcome: CasOutcome) => void;
  signal: AbortSignal | undefined;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  task: Task | null;
  timer: NodeJS.Timeout | undefined;
  started: number;
  id: number;
}

export interface PoolOptions {
  /** Worker threads (default: cores - 1, at least 1, at most 4). */
  size?: number;
  /** Heap limit per worker in MB (default 512): runaway CAS work fails instead of eating memory. */
  maxHeapMb?: number;
}

const BOOT_TS =
  "import('tsx/esm/api').then((m) => { m.register(); return import(require('node:worker_threads').workerData.url); })";

/** Runs CAS comparisons in worker threads, each under a hard time budget. */
export class CasPool {
  readonly size: number;
  readonly #maxHeapMb: number;
  readonly #slots: Slot[] = [];
  readonly #queue: Task[] = [];
  #nextId = 1;
  #closed = false;
  /** Workers started so far (replacements included), for tests and stats. */
  spawned = 0;

  constructor(options: PoolOptions = {}) {
    this.size = Math.max(1, options.size ?? Math.min(4, Math.max(1, availableParallelism() - 1)));
    this.#maxHeapMb = options.maxHeapMb ?? 512;
  }

  /** Runs one comparison; the budget counts from the moment a ready worker takes the task. */
  run(request: Omit<CasRequest, 'id'>, budgetMs: number, signal?: AbortSignal): Promise<CasOutcome> {
    if (this.#closed) return Promise.resolve({ kind: 'failed', message: 'the CAS pool is closed' });
    return new Promise((resolve) => {
      const task: Task = { request, budgetMs, resolve, signal };
      signal?.addEventListener('abort', () => this.#cancel(task), { once: true });
      this.#queue.push(task);
      this.#pump();
    });
  }

  /** Terminates every worker; pending tasks fail. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const task of this.#queue.splice(0)) task.resolve({ kind: 'failed', message: 'the CAS pool was closed' });
    await Promise.all(
      this.#slots.splice(0).map((slot) => {
        clearTimeout(slot.timer);
        slot.task?.resolve({ kind: 'failed', message: 'the CAS pool was closed' });
        return slot.worker.terminate();
      }),
    );
  }

  #cancel(task: Task): void {
    const i = this.#queue.indexOf(task);
    if (i >= 0) {
      this.#queue.splice(i, 1);
      task.resolve({ kind: 'failed', message: 'cancelled' });
    }
  }

  #pump(): void {
    while (this.#queue.length > 0) {
      const idle = this.#slots.find((s) => s.ready && s.task === null);
      if (idle) {
        this.#dispatch(idle, this.#queue.shift() as Task);
        continue;
      }
      const starting = this.#slots.filter((s) => !s.ready).length;
      if (this.#slots.length < this.size && starting < this.#queue.length) {
        this.#spawn();
        continue;
      }
      return;
    }
  }

  #spawn(): void {
    const here = import.meta.url;
    const fromSource = here.endsWith('.ts');
    const url = new URL(fromSource ? './worker.ts' : './worker.js', here);
    const resourceLimits = { maxOldGenerationSizeMb: this.#maxHeapMb };
    const worker = fromSource
      ? new Worker(BOOT_TS, { eval: true, workerData: { url: url.href }, resourceLimits })
      : new Worker(url, { resourceLimits });
    this.spawned++;
    const slot: Slot = { worker, ready: false, task: null, timer: undefined, started: 0, id: 0 };
    this.#slots.push(slot);
    worker.on('message', (msg: CasResponse | { ready: true }) => this.#onMessage(slot, msg));
    worker.on('error', (err) => this.#onDeath(slot, `CAS worker failed: ${err.message}`));
    worker.on('exit', (code) => this.#onDeath(slot, `CAS worker exited with code ${code}`));
  }

  #dispatch(slot: Slot, task: Task): void {
    const id = this.#nextId++;
    slot.task = task;
    slot.id = id;
    slot.started = performance.now();
    slot.worker.ref();
    slot.timer = setTimeout(() => this.#overrun(slot), task.budgetMs);
    slot.worker.postMessage({ id, ...task.request } satisfies CasRequest);
  }

  #onMessage(slot: Slot, msg: CasResponse | { ready: true }): void {
    if ('ready' in msg) {
      slot.ready = true;
      slot.worker.unref();
      this.#pump();
      return;
    }
    const task = slot.task;
    if (!task || msg.id !== slot.id) return;
    clearTimeout(slot.timer);
    slot.task = null;
    slot.worker.unref();
    const ms = performance.now() - slot.started;
    task.resolve(
      'error' in msg ? { kind: 'failed', message: msg.error } : { kind: 'verdict', verdict: msg.verdict, ms },
    );
    this.#pump();
  }

  #overrun(slot: Slot): void {
    const task = slot.task;
    if (!task) return;
    slot.task = null;
    this.#remove(slot);
    void slot.worker.terminate();
    task.resolve({ kind: 'timeout', ms: performance.now() - slot.started });
    this.#pump();
  }

  #onDeath(slot: Slot, message: string): void {
    if (!this.#remove(slot)) return;
    clearTimeout(slot.timer);
    const task = slot.task;
    slot.task = null;
    if (!slot.ready) {
      // A worker that cannot start fails the queue instead of respawning forever.
      for (const queued of this.#queue.splice(0)) queued.resolve({ kind: 'failed', message });
    }
    task?.resolve({ kind: 'failed', message });
    this.#pump();
  }

  #remove(slot: Slot): boolean {
    const i = this.#slots.indexOf(slot);
    if (i < 0) return false;
    this.#slots.splice(i, 1);
    return true;
  }
}

let shared: CasPool | undefined;

/** The process-wide pool the `math` reward uses, created on first need. */
export function sharedCasPool(): CasPool {
  shared ??= new CasPool();
  return shared;
}
