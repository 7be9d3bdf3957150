import type { FastifyBaseLogger } from 'fastify';
import { failed } from '../core/outcome.js';
import { parseSample } from '../core/sample-schema.js';
import type { RewardResult, Sample } from '../core/types.js';
import type { Admission } from './admission.js';
import type { ServerMetrics } from './metrics.js';
import type { Scorer } from './scorer.js';
import type { TraceStore } from './trace-store.js';

/** One sample's answer on the wire: its id (when it had one), then the result. */
export type WireResult = { id?: string | number } & RewardResult;

/** A batch to score for one request. */
export interface BatchRequest {
  route: string;
  spec: string;
  requestId: string;
  /** Epoch ms when the request arrived. */
  arrived: number;
  /** Samples as received; each is validated on its own. */
  samples: readonly unknown[];
  /** Names the samples in error messages (`samples`, `query`). */
  field: string;
  log: FastifyBaseLogger;
}

/** `overloaded` when the server is saturated (answer 429), else one result per sample in input order. */
export type BatchOutcome = { overloaded: true; retryAfter: number } | { overloaded: false; results: WireResult[] };

/** Validates, admits, scores, counts and traces batches: the part both scoring routes share. */
export class ScoreService {
  constructor(
    private readonly scorer: Scorer,
    private readonly admission: Admission,
    private readonly metrics: ServerMetrics,
    private readonly traces: TraceStore | undefined,
  ) {}

  async score(batch: BatchRequest): Promise<BatchOutcome> {
    const results = new Array<WireResult>(batch.samples.length);
    const valid: Sample[] = [];
    const validAt: number[] = [];
    const invalid: RewardResult[] = [];
    batch.samples.forEach((raw, i) => {
      const parsed = parseSample(raw);
      if (parsed.ok) {
        valid.push(parsed.sample);
        validAt.push(i);
      } else {
        const where = parsed.message.startsWith('sample: ')
          ? `${batch.field}[${i}]: ${parsed.message.slice('sample: '.length)}`
          : `${batch.field}[${i}].${parsed.message}`;
        const result = failed('invalid-sample', where);
        invalid.push(result);
        results[i] = withId(raw, result);
      }
    });
    if (valid.length > 0) {
      const entered = this.admission.enter();
      if (entered === null) {
        return { overloaded: true, retryAfter: this.admission.retryAfterSeconds() };
      }
      const release = await entered;
      this.metrics.inFlight.inc();
      try {
        const outcome = await this.scorer.score(batch.spec, valid);
        outcome.results.forEach((r, k) => {
          const i = validAt[k] as number;
          results[i] = withId(batch.samples[i], r);
        });
        this.metrics.recordBatch(batch.spec, outcome.results, outcome.timings);
      } finally {
        this.metrics.inFlight.dec();
        release();
      }
    }
    if (invalid.length > 0) this.metrics.recordBatch(batch.spec, invalid, {});
    await this.#trace(batch, results);
    return { overloaded: false, results };
  }

  async #trace(batch: BatchRequest, results: WireResult[]): Promise<void> {
    if (!this.traces?.sampled()) return;
    try {
      await this.traces.record({
        requestId: batch.requestId,
        route: batch.route,
        spec: batch.spec,
        ts: batch.arrived,
        durationMs: Date.now() - batch.arrived,
        samples: batch.samples,
        results,
      });
    } catch (err) {
      // Scores matter more than traces: answer anyway, but say so loudly.
      this.metrics.traceErrors.inc();
      batch.log.error({ err }, 'trace store write failed');
    }
  }
}

function withId(raw: unknown, result: RewardResult): WireResult {
  const id = raw !== null && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined;
  return typeof id === 'string' || typeof id === 'number' ? { id, ...result } : result;
}
