import type { FastifyBaseLogger } from 'fastify';
import { failed } from '../../core/outcome.js';
import type { RewardResult, Sample } from '../../core/types.js';
import type { Admission } from '../http/admission.js';
import { type BodyRefusal, readScoreBody, validateSamples } from '../http/raw-body.js';
import { type WireResult, withId } from '../http/wire.js';
import type { ServerMetrics } from '../metrics/metrics.js';
import type { TraceSink } from '../traces/sink.js';
import type { ScoreOutcome, Scorer } from './scorer.js';

export type { WireResult } from '../http/wire.js';

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
  /** Answers leave out `details`. */
  lean?: boolean | undefined;
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

/** Like `TextOutcome`, or the body refused as a whole, or given back to be read on this thread. */
export type UnreadText = TextOutcome | { refused: BodyRefusal } | { giveBack: true };

type Checked = ReturnType<typeof validateSamples>;

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

  /**
   * Like `scoreText`, answered synchronously when the scorer scores this batch on this thread at once (trivial
   * rules inline): the admission slot is given back in the same turn, with no budget timer or promise, since
   * nothing can run beside it. Anything else (a traced request, an invalid sample, a spec scored by a worker,
   * every slot taken) takes the `scoreText` path. `validated`: the samples already checked by the caller.
   */
  scoreTextNow(
    batch: BatchRequest,
    validated?: ReturnType<typeof validateSamples>,
  ): TextOutcome | Promise<TextOutcome> {
    const traced = this.traces?.sampled() === true;
    const scorer = this.scorer;
    if (traced || !scorer.scoreNow) return this.#text(batch, traced, validated);
    const checked = validated ?? validateSamples(batch.samples, batch.field, batch.offset ?? 0);
    // A slot held for the call (given back at once when it answers synchronously): the concurrency bound and
    // draining still see it; with every slot taken, the request queues on the usual path.
    const release = checked.invalid.size === 0 ? this.admission.tryEnter() : null;
    let outcome: ReturnType<NonNullable<Scorer['scoreNow']>>;
    try {
      outcome = release ? scorer.scoreNow(batch.spec, checked.valid, batch.raw?.length) : undefined;
    } catch (err) {
      release?.();
      throw err;
    }
    if (outcome === undefined) {
      release?.();
      return this.#text(batch, false, checked);
    }
    const answer = (scored: ScoreOutcome): TextOutcome => {
      this.metrics.recordBatch(batch.spec, scored.results, scored.timings);
      const lean = batch.lean === true;
      const results = scored.results.map((r, i) => withId(batch.samples[i], r, lean));
      return { overloaded: false, json: JSON.stringify(results) };
    };
    if (!(outcome instanceof Promise)) {
      release?.();
      return answer(outcome);
    }
    // A reward went asynchronous after all: it keeps its slot, and the request's budget applies from here.
    const budgetMs = batch.budgetMs ?? this.budgetMs;
    this.metrics.inFlight.inc();
    return withinBudget(outcome, budgetMs, () => timeoutAll(checked.valid.length, budgetMs))
      .then(answer)
      .finally(() => {
        this.metrics.inFlight.dec();
        release?.();
      });
  }

  async #text(batch: BatchRequest, traced: boolean, checked?: Checked): Promise<TextOutcome> {
    const out = await this.#score(batch, traced, checked);
    if (out.overloaded) return out;
    return { overloaded: false, json: out.json ?? JSON.stringify(out.results) };
  }

  /**
   * Scores a body this thread has not read (`batch.raw`, `batch.samples` empty): a worker parses, checks and
   * scores it. `giveBack` when no worker could (the caller reads the body here and calls `scoreText`).
   */
  async scoreUnread(batch: BatchRequest & { raw: string; maxSamples: number }): Promise<UnreadText> {
    const scoreUnread = this.scorer.scoreUnread?.bind(this.scorer);
    if (!scoreUnread) return { giveBack: true };
    const entered = this.admission.enter(batch.wait);
    const release = entered === null ? null : await entered;
    if (release === null) return { overloaded: true, retryAfter: this.admission.retryAfterSeconds() };
    const traceMax = this.traces?.sampled() ? this.traces.maxFieldBytes : undefined;
    this.metrics.inFlight.inc();
    const budgetMs = batch.budgetMs ?? this.budgetMs;
    let scored: Awaited<ReturnType<NonNullable<Scorer['scoreUnread']>>> | 'overran';
    try {
      scored = await withinBudget(
        scoreUnread(batch.spec, batch.raw, { maxSamples: batch.maxSamples, traceMax }),
        budgetMs,
        () => 'overran' as const,
      );
    } finally {
      this.metrics.inFlight.dec();
      release();
    }
    if (scored === 'overran') return overranUnread(batch, budgetMs);
    const { outcome, timings } = scored;
    if ('giveBack' in outcome) return { giveBack: true };
    if ('refused' in outcome) return { refused: outcome.refused };
    this.metrics.recordCounts(batch.spec, outcome.wire.statuses, outcome.wire.codes, timings);
    if (traceMax !== undefined)
      await this.#record(
        { ...batch, samples: new Array(outcome.count).fill(null) },
        JSON.parse(outcome.wire.json) as WireResult[],
        outcome.traceSamples,
      );
    return { overloaded: false, json: outcome.wire.json };
  }

  /** `traced`: whether this request is sampled into the trace store (decided once per request, by default here). */
  async #score(batch: BatchRequest, traced?: boolean, validated?: Checked): Promise<Scored> {
    let results = new Array<WireResult>(batch.samples.length);
    let json: string | undefined; // the results serialised by a worker (then every sample was valid)
    const valid: Sample[] = [];
    const validAt: number[] = [];
    const invalid: RewardResult[] = [];
    const checked = validated ?? validateSamples(batch.samples, batch.field, batch.offset ?? 0);
    valid.push(...checked.valid);
    validAt.push(...checked.validAt);
    const lean = batch.lean === true;
    for (const [i, result] of checked.invalid) {
      invalid.push(result);
      results[i] = withId(batch.samples[i], result, lean);
    }
    if (valid.length > 0) {
      const entered = this.admission.enter(batch.wait);
      const release = entered === null ? null : await entered;
      if (release === null) {
        return { overloaded: true, retryAfter: this.admission.retryAfterSeconds() };
      }
      this.metrics.inFlight.inc();
      try {
        // All valid: a worker may parse them from the body text rather than get a structured clone (and
        // serialise full answers; a lean answer is made here).
        const raw = invalid.length === 0 && !lean ? batch.raw : undefined;
        const scoring =
          raw !== undefined && this.scorer.scoreBody
            ? this.scorer.scoreBody(batch.spec, valid, raw)
            : this.scorer.score(batch.spec, valid);
        const budgetMs = batch.budgetMs ?? this.budgetMs;
        const outcome = await withinBudget(scoring, budgetMs, () => timeoutAll(valid.length, budgetMs));
        if (outcome.wire) {
          this.metrics.recordCounts(batch.spec, outcome.wire.statuses, outcome.wire.codes, outcome.timings);
          json = outcome.wire.json;
        } else {
          outcome.results.forEach((r, k) => {
            const i = validAt[k] as number;
            results[i] = withId(batch.samples[i], r, lean);
          });
          this.metrics.recordBatch(batch.spec, outcome.results, outcome.timings);
        }
      } finally {
        this.metrics.inFlight.dec();
        release();
      }
    }
    if (invalid.length > 0) this.metrics.recordBatch(batch.spec, invalid, {});
    const sampled = traced ?? this.traces?.sampled() === true;
    if (json === undefined) {
      if (sampled) await this.#record(batch, results);
      return { overloaded: false, results };
    }
    if (sampled) {
      results = JSON.parse(json) as WireResult[];
      await this.#record(batch, results);
    }
    return { overloaded: false, json };
  }

  async #record(batch: BatchRequest, results: WireResult[], encodedSamples?: readonly string[]): Promise<void> {
    if (!this.traces) return;
    try {
      await this.traces.record({
        encodedSamples,
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

/** The scorer's outcome, or, once `budgetMs` has passed, `overran()`: a request never waits past its budget. */
async function withinBudget<T, O>(scoring: Promise<T>, budgetMs: number | undefined, overran: () => O): Promise<T | O> {
  if (budgetMs === undefined) return scoring;
  scoring.catch(() => {}); // a late failure after the budget answered is nobody's to handle
  let timer: NodeJS.Timeout | undefined;
  const overrun = new Promise<O>((resolve) => {
    timer = setTimeout(() => resolve(overran()), budgetMs);
  });
  try {
    return await Promise.race([scoring, overrun]);
  } finally {
    clearTimeout(timer);
  }
}

const overranMessage = (budgetMs: number | undefined) => `the request overran its ${budgetMs} ms scoring budget`;

/** `timeout` for each of `n` samples. */
function timeoutAll(n: number, budgetMs?: number): ScoreOutcome {
  const result = failed('timeout', overranMessage(budgetMs));
  return { results: Array.from({ length: n }, () => result), timings: {} };
}

/** An unread body past its budget: read here (rare), each valid sample `timeout`, each invalid one as read. */
function overranUnread(batch: BatchRequest & { raw: string; maxSamples: number }, budgetMs?: number): UnreadText {
  const read = readScoreBody(batch.raw, batch.maxSamples);
  if (!read.ok) return { refused: read.refused };
  const timeout = failed('timeout', overranMessage(budgetMs));
  const results = read.received.map((raw, i) => withId(raw, read.invalid.get(i) ?? timeout));
  return { overloaded: false, json: JSON.stringify(results) };
}
