// ONI-style asynchronous annotation: observations go to a judge in the background; labels are cached by
// content hash and served to later scoring without ever waiting on the judge.
import { createHash } from 'node:crypto';

/** Labels one observation; `signal` aborts when the host stops waiting for it (drain timed out). */
export type Annotator = (observation: string, signal: AbortSignal) => Promise<number>;

/** Where one observation stands. */
export type Lookup =
  | { state: 'labelled'; label: number }
  | { state: 'pending' }
  | { state: 'queued' }
  | { state: 'full' }
  | { state: 'closed' };

/** What a drain did: annotations that finished, failed, and were dropped unfinished (waiting or aborted). */
export interface Drained {
  finished: number;
  failed: number;
  abandoned: number;
}

/**
 * A bounded queue of observations awaiting a label, worked by `concurrency` background calls, and an LRU map
 * of labels by SHA-256 of the observation. A failed annotation is forgotten so a later sighting retries it.
 */
export class AnnotationQueue {
  readonly #labels = new Map<string, number>();
  readonly #pending = new Map<string, string>();
  readonly #waiting: string[] = [];
  readonly #listeners: Array<(observation: string, label: number) => void> = [];
  readonly #abort = new AbortController();
  #running = 0;
  #idle: Array<() => void> = [];
  #closing = false;
  #stored = 0;
  #abandoned = 0;
  failures = 0;

  constructor(
    private readonly annotate: Annotator,
    private readonly limits: { maxPending: number; cacheSize: number; concurrency: number },
  ) {}

  static key(observation: string): string {
    return createHash('sha256').update(observation).digest('hex');
  }

  /** Calls `fn` with every new label (a learned reward model trains on them). */
  onLabel(fn: (observation: string, label: number) => void): void {
    this.#listeners.push(fn);
  }

  /**
   * The cached label, else a label `cached()` can give at once (a judge reply already in the backend cache),
   * else enqueues the observation (never waits).
   */
  lookup(observation: string, cached?: () => number | undefined): Lookup {
    const key = AnnotationQueue.key(observation);
    const label = this.#labels.get(key);
    if (label !== undefined) {
      this.#labels.delete(key); // refresh its place in the LRU order
      this.#labels.set(key, label);
      return { state: 'labelled', label };
    }
    if (this.#pending.has(key)) return { state: 'pending' };
    const hit = cached?.();
    if (hit !== undefined) {
      this.#store(key, observation, hit);
      return { state: 'labelled', label: hit };
    }
    if (this.#closing) return { state: 'closed' };
    if (this.#pending.size >= this.limits.maxPending) return { state: 'full' };
    this.#pending.set(key, observation);
    this.#waiting.push(key);
    this.#pump();
    return { state: 'queued' };
  }

  /** Resolves once nothing is queued or in flight (for tests; hosts use `drain`). */
  idle(): Promise<void> {
    if (this.#running === 0 && this.#waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /**
   * Shutdown: takes no new observations and keeps annotating those queued for at most `waitMs`; then aborts the
   * calls in flight and drops the rest. Finished labels reach the backend's response cache (where the next
   * host finds them); dropped ones are annotated again when next seen. Labels stay served.
   */
  async drain(waitMs: number): Promise<Drained> {
    this.#closing = true;
    const before = { stored: this.#stored, failures: this.failures, abandoned: this.#abandoned };
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((r) => {
      timer = setTimeout(r, waitMs, 'timeout');
    });
    const settled = this.idle().then(() => 'idle' as const);
    if ((await Promise.race([settled, timedOut])) === 'timeout') {
      for (const key of this.#waiting.splice(0)) {
        this.#pending.delete(key);
        this.#abandoned++;
      }
      this.#abort.abort(new Error('the host stopped waiting for annotations'));
      // An annotator that honours its signal settles at once; one that does not is left behind (and counted).
      await Promise.race([this.idle(), new Promise((r) => setTimeout(r, 50))]);
    }
    clearTimeout(timer);
    return {
      finished: this.#stored - before.stored,
      failed: this.failures - before.failures,
      abandoned: this.#abandoned - before.abandoned + this.#running,
    };
  }

  get size(): { labels: number; pending: number } {
    return { labels: this.#labels.size, pending: this.#pending.size };
  }

  #pump(): void {
    while (this.#running < this.limits.concurrency && this.#waiting.length > 0) {
      const key = this.#waiting.shift() as string;
      const observation = this.#pending.get(key) as string;
      this.#running++;
      this.annotate(observation, this.#abort.signal)
        .then(
          (label) => this.#store(key, observation, label),
          () => {
            if (this.#abort.signal.aborted) this.#abandoned++;
            else this.failures++;
          },
        )
        .finally(() => {
          this.#pending.delete(key);
          this.#running--;
          this.#pump();
          if (this.#running === 0 && this.#waiting.length === 0) for (const done of this.#idle.splice(0)) done();
        });
    }
  }

  #store(key: string, observation: string, label: number): void {
    this.#stored++;
    this.#labels.set(key, label);
    if (this.#labels.size > this.limits.cacheSize) this.#labels.delete(this.#labels.keys().next().value as string);
    for (const fn of this.#listeners) fn(observation, label);
  }
}
