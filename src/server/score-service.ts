import type { FastifyBaseLogger } from 'fastify';
import { failed } from '../core/outcome.js';
import { parseSample } from '../core/sample-schema.js';
import type { RewardResult, Sample } from '../core/types.js';
import type { Admission } from './admission.js';
import type { ServerMetrics } from './metrics.js';
import type { BodyOutcome, ScoreOutcome, Scorer } from './scorer.js';
import type { TraceSink } from './traces/sink.js';
import { type WireResult, withId } from './wire.js';

export type { WireResult } from './wire.js';

/** A batch to score for one request. */
export interface BatchRequest {
  route: string;
  spec: string;
  requestId: string;
  /** Epoch ms when the request arrived. */
  arrived: number;
  /** Samples as received; each is validated on its own. */
  samples: readonly unknown[];
  /** The request body as JSON text whose `samples` member is `samples` (lets a worker parse them itself). */
  raw?: string | undefined;
  /** Names the samples in error messages (`samples`, `query`). */
  field: string;
  /** Index of the first sample within its whole input (a job's chunk), for error messages. */
  offset?: number | undefined;
  log: FastifyBaseLogger;
  /** Scoring time the request may use from the start of its scoring (ms); past it, every sample is error/timeout. */
  budgetMs?: number | undefined;
  /** Wait for a slot up to `ms` past the queue bound (for clients that ignore Retry-After) before refusing. */
  wait?: { ms: number; maxWaiting: number } | undefined;
}

/** `overloaded` when the server is saturated (answer 429), else one result per sample in input order. */
export type BatchOutcome = { overloaded: true; retryAfter: number } | { overloaded: false; results: WireResult[] };

/** Like `BatchOutcome`, with the results as the JSON text of their array. */
export type TextOutcome = { overloaded: true; retryAfter: number } | { overloaded: false; json: string };

type Scored = { overloaded: true; retryAfter: number } | { overloaded: false; results?: WireResult[]; json?: string };

/** Validates, admits, scores, counts and traces batches: the part both scoring routes share. */
export class ScoreService {
  constructor(
    private readonly scorer: Scorer,
    private readonly admission: Admission,
    private readonly metrics: ServerMetrics,
    private readonly traces: TraceSink | undefined,
    /** Default scoring budget of a request (ms), `limits.requestBudgetMs`. */
    private readonly budgetMs?: number,
  ) {}

  async score(batch: BatchRequest): Promise<BatchOutcome> {
    const out = await this.#score({ ...batch, raw: undefined });
    if (out.overloaded) return out;
    return { overloaded: false, results: out.results ?? (JSON.parse(out.json as string) as WireResult[]) };
  }

  /** Like `score`, answering the results as JSON text; with `raw`, a worker may parse and serialise them itself. */
  async scoreText(batch: BatchRequest): Promise<TextOutcome> {
    const out = await this.#score(batch);
    if (out.overloaded) return out;
    return { overloaded: false, json: out.json ?? JSON.stringify(out.results) };
  }

  async #score(batch: BatchRequest): Promise<Scored> {
    let results = new Array<WireResult>(batch.samples.length);
    let json: string | undefined; // the results serialised by a worker (then every sample was valid)
    const valid: Sample[] = [];
    const validAt: number[] = [];
    const invalid: RewardResult[] = [];
    batch.samples.forEach((raw, i) => {
      const parsed = parseSample(raw);
      if (parsed.ok) {
        valid.push(parsed.sample);
        validAt.push(i);
      } else {
        const at = i + (batch.offset ?? 0);
        const where = parsed.message.startsWith('sample: ')
          ? `${batch.field}[${at}]: ${parsed.message.slice('sample: '.length)}`
          : `${batch.field}[${at}].${parsed.message}`;
        const result = failed('invalid-sample', where);
        invalid.push(result);
        results[i] = withId(raw, result);
      }
    });
    if (valid.length > 0) {
      const entered = this.admission.enter(batch.wait);
      const release = entered === null ? null : await entered;
      if (release === null) {
        return { overloaded: true, retryAfter: this.admission.retryAfterSeconds() };
      }
      this.metrics.inFlight.inc();
      try {
        // All valid: a worker may parse them from the body text rather than get a structured clone.
        const raw = invalid.length === 0 ? batch.raw : undefined;
        const scoring =
          raw !== undefined && this.scorer.scoreBody
            ? this.scorer.scoreBody(batch.spec, valid, raw)
            : this.scorer.score(batch.spec, valid);
        const outcome = await withinBudget(scoring, batch.budgetMs ?? this.budgetMs, valid.length);
        if (outcome.wire) {
          this.metrics.recordCounts(batch.spec, outcome.wire.statuses, outcome.wire.codes, outcome.timings);
          json = outcome.wire.json;
        } else {
          outcome.results.forEach((r, k) => {
            const i = validAt[k] as number;
            results[i] = withId(batch.samples[i], r);
          });
          this.metrics.recordBatch(batch.spec, outcome.results, outcome.timings);
        }
      } finally {
        this.metrics.inFlight.dec();
        release();
      }
    }
    if (invalid.length > 0) this.metrics.recordBatch(batch.spec, invalid, {});
    if (json === undefined) {
      await this.#trace(batch, results);
      return { overloaded: false, results };
    }
    if (this.traces?.sampled()) {
      results = JSON.parse(json) as WireResult[];
      await this.#record(batch, results);
    }
    return { overloaded: false, json };
  }

  async #trace(batch: BatchRequest, results: WireResult[]): Promise<void> {
    if (this.traces?.sampled()) await this.#record(batch, results);
  }

  async #record(batch: BatchRequest, results: WireResult[]): Promise<void> {
    if (!this.traces) return;
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

/** The scorer's outcome, or, once `budgetMs` has passed, `timeout` for every sample: a request never waits past its budget. */
async function withinBudget<T extends ScoreOutcome | BodyOutcome>(
  scoring: Promise<T>,
  budgetMs: number | undefined,
  n: number,
): Promise<T | ScoreOutcome> {
  if (budgetMs === undefined) return scoring;
  scoring.catch(() => {}); // a late failure after the budget answered is nobody's to handle
  let timer: NodeJS.Timeout | undefined;
  const overrun = new Promise<ScoreOutcome>((resolve) => {
    timer = setTimeout(() => {
      const result = failed('timeout', `the request overran its ${budgetMs} ms scoring budget`);
      resolve({ results: Array.from({ length: n }, () => result), timings: {} });
    }, budgetMs);
  });
  try {
    return await Promise.race([scoring, overrun]);
  } finally {
    clearTimeout(timer);
  }
}
