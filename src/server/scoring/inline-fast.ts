import type { Sample } from '../../core/types.js';
import type { BodyOutcome, ScoreOutcome, Scorer, Timings } from './scorer.js';
import type { UnreadOutcome } from './worker-protocol.js';

/**
 * Scores small requests of trivial specs (the fast lane: every node `trivial`, no model call) on the HTTP
 * thread, and everything else on `pool`. For rules such as exact-match the thread hop costs more than the
 * scoring; past `maxChars` of sample text a request still goes to a worker, so one big body cannot hold
 * the HTTP thread.
 */
export class InlineFastScorer implements Scorer {
  constructor(
    private readonly inline: Scorer,
    /** Specs scored inline when small. */
    private readonly inlineSpecs: ReadonlySet<string>,
    private readonly pool: Scorer,
    /** Largest request scored inline, in characters of body text (or of sample strings without one). */
    private readonly maxChars: number,
  ) {}

  score(spec: string, samples: readonly Sample[]): Promise<ScoreOutcome> {
    if (this.inlineSpecs.has(spec) && textWithin(samples, this.maxChars)) return this.inline.score(spec, samples);
    return this.pool.score(spec, samples);
  }

  scoreNow(spec: string, samples: readonly Sample[], chars?: number): ScoreOutcome | Promise<ScoreOutcome> | undefined {
    if (!this.inlineSpecs.has(spec)) return undefined;
    if (chars === undefined ? !textWithin(samples, this.maxChars) : chars > this.maxChars) return undefined;
    return this.inline.scoreNow ? this.inline.scoreNow(spec, samples) : this.inline.score(spec, samples);
  }

  scoreBody(spec: string, samples: readonly Sample[], raw: string): Promise<BodyOutcome> {
    if (this.inlineSpecs.has(spec) && raw.length <= this.maxChars) return this.inline.score(spec, samples);
    return this.pool.scoreBody ? this.pool.scoreBody(spec, samples, raw) : this.pool.score(spec, samples);
  }

  scoreUnread(
    spec: string,
    raw: string,
    options: { maxSamples: number; traceMax?: number | undefined },
  ): Promise<{ outcome: UnreadOutcome; timings: Timings }> {
    if (!this.pool.scoreUnread) return Promise.resolve({ outcome: { giveBack: true }, timings: {} });
    return this.pool.scoreUnread(spec, raw, options);
  }

  get chunkSize(): number | undefined {
    return this.pool.chunkSize;
  }

  get queued(): number {
    return this.pool.queued;
  }

  get threads(): number {
    return this.pool.threads;
  }

  async close(): Promise<void> {
    await Promise.all([this.inline.close(), this.pool.close()]);
  }
}

/** Whether the strings of `samples` hold at most `max` characters in all (stops counting once over). */
export function textWithin(samples: readonly Sample[], max: number): boolean {
  let left = max;
  const stack: unknown[] = [...samples];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') left -= v.length;
    else if (Array.isArray(v)) for (const x of v) stack.push(x);
    else if (v !== null && typeof v === 'object') for (const x of Object.values(v)) stack.push(x);
    if (left < 0) return false;
  }
  return true;
}
