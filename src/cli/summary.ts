import type { RewardResult } from '../core/types.js';

const RESERVOIR = 100_000;

/** Running per-status counts and per-component statistics; memory stays bounded (reservoir sampling). */
export class Summary {
  readonly counts: Record<string, number> = {};
  readonly codes: Record<string, number> = {};
  readonly #stats = new Map<string, { n: number; sum: number; seen: number; sample: number[] }>();
  #rng = 0x9e3779b9;

  add(result: RewardResult): void {
    this.counts[result.status] = (this.counts[result.status] ?? 0) + 1;
    if (result.code) this.codes[result.code] = (this.codes[result.code] ?? 0) + 1;
    for (const [name, value] of Object.entries(result.components ?? {})) {
      if (value === null) continue;
      let s = this.#stats.get(name);
      if (!s) this.#stats.set(name, (s = { n: 0, sum: 0, seen: 0, sample: [] }));
      s.n++;
      s.sum += value;
      s.seen++;
      if (s.sample.length < RESERVOIR) s.sample.push(value);
      else {
        const j = this.#random() % s.seen;
        if (j < RESERVOIR) s.sample[j] = value;
      }
    }
  }

  // xorshift32: deterministic, so summaries are reproducible
  #random(): number {
    let x = this.#rng;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.#rng = x >>> 0;
    return this.#rng;
  }

  /** Mean and quantiles (p10, p50, p90) of each component's scored values. */
  components(): Array<{ name: string; n: number; mean: number; p10: number; p50: number; p90: number }> {
    return [...this.#stats.entries()].map(([name, s]) => {
      const sorted = [...s.sample].sort((a, b) => a - b);
      const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
      return { name, n: s.n, mean: s.sum / s.n, p10: q(0.1), p50: q(0.5), p90: q(0.9) };
    });
  }

  /** A short human-readable report. */
  format(): string {
    const total = Object.values(this.counts).reduce((a, b) => a + b, 0);
    const statuses = Object.entries(this.counts)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    const lines = [`${total} samples: ${statuses || 'none'}`];
    const codes = Object.entries(this.codes);
    if (codes.length) lines.push(`codes: ${codes.map(([k, v]) => `${k} ${v}`).join(', ')}`);
    const rows = this.components();
    if (rows.length) {
      const w = Math.max(9, ...rows.map((r) => r.name.length));
      const f = (x: number) => x.toFixed(4).padStart(8);
      lines.push(
        `${'component'.padEnd(w)}  ${'n'.padStart(8)}  ${'mean'.padStart(8)}  ${'p10'.padStart(8)}  ${'p50'.padStart(8)}  ${'p90'.padStart(8)}`,
      );
      for (const r of rows) {
        lines.push(
          `${r.name.padEnd(w)}  ${String(r.n).padStart(8)}  ${f(r.mean)}  ${f(r.p10)}  ${f(r.p50)}  ${f(r.p90)}`,
        );
      }
    }
    return lines.join('\n');
  }
}
