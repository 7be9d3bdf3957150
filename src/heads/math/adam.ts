// Adam (Kingma & Ba 2015, Algorithm 1) with optional L2 weight decay added to the gradient.

export interface AdamOptions {
  lr: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  l2?: number;
}

/** An Adam optimiser over one flat parameter vector; `step` applies one update in place. */
export class Adam {
  readonly #m: Float64Array;
  readonly #v: Float64Array;
  #t = 0;
  constructor(
    size: number,
    readonly options: AdamOptions,
  ) {
    this.#m = new Float64Array(size);
    this.#v = new Float64Array(size);
  }

  step(p: Float64Array, g: Float64Array): void {
    const { lr, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, l2 = 0 } = this.options;
    this.#t++;
    const c1 = 1 - beta1 ** this.#t;
    const c2 = 1 - beta2 ** this.#t;
    const m = this.#m;
    const v = this.#v;
    for (let i = 0; i < p.length; i++) {
      const gi = (g[i] as number) + l2 * (p[i] as number);
      m[i] = beta1 * (m[i] as number) + (1 - beta1) * gi;
      v[i] = beta2 * (v[i] as number) + (1 - beta2) * gi * gi;
      p[i] = (p[i] as number) - (lr * ((m[i] as number) / c1)) / (Math.sqrt((v[i] as number) / c2) + eps);
    }
  }
}
