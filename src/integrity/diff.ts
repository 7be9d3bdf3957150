// `diff` and `rescore`: two results for the same samples, compared: agreement, flips between
// statuses and between 1 and 0, per-component deltas, and the samples that disagree.
import type { RewardResult } from '../core/types.js';

export type Flip =
  | 'scored→unscorable'
  | 'unscorable→scored'
  | 'scored→error'
  | 'error→scored'
  | 'unscorable↔error'
  | '1→0'
  | '0→1'
  | 'lower'
  | 'higher';

export interface Disagreement {
  line: number;
  id: unknown;
  flip: Flip;
  a: RewardResult;
  b: RewardResult;
}

export interface DiffReport {
  samples: number;
  agree: number;
  agreement: number;
  flips: Partial<Record<Flip, number>>;
  /** Per component present on both sides: mean of (B − A) and how many samples changed it. */
  components: Record<string, { meanDelta: number; changed: number; n: number }>;
  disagreements: Disagreement[];
}

const EPS = 1e-9;

/** How B differs from A, or null when they agree (same status, same score, same code). */
export function flipOf(a: RewardResult, b: RewardResult): Flip | null {
  if (a.status !== b.status) {
    if (a.status === 'scored') return b.status === 'unscorable' ? 'scored→unscorable' : 'scored→error';
    if (b.status === 'scored') return a.status === 'unscorable' ? 'unscorable→scored' : 'error→scored';
    return 'unscorable↔error';
  }
  if (a.status !== 'scored') return a.code === b.code ? null : 'unscorable↔error';
  const x = a.score ?? 0;
  const y = b.score ?? 0;
  if (Math.abs(x - y) <= EPS) return null;
  if (x === 1 && y === 0) return '1→0';
  if (x === 0 && y === 1) return '0→1';
  return y < x ? 'lower' : 'higher';
}

/** Compares B with A sample by sample; `ids` name the samples in the report. */
export class DiffAccumulator {
  readonly #report: DiffReport = { samples: 0, agree: 0, agreement: 1, flips: {}, components: {}, disagreements: [] };
  readonly #sums = new Map<string, { sum: number; changed: number; n: number }>();

  add(line: number, id: unknown, a: RewardResult, b: RewardResult): void {
    const r = this.#report;
    r.samples++;
    const flip = flipOf(a, b);
    if (flip === null) r.agree++;
    else {
      r.flips[flip] = (r.flips[flip] ?? 0) + 1;
      r.disagreements.push({ line, id, flip, a, b });
    }
    for (const [name, va] of Object.entries(a.components ?? {})) {
      const vb = b.components?.[name];
      if (typeof va !== 'number' || typeof vb !== 'number') continue;
      const s = this.#sums.get(name) ?? { sum: 0, changed: 0, n: 0 };
      s.sum += vb - va;
      s.n++;
      if (Math.abs(vb - va) > EPS) s.changed++;
      this.#sums.set(name, s);
    }
  }

  report(): DiffReport {
    const r = this.#report;
    r.agreement = r.samples ? r.agree / r.samples : 1;
    r.components = Object.fromEntries(
      [...this.#sums].map(([name, s]) => [name, { meanDelta: s.n ? s.sum / s.n : 0, changed: s.changed, n: s.n }]),
    );
    return r;
  }
}
