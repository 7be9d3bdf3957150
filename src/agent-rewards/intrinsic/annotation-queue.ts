// ONI-style asynchronous annotation: observations go to a judge in the background; labels are cached by
// content hash and served to later scoring without ever waiting on the judge.
import { createHash } from 'node:crypto';

export type Annotator = (observation: string) => Promise<number>;

/** Where one observation stands. */
export type Lookup =
  | { state: 'labelled'; label: number }
  | { state: 'pending' }
  | { state: 'queued' }
  | { state: 'full' };

/**
 * A bounded queue of observations awaiting a label, worked by `concurrency` background calls, and an LRU map
 * of labels by SHA-256 of the observation. A failed annotation is forgotten so a later sighting retries it.
 */
export class AnnotationQueue {
  readonly #labels = new Map<string, number>();
  readonly #pending = new Map<string, string>();
  readonly #waiting: string[] = [];
  #running = 0;
  #idle: Array<() => void> = [];
  failures = 0;

  constructor(
    private readonly annotate: Annotator,
    private readonly limits: { maxPending: number; cacheSize: number; concurrency: number },
  ) {}

  static key(observation: string): string {
    return createHash('sha256').update(observation).digest('hex');
  }

  /** The cached label, or enqueues the observation (never waits). */
  lookup(observation: string): Lookup {
    const key = AnnotationQueue.key(observation);
    const label = this.#labels.get(key);
    if (label !== undefined) {
      this.#labels.delete(key); // refresh its place in the LRU order
      this.#labels.set(key, label);
      return { state: 'labelled', label };
    }
    if (this.#pending.has(key)) return { state: 'pending' };
    if (this.#pending.size >= this.limits.maxPending) return { state: 'full' };
    this.#pending.set(key, observation);
    this.#waiting.push(key);
    this.#pump();
    return { state: 'queued' };
  }

  /** Resolves once nothing is queued or in flight (for hosts draining at shutdown, and tests). */
  idle(): Promise<void> {
    if (this.#running === 0 && this.#waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  get size(): { labels: number; pending: number } {
    return { labels: this.#labels.size, pending: this.#pending.size };
  }

  #pump(): void {
    while (this.#running < this.limits.concurrency && this.#waiting.length > 0) {
      const key = this.#waiting.shift() as string;
      const observation = this.#pending.get(key) as string;
      this.#running++;
      this.annotate(observation)
        .then(
          (label) => this.#store(key, label),
          () => this.failures++,
        )
        .finally(() => {
          this.#pending.delete(key);
          this.#running--;
          this.#pump();
          if (this.#running === 0 && this.#waiting.length === 0) for (const done of this.#idle.splice(0)) done();
        });
    }
  }

  #store(key: string, label: number): void {
    this.#labels.set(key, label);
    if (this.#labels.size > this.limits.cacheSize) this.#labels.delete(this.#labels.keys().next().value as string);
  }
}
