import type { ScoreContext, Services } from './define.js';
import type { Sample } from './types.js';

/**
 * The context of one leaf call and its budget clock: one object per sample, its members on the prototype, so
 * a synchronous reward (most rules) costs one allocation. The clock runs while the reward works and stops
 * while it waits in a queue (`queued`); the AbortController is made only if the reward reads `signal`.
 */
export class LeafCall implements ScoreContext {
  #controller: AbortController | undefined;
  #overran = false;
  #left: number;
  #since = 0;
  #waiting = 0;
  #timer: NodeJS.Timeout | undefined;
  /** Set while the outcome is pending: resolves it as overrun. */
  #expire: (() => void) | undefined;

  constructor(
    readonly services: Services,
    readonly sample: Sample,
    budgetMs: number,
  ) {
    this.#left = budgetMs;
  }

  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#overran) this.#controller.abort();
    }
    return this.#controller.signal;
  }

  async queued<T>(wait: Promise<T>): Promise<T> {
    this.#waiting++;
    this.#stopClock();
    try {
      return await wait;
    } finally {
      if (--this.#waiting === 0) this.#startClock();
    }
  }

  /** Starts the clock on a pending outcome; `onOverrun` runs (once, with the signal aborted) when the budget is spent. */
  arm(onOverrun: () => void): void {
    this.#expire = () => {
      this.#overran = true;
      this.#controller?.abort();
      onOverrun();
    };
    this.#startClock();
  }

  /** The outcome settled: no overrun can follow. */
  settle(): void {
    this.#expire = undefined;
    clearTimeout(this.#timer);
  }

  #startClock(): void {
    if (!this.#expire || this.#waiting > 0 || this.#timer !== undefined) return;
    this.#since = performance.now();
    this.#timer = setTimeout(this.#expire, Math.max(0, this.#left));
  }

  #stopClock(): void {
    if (this.#timer === undefined) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#left -= performance.now() - this.#since;
  }
}
