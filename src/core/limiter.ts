/** A counting semaphore: at most `limit` tasks run at once, the rest wait in order. */
export class Limiter {
  #active = 0;
  readonly #queue: Array<() => void> = [];
  constructor(readonly limit: number) {
    if (!(limit >= 1)) throw new Error('limit must be at least 1');
  }

  get active(): number {
    return this.#active;
  }

  get waiting(): number {
    return this.#queue.length;
  }

  /** Runs `task` at once when a slot is free; a synchronous result comes back without a promise. */
  runMaybeSync<T>(task: () => T | Promise<T>): T | Promise<T> {
    if (this.#active >= this.limit) return this.run(async () => task());
    this.#active++;
    let out: T | Promise<T>;
    try {
      out = task();
    } catch (err) {
      this.#release();
      throw err;
    }
    if (out instanceof Promise) return out.finally(() => this.#release());
    this.#release();
    return out;
  }

  #release(): void {
    this.#active--;
    this.#queue.shift()?.();
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#active >= this.limit) await new Promise<void>((resolve) => this.#queue.push(resolve));
    this.#active++;
    try {
      return await task();
    } finally {
      this.#release();
    }
  }
}
