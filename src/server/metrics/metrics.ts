import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { RewardResult } from '../../core/types.js';
import type { Timings } from '../scoring/scorer.js';
import { BatchHistogram } from './batch-histogram.js';

// Leaf rewards range from microseconds (exact match) to minutes (judges, sandboxes).
const LEAF_BUCKETS = [1e-5, 5e-5, 1e-4, 5e-4, 1e-3, 5e-3, 0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120];
const REQUEST_BUCKETS = [1e-4, 5e-4, 1e-3, 2.5e-3, 5e-3, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10, 60];

/** The server's Prometheus metrics, in a registry of their own (so several servers can share a process). */
export class ServerMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: 'rewardkit_requests_total',
    help: 'HTTP requests by route and status code',
    labelNames: ['route', 'status'] as const,
    registers: [this.registry],
  });
  readonly requestSeconds = new Histogram({
    name: 'rewardkit_request_duration_seconds',
    help: 'HTTP request latency by route and spec',
    labelNames: ['route', 'spec'] as const,
    buckets: REQUEST_BUCKETS,
    registers: [this.registry],
  });
  readonly samples = new Counter({
    name: 'rewardkit_samples_total',
    help: 'Samples scored, by spec and result status',
    labelNames: ['spec', 'status'] as const,
    registers: [this.registry],
  });
  readonly componentSeconds = new BatchHistogram(
    'rewardkit_component_duration_seconds',
    'Latency of one leaf reward call, by spec and component path',
    ['spec', 'component'],
    LEAF_BUCKETS,
    this.registry,
  );
  readonly errors = new Counter({
    name: 'rewardkit_errors_total',
    help: 'Unscored samples and failed requests, by code',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  readonly workerRestarts = new Counter({
    name: 'rewardkit_worker_restarts_total',
    help: 'Scoring workers terminated (stuck past budget) and replaced',
    registers: [this.registry],
  });
  readonly inFlight = new Gauge({
    name: 'rewardkit_requests_in_flight',
    help: 'Requests being scored now',
    registers: [this.registry],
  });
  readonly queueDepth = new Gauge({
    name: 'rewardkit_queue_depth',
    help: 'Requests waiting for a scoring slot plus worker tasks waiting for a thread',
    registers: [this.registry],
  });
  readonly traceErrors = new Counter({
    name: 'rewardkit_trace_write_errors_total',
    help: 'Trace store writes that failed (the requests were still answered)',
    registers: [this.registry],
  });

  constructor(options: { defaults?: boolean } = {}) {
    if (options.defaults !== false) collectDefaultMetrics({ register: this.registry, prefix: 'rewardkit_' });
  }

  /** Counts a scored batch: per-status samples, per-code errors, leaf latencies. */
  recordBatch(spec: string, results: readonly RewardResult[], timings: Timings): void {
    const byStatus: Record<string, number> = {};
    const byCode: Record<string, number> = {};
    for (const r of results) {
      byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
      if (r.code) byCode[r.code] = (byCode[r.code] ?? 0) + 1;
    }
    this.recordCounts(spec, byStatus, byCode, timings);
  }

  /** Counts a scored batch from its samples by status and by code, and its leaf latencies. */
  recordCounts(spec: string, byStatus: Record<string, number>, byCode: Record<string, number>, timings: Timings): void {
    for (const [status, n] of Object.entries(byStatus)) this.samples.inc({ spec, status }, n);
    for (const [code, n] of Object.entries(byCode)) this.errors.inc({ code }, n);
    for (const [component, list] of Object.entries(timings))
      this.componentSeconds.observeMany({ spec, component }, list, 1000);
  }
}
