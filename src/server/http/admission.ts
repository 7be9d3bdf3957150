/**
 * Bounded admission: at most `concurrency` requests are scored at once and at most `queue` wait.
 * Past that, `enter` returns null and the server answers 429 instead of queueing without bound.
 */
export class Admission {
  #active = 0;
  readonly #waiting: Array<() => void> = [];
  #avgMs = 10;

  constructor(
    readonly concurrency: number,
    readonly queue: number,
  ) {}

  get active(): number {
    return this.#active;
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  /**
   * Resolves to a release function once a slot is free; null when saturated. With `wait`, a request past the
   * queue bound still waits (up to `wait.maxWaiting` waiters) and resolves to null only after `wait.ms`.
   */
  enter(wait?: { ms: number; maxWaiting: number }): Promise<(() => void) | null> | null {
    if (this.#active < this.concurrency) {
      this.#active++;
      return Promise.resolve(this.#releaser());
    }
    if (this.#waiting.length >= (wait ? Math.max(this.queue, wait.maxWaiting) : this.queue)) return null;
    if (!wait) return new Promise((resolve) => this.#waiting.push(() => resolve(this.#releaser())));
    return new Promise((resolve) => {
      const admit = (): void => {
        clearTimeout(timer);
        resolve(this.#releaser());
      };
      const timer = setTimeout(() => {
        const at = this.#waiting.indexOf(admit);
        if (at >= 0) this.#waiting.splice(at, 1);
        resolve(null);
      }, wait.ms);
      this.#waiting.push(admit);
    });
  }

  /** A release function when a slot is free this moment, else null (nothing waits). */
  tryEnter(): (() => void) | null {
    if (this.#active >= this.concurrency) return null;
    this.#active++;
    return this.#releaser();
  }

  /** Seconds a client should wait before retrying: roughly the time to drain the queue (1 to 30). */
  retryAfterSeconds(): number {
    const drainMs = ((this.#waiting.length + this.#active) / this.concurrency) * this.#avgMs;
    return Math.min(30, Math.max(1, Math.ceil(drainMs / 1000)));
  }

  #releaser(): () => void {
    const started = performance.now();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.#avgMs = 0.9 * this.#avgMs + 0.1 * (performance.now() - started);
      const next = this.#waiting.shift();
      if (next) next();
      else this.#active--;
    };
  }
}
