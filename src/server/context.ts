import type { FastifyRequest } from 'fastify';
import type { ServerConfig } from './config.js';
import type { Admission } from './http/admission.js';
import type { JobQueue } from './jobs/types.js';
import type { ServerMetrics } from './metrics/metrics.js';
import type { ScoreService } from './scoring/score-service.js';
import type { Scorer } from './scoring/scorer.js';
import type { NamedSpec } from './scoring/spec-set.js';

/** What the routes share: config, specs, the scoring service and the metrics. */
export interface ServerContext {
  config: ServerConfig;
  specs: ReadonlyMap<string, NamedSpec>;
  service: ScoreService;
  scorer: Scorer;
  admission: Admission;
  /** The job queue of `/v1/jobs` (embedded unless Redis is configured). */
  jobs: JobQueue;
  metrics: ServerMetrics;
  startedAt: number;
  /** True once shutdown began: /health answers 503 so load balancers stop sending. */
  closing: boolean;
  /** Tags a request with its spec for the latency histogram. */
  label(request: FastifyRequest, spec: string): void;
  /** Epoch ms when the request arrived. */
  arrivedAt(request: FastifyRequest): number;
}
