import { randomUUID } from 'node:crypto';
import { type Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { RewardError } from '../../core/codes.js';
import {
  type Chunk,
  type ChunkScorer,
  chunksOf,
  failedChunk,
  type JobOptions,
  type JobQueue,
  type JobStatus,
  type JobView,
  joinResults,
} from './types.js';

/** Settings of the Redis queue: the URL, key prefix and BullMQ's lock (a dead replica's chunk returns after it). */
export interface RedisJobOptions extends JobOptions {
  url: string;
  prefix: string;
  /** A chunk's lock (ms); a replica that dies holding one loses it after this and another replica takes it over. */
  lockMs: number;
  onError?: (message: string) => void;
}

/** Tries per chunk before its samples are answered as `internal` errors (a bug or a crash loop, not a busy replica). */
const ATTEMPTS = 5;
const QUEUE = 'chunks';
const REPORT_EVERY_MS = 10_000;

// Stores a chunk's results once (HSETNX): a chunk scored again after its replica died never counts twice.
const COMMIT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
local st = redis.call('HGET', KEYS[1], 'status')
if st == 'cancelled' then return -2 end
if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('HINCRBY', KEYS[1], 'scored', ARGV[3])
local done = redis.call('HINCRBY', KEYS[1], 'chunksDone', 1)
if done == tonumber(redis.call('HGET', KEYS[1], 'chunks')) then
  redis.call('HSET', KEYS[1], 'status', 'done', 'finished', ARGV[5])
end
redis.call('EXPIRE', KEYS[1], ARGV[4])
redis.call('EXPIRE', KEYS[2], ARGV[4])
return 1`;

const START = `
if redis.call('HGET', KEYS[1], 'status') == 'queued' then redis.call('HSET', KEYS[1], 'status', 'running') end
return redis.call('HGET', KEYS[1], 'status')`;

const CANCEL = `
local st = redis.call('HGET', KEYS[1], 'status')
if not st then return false end
if st ~= 'done' and st ~= 'cancelled' then redis.call('HSET', KEYS[1], 'status', 'cancelled', 'finished', ARGV[1]) end
return 1`;

/** The URL with any password masked, for messages. */
export function safeRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'redis://(unparsable URL)';
  }
}

/** Jobs on a BullMQ queue in Redis: every replica submits to it and consumes its chunks. */
export class RedisJobs implements JobQueue {
  readonly kind = 'redis';
  readonly #api: Redis;
  readonly #work: Redis;
  readonly #queue: Queue;
  readonly #worker: Worker<Chunk>;
  readonly #where: string;

  private constructor(
    private readonly score: ChunkScorer,
    private readonly options: RedisJobOptions,
  ) {
    this.#where = safeRedisUrl(options.url);
    // While Redis is away every client reports each reconnect attempt: say each distinct failure once per 10 s.
    const said = new Map<string, number>();
    const report = (what: string) => (err: Error) => {
      const message = `${what} (${this.#where}): ${err.message}`;
      if (Date.now() - (said.get(message) ?? 0) < REPORT_EVERY_MS) return;
      said.set(message, Date.now());
      options.onError?.(message);
    };
    // Requests fail fast while Redis is away (503 to the client); the worker side waits and reconnects.
    this.#api = new Redis(options.url, {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      connectTimeout: 2_000,
      retryStrategy: (n) => Math.min(n * 100, 1_000),
    });
    this.#api.on('error', report('job queue connection'));
    this.#work = new Redis(options.url, { maxRetriesPerRequest: null, retryStrategy: (n) => Math.min(n * 100, 1_000) });
    this.#work.on('error', report('job worker connection'));
    this.#queue = new Queue(QUEUE, { connection: this.#api, prefix: options.prefix });
    this.#queue.on('error', report('job queue'));
    this.#worker = new Worker<Chunk>(QUEUE, (job) => this.#process(job), {
      connection: this.#work,
      prefix: options.prefix,
      concurrency: options.concurrency,
      lockDuration: options.lockMs,
      stalledInterval: options.lockMs,
      maxStalledCount: ATTEMPTS,
      autorun: false,
    });
    this.#worker.on('error', report('job worker'));
  }

  /** Connects (waiting up to `connectMs`), then starts consuming; throws `unavailable` when Redis cannot be reached. */
  static async open(score: ChunkScorer, options: RedisJobOptions, connectMs = 10_000): Promise<RedisJobs> {
    const jobs = new RedisJobs(score, options);
    const deadline = Date.now() + connectMs;
    while (jobs.#api.status !== 'ready' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    if (jobs.#api.status !== 'ready') {
      await jobs.close();
      throw new RewardError('unavailable', `cannot reach Redis at ${jobs.#where} within ${connectMs} ms`, {
        where: 'REWARDKIT_REDIS_URL',
      });
    }
    void jobs.#worker.run().catch((err: Error) => options.onError?.(`job worker stopped: ${err.message}`));
    return jobs;
  }

  #meta(id: string): string {
    return `${this.options.prefix}:job:${id}`;
  }

  #results(id: string): string {
    return `${this.options.prefix}:job:${id}:results`;
  }

  async #call<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      throw new RewardError(
        'unavailable',
        `the job queue (Redis at ${this.#where}) failed to ${what}: ${(err as Error).message}`,
      );
    }
  }

  async submit(spec: string, samples: readonly unknown[], lean = false): Promise<string> {
    const id = randomUUID();
    const { chunkSize, ttlSeconds } = this.options;
    const chunks = chunksOf(samples, chunkSize);
    const now = Date.now();
    await this.#call('store the job', async () => {
      const status: JobStatus = chunks.length === 0 ? 'done' : 'queued';
      await this.#api
        .multi()
        .hset(this.#meta(id), {
          spec,
          status,
          samples: samples.length,
          scored: 0,
          chunks: chunks.length,
          chunksDone: 0,
          created: now,
          finished: chunks.length === 0 ? now : '',
        })
        .expire(this.#meta(id), ttlSeconds)
        .exec();
      // A fixed id per chunk: a retried submit or a recovered chunk is the same BullMQ job, never a second one.
      await this.#queue.addBulk(
        chunks.map((c, k) => ({
          name: 'chunk',
          data: { job: id, k, offset: k * chunkSize, spec, samples: c, lean },
          opts: {
            jobId: `${id}.${k}`,
            attempts: ATTEMPTS,
            backoff: { type: 'fixed', delay: 500 },
            removeOnComplete: true,
            removeOnFail: { age: ttlSeconds },
          },
        })),
      );
    });
    return id;
  }

  async #process(job: Job<Chunk>): Promise<void> {
    const c = job.data;
    const status = (await this.#work.eval(START, 1, this.#meta(c.job))) as string | null;
    if (status !== 'running') return; // cancelled, expired or already done
    if ((await this.#work.hexists(this.#results(c.job), String(c.k))) === 1) return; // scored before a crash
    let json: string;
    try {
      json = JSON.stringify(await this.score(c));
    } catch (err) {
      if (job.attemptsMade + 1 < ATTEMPTS) throw err;
      json = failedChunk(c, err);
    }
    await this.#work.eval(
      COMMIT,
      2,
      this.#meta(c.job),
      this.#results(c.job),
      String(c.k),
      json,
      String(c.samples.length),
      String(this.options.ttlSeconds),
      String(Date.now()),
    );
  }

  async get(id: string): Promise<JobView | undefined> {
    return this.#call('read the job', async () => {
      const m = await this.#api.hgetall(this.#meta(id));
      if (!m.spec) return undefined;
      const view: JobView = {
        id,
        spec: m.spec,
        status: m.status as JobStatus,
        samples: Number(m.samples),
        scored: Number(m.scored),
        chunks: Number(m.chunks),
        chunksDone: Number(m.chunksDone),
        created: Number(m.created),
        finished: m.finished ? Number(m.finished) : null,
      };
      if (view.status !== 'done') return view;
      const parts = await this.#api.hgetall(this.#results(id));
      const ordered = Array.from({ length: view.chunks }, (_, k) => parts[String(k)] ?? '[]');
      return { ...view, resultsJson: joinResults(ordered) };
    });
  }

  async cancel(id: string): Promise<JobView | undefined> {
    const found = await this.#call('cancel the job', () =>
      this.#api.eval(CANCEL, 1, this.#meta(id), String(Date.now())),
    );
    if (found === null) return undefined;
    const view = await this.get(id);
    if (view?.status === 'cancelled') {
      // Waiting chunks leave the queue now; one being scored finishes and is dropped at commit.
      await Promise.allSettled(Array.from({ length: view.chunks }, (_, k) => this.#queue.remove(`${id}.${k}`)));
    }
    return view;
  }

  async unready(): Promise<string | undefined> {
    if (this.#api.status !== 'ready') return `Redis at ${this.#where} is ${this.#api.status}`;
    try {
      await this.#api.ping();
      return undefined;
    } catch (err) {
      return `Redis at ${this.#where} does not answer: ${(err as Error).message}`;
    }
  }

  async close(): Promise<void> {
    // The worker finishes the chunks in hand (graceful drain); the rest stay queued for the other replicas.
    await this.#worker.close().catch(() => {});
    await this.#queue.close().catch(() => {});
    this.#api.disconnect();
    this.#work.disconnect();
  }
}
