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

  /** Resolves to a release function once a slot is free; null when saturated. */
  enter(): Promise<() => void> | null {
    if (this.#active < this.concurrency) {
      this.#active++;
      return Promise.resolve(this.#releaser());
    }
    if (this.#waiting.length >= this.queue) return null;
    return new Promise((resolve) => this.#waiting.push(() => resolve(this.#releaser())));
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
