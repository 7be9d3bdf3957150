/**
 * Admits requests to one backend: at most `limit` in flight, at most `rate` starts per second, and the
 * limit adapts (AIMD): halved on a 429, grown by one per `limit` successes, never above the configured cap.
 */
export class Gate {
  #limit: number;
  #active = 0;
  #successes = 0;
  #nextStart = 0;
  readonly #queue: Array<() => void> = [];
  readonly #interval: number;

  constructor(
    readonly cap: number,
    rate: number | undefined,
  ) {
    this.#limit = cap;
    this.#interval = rate ? 1000 / rate : 0;
  }

  get limit(): number {
    return this.#limit;
  }

  /** Waits for a slot (and the rate limit); call the returned release once the request is done. */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (this.#active < this.#limit && this.#queue.length === 0) this.#active++;
    else {
      // #pump counts the waiter as active before waking it.
      await new Promise<void>((resolve, reject) => {
        const wake = (): void => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = (): void => {
          const i = this.#queue.indexOf(wake);
          if (i >= 0) this.#queue.splice(i, 1);
          reject(signal?.reason ?? new Error('aborted'));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        this.#queue.push(wake);
      });
    }
    if (this.#interval > 0) {
      const now = Date.now();
      const start = Math.max(now, this.#nextStart);
      this.#nextStart = start + this.#interval;
      if (start > now) await new Promise((r) => setTimeout(r, start - now));
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#active--;
      this.#pump();
    };
  }

  /** A 429: halve the in-flight limit. */
  throttled(): void {
    this.#limit = Math.max(1, Math.floor(this.#limit / 2));
    this.#successes = 0;
  }

  /** A success: additive increase back toward the cap. */
  succeeded(): void {
    if (this.#limit >= this.cap) return;
    if (++this.#successes >= this.#limit) {
      this.#limit++;
      this.#successes = 0;
      this.#pump();
    }
  }

  #pump(): void {
    while (this.#active < this.#limit && this.#queue.length > 0) {
      this.#active++;
      (this.#queue.shift() as () => void)();
    }
  }
}
