import type { FastifyBaseLogger } from 'fastify';
import { failed } from '../../core/outcome.js';
import { withId } from '../http/wire.js';
import type { ScoreService, WireResult } from '../scoring/score-service.js';

/** Where a job is: waiting for a replica, being scored, finished (results ready) or cancelled. */
export type JobStatus = 'queued' | 'running' | 'done' | 'cancelled';

/** What `GET /v1/jobs/:id` answers (results only once done, as the JSON text of their array). */
export interface JobView {
  id: string;
  spec: string;
  status: JobStatus;
  /** Samples in the job, and samples scored so far. */
  samples: number;
  scored: number;
  chunks: number;
  chunksDone: number;
  /** Epoch ms. */
  created: number;
  finished: number | null;
  /** One result per sample, in input order, as JSON text; set once `status` is `done`. */
  resultsJson?: string | undefined;
}

/** A job queue: embedded (one process) or BullMQ on Redis (every replica consumes it). */
export interface JobQueue {
  readonly kind: 'embedded' | 'redis';
  /** Queues a job; resolves to its id once it is stored (a stored job is never lost). `lean`: no `details`. */
  submit(spec: string, samples: readonly unknown[], lean?: boolean): Promise<string>;
  get(id: string): Promise<JobView | undefined>;
  /** Cancels a job that is not done; undefined for an unknown id. */
  cancel(id: string): Promise<JobView | undefined>;
  /** Why this replica cannot take jobs now (Redis unreachable), or undefined when it can. */
  unready(): Promise<string | undefined>;
  /** Stops taking chunks, finishes the ones in hand, then disconnects. */
  close(): Promise<void>;
}

/** Settings shared by both queues (`jobs:` in the server config). */
export interface JobOptions {
  chunkSize: number;
  /** Chunks this replica scores at once. */
  concurrency: number;
  /** How long a finished or cancelled job stays readable (s). */
  ttlSeconds: number;
  /** Samples one job may hold; in process, also the samples waiting at once. */
  maxSamples: number;
}

/** One slice of a job: samples `offset` .. `offset + samples.length - 1`. */
export interface Chunk {
  job: string;
  k: number;
  offset: number;
  spec: string;
  samples: readonly unknown[];
  /** Its answers leave out `details` (the job's `details: false`, or its spec's default). */
  lean?: boolean | undefined;
}

/** Scores one chunk through the same service as `/v1/score` (validation, admission, metrics, traces). */
export type ChunkScorer = (chunk: Chunk) => Promise<WireResult[]>;

/** A ChunkScorer over a ScoreService: waits for admission instead of failing when the replica is busy. */
export function chunkScorer(service: ScoreService, log: FastifyBaseLogger): ChunkScorer {
  return async (chunk) => {
    for (;;) {
      const out = await service.score({
        route: 'jobs',
        spec: chunk.spec,
        requestId: `${chunk.job}.${chunk.k}`,
        arrived: Date.now(),
        samples: chunk.samples,
        offset: chunk.offset,
        field: 'samples',
        lean: chunk.lean === true,
        log,
      });
      if (!out.overloaded) return out.results;
      await new Promise((r) => setTimeout(r, out.retryAfter * 1000));
    }
  };
}

/** Splits samples into chunks of `size`. */
export function chunksOf(samples: readonly unknown[], size: number): unknown[][] {
  const out: unknown[][] = [];
  for (let i = 0; i < samples.length; i += size) out.push(samples.slice(i, i + size));
  return out;
}

/** The JSON array text of chunks' result arrays (each JSON text), concatenated in chunk order. */
export function joinResults(parts: readonly string[]): string {
  return `[${parts
    .map((p) => p.slice(1, -1))
    .filter((p) => p.length > 0)
    .join(',')}]`;
}

/** The JSON results of a chunk that could not be scored at all: every sample an `internal` error, none lost. */
export function failedChunk(chunk: Chunk, err: unknown): string {
  const message = `the chunk could not be scored: ${err instanceof Error ? err.message : String(err)}`;
  return JSON.stringify(chunk.samples.map((s) => withId(s, failed('internal', message))));
}
