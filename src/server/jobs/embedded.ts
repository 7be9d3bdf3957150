import { randomUUID } from 'node:crypto';
import { RewardError } from '../../core/codes.js';
import {
  type Chunk,
  type ChunkScorer,
  chunksOf,
  failedChunk,
  type JobOptions,
  type JobQueue,
  type JobView,
  joinResults,
} from './types.js';

interface Job {
  view: JobView;
  parts: Array<string | undefined>;
}

/** Jobs in this process (no `REWARDKIT_REDIS_URL`): the same API, chunks scored `concurrency` at a time. */
export class EmbeddedJobs implements JobQueue {
  readonly kind = 'embedded';
  readonly #jobs = new Map<string, Job>();
  readonly #waiting: Chunk[] = [];
  readonly #running = new Set<Promise<void>>();
  #closed = false;

  constructor(
    private readonly score: ChunkScorer,
    private readonly options: JobOptions,
  ) {}

  async submit(spec: string, samples: readonly unknown[], lean = false): Promise<string> {
    // Held in memory until scored: past the bound a new job is refused (429), never dropped later.
    const waiting = this.#waiting.reduce((n, c) => n + c.samples.length, 0);
    if (waiting + samples.length > this.options.maxSamples) {
      throw new RewardError(
        'overloaded',
        `${waiting} samples are waiting for this process to score them; jobs.maxSamples is ${this.options.maxSamples} (with Redis, the queue holds them)`,
      );
    }
    const id = randomUUID();
    const chunks = chunksOf(samples, this.options.chunkSize);
    const view: JobView = {
      id,
      spec,
      status: chunks.length === 0 ? 'done' : 'queued',
      samples: samples.length,
      scored: 0,
      chunks: chunks.length,
      chunksDone: 0,
      created: Date.now(),
      finished: chunks.length === 0 ? Date.now() : null,
    };
    this.#jobs.set(id, { view, parts: new Array(chunks.length) });
    chunks.forEach((c, k) => {
      this.#waiting.push({ job: id, k, offset: k * this.options.chunkSize, spec, samples: c, lean });
    });
    this.#pump();
    return id;
  }

  #pump(): void {
    while (!this.#closed && this.#running.size < this.options.concurrency && this.#waiting.length > 0) {
      const chunk = this.#waiting.shift() as Chunk;
      const job = this.#jobs.get(chunk.job);
      if (!job || job.view.status === 'cancelled') continue;
      job.view.status = 'running';
      const run: Promise<void> = this.score(chunk)
        .then(
          (results) => JSON.stringify(results),
          (err: unknown) => failedChunk(chunk, err),
        )
        .then((json) => this.#commit(job, chunk, json))
        .finally(() => {
          this.#running.delete(run);
          this.#pump();
        });
      this.#running.add(run);
    }
  }

  #commit(job: Job, chunk: Chunk, json: string): void {
    if (job.view.status === 'cancelled' || job.parts[chunk.k] !== undefined) return;
    job.parts[chunk.k] = json;
    job.view.chunksDone++;
    job.view.scored += chunk.samples.length;
    if (job.view.chunksDone === job.view.chunks) this.#finish(job, 'done');
  }

  #finish(job: Job, status: 'done' | 'cancelled'): void {
    job.view.status = status;
    job.view.finished = Date.now();
    setTimeout(() => this.#jobs.delete(job.view.id), this.options.ttlSeconds * 1000).unref();
  }

  async get(id: string): Promise<JobView | undefined> {
    const job = this.#jobs.get(id);
    if (!job) return undefined;
    if (job.view.status !== 'done') return { ...job.view };
    return { ...job.view, resultsJson: joinResults(job.parts as string[]) };
  }

  async cancel(id: string): Promise<JobView | undefined> {
    const job = this.#jobs.get(id);
    if (!job) return undefined;
    if (job.view.status !== 'done' && job.view.status !== 'cancelled') this.#finish(job, 'cancelled');
    return { ...job.view };
  }

  async unready(): Promise<string | undefined> {
    return this.#closed ? 'closing' : undefined;
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.allSettled([...this.#running]);
  }
}
