// ONI's classification reward model, small: logistic regression on hashed word n-grams of the observation,
// updated online as the judge's labels arrive (one SGD step on the new label plus a few replayed old ones).
import { mulberry32 } from '../../core/prng.js';
import { type HashedNgramConfig, hashedNgrams } from '../../heads/index.js';

export interface OnlineClassifierOptions {
  /** Hash buckets of the features. */
  dim: number;
  /** Largest n of the word n-grams. */
  maxN: number;
  /** SGD step size. */
  lr: number;
  /** L2 weight decay per step. */
  l2: number;
  /** Old labels replayed (uniformly, seeded) after each new one. */
  replay: number;
  /** Labels kept for replay (oldest dropped). */
  bufferSize: number;
  seed: number;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

function fnv(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * A binary classifier of observations, trained online on the judge's labels. Features are shared n-gram
 * buckets plus task-specific ones (the same n-grams hashed with a seed of the task: the multi-task hashing
 * trick of Weinberger et al. 2009), so one model serves several tasks without mixing their labels.
 */
export class OnlineClassifier {
  readonly #w: Float64Array;
  #b = 0;
  readonly #buffer: Array<{ x: Float64Array; y: number }> = [];
  #next = 0;
  readonly #random: () => number;
  readonly #shared: HashedNgramConfig;
  counts = { positive: 0, negative: 0 };

  constructor(private readonly o: OnlineClassifierOptions) {
    this.#w = new Float64Array(o.dim);
    this.#random = mulberry32(o.seed);
    this.#shared = { type: 'hashed-ngrams', dim: o.dim, maxN: o.maxN, seed: o.seed };
  }

  /** Labels learned so far. */
  get labels(): number {
    return this.counts.positive + this.counts.negative;
  }

  features(task: string, observation: string): Float64Array {
    const shared = hashedNgrams(observation, this.#shared);
    const own = hashedNgrams(observation, { ...this.#shared, seed: (this.o.seed ^ fnv(task)) >>> 0 });
    for (let i = 0; i < shared.length; i++) shared[i] = ((shared[i] as number) + (own[i] as number)) / Math.SQRT2;
    return shared;
  }

  /** P(positive | task, observation) = σ(w·x + b). */
  probability(task: string, observation: string): number {
    return sigmoid(this.#logit(this.features(task, observation)));
  }

  /** Learns one label (1 positive, 0 negative): a step on it, then `replay` steps on stored labels. */
  learn(task: string, observation: string, label: number): void {
    const y = label > 0 ? 1 : 0;
    if (y) this.counts.positive++;
    else this.counts.negative++;
    const x = this.features(task, observation);
    this.#step(x, y);
    const n = this.#buffer.length;
    for (let k = 0; k < this.o.replay && n > 0; k++) {
      const old = this.#buffer[Math.floor(this.#random() * n)] as { x: Float64Array; y: number };
      this.#step(old.x, old.y);
    }
    if (n < this.o.bufferSize) this.#buffer.push({ x, y });
    else {
      this.#buffer[this.#next] = { x, y };
      this.#next = (this.#next + 1) % this.o.bufferSize;
    }
  }

  #logit(x: Float64Array): number {
    let z = this.#b;
    for (let i = 0; i < x.length; i++) {
      const v = x[i] as number;
      if (v !== 0) z += (this.#w[i] as number) * v;
    }
    return z;
  }

  // Gradient of the log loss: (σ(w·x+b) − y)·x, plus L2 on w.
  #step(x: Float64Array, y: number): void {
    const g = sigmoid(this.#logit(x)) - y;
    const { lr, l2 } = this.o;
    for (let i = 0; i < x.length; i++) {
      const w = this.#w[i] as number;
      this.#w[i] = w - lr * (g * (x[i] as number) + l2 * w);
    }
    this.#b -= lr * g;
  }
}
