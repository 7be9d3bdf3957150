// /v1/jobs in process, and on BullMQ across replicas sharing a real redis-server (kill, restart).
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, inProcessReplica, jobSamples, processReplica, type Replica, samplesScored, waitJob } from './helpers.js';
import { type RedisService, startRedis } from './services.js';

function expectInOrder(results: any[], n: number): void {
  expect(results).toHaveLength(n);
  results.forEach((r, i) => {
    expect(r.id).toBe(`j${i}`);
  });
}

describe('jobs in process (no Redis)', () => {
  let replica: Replica;
  beforeAll(async () => {
    replica = await inProcessReplica({ jobs: { chunkSize: 7 } });
  });
  afterAll(() => replica.close());

  it('scores a job in chunks, answers results in input order, and names an invalid sample by its index in the job', async () => {
    const samples: unknown[] = jobSamples(50);
    samples[37] = { id: 'j37', prompt: 'q', response: 42 };
    const posted = await call(`${replica.url}/v1/jobs`, 'POST', { spec: 'exact-match', samples });
    expect(posted.status).toBe(202);
    const job = await waitJob(replica.url, posted.body.job_id);
    expect(job.progress).toMatchObject({ samples: 50, scored: 50, chunks: 8, chunks_done: 8, fraction: 1 });
    expectInOrder(job.results, 50);
    expect(job.results[0]).toMatchObject({ status: 'scored', score: 1 });
    expect(job.results[1]).toMatchObject({ status: 'scored', score: 0 });
    expect(job.results[37]).toMatchObject({ status: 'error', code: 'invalid-sample' });
    expect(job.results[37].message).toContain('samples[37]');
    const ready = await call(`${replica.url}/ready`);
    expect(ready).toMatchObject({ status: 200, body: { ready: true, jobs: 'embedded' } });
  });

  it('refuses a job past the samples it may hold waiting (429, Retry-After), and takes one again once scored', async () => {
    const small = await inProcessReplica({ jobs: { chunkSize: 7, maxSamples: 60 } });
    try {
      const first = await call(`${small.url}/v1/jobs`, 'POST', { spec: 'sleep', samples: jobSamples(50) });
      expect(first.status).toBe(202);
      const res = await fetch(`${small.url}/v1/jobs`, {
        method: 'POST',
        body: JSON.stringify({ spec: 'sleep', samples: jobSamples(50) }),
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('1');
      expect(((await res.json()) as any).error.message).toContain('jobs.maxSamples is 60');
      await waitJob(small.url, first.body.job_id);
      expect((await call(`${small.url}/v1/jobs`, 'POST', { spec: 'sleep', samples: jobSamples(50) })).status).toBe(202);
    } finally {
      await small.close();
    }
  });

  it('cancels a running job, refuses an unknown spec and an unknown job', async () => {
    const posted = await call(`${replica.url}/v1/jobs`, 'POST', { spec: 'sleep', samples: jobSamples(70) });
    const cancelled = await call(`${replica.url}/v1/jobs/${posted.body.job_id}`, 'DELETE');
    expect(cancelled.body.status).toBe('cancelled');
    expect(cancelled.body.results).toBeUndefined();
    expect((await call(`${replica.url}/v1/jobs`, 'POST', { spec: 'nope', samples: [] })).body.error.code).toBe(
      'not-found',
    );
    expect((await call(`${replica.url}/v1/jobs/${randomUUID()}`)).status).toBe(404);
  });
});

it('with tokens set, /ready answers without one (a probe) and /v1/jobs needs one', async () => {
  const token = 'a-token-of-sixteen-plus';
  const replica = await inProcessReplica({ auth: { tokens: [token] } });
  try {
    expect((await call(`${replica.url}/ready`)).status).toBe(200);
    const refused = await call(`${replica.url}/v1/jobs`, 'POST', { spec: 'exact-match', samples: [] });
    expect(refused.status).toBe(401);
    const res = await fetch(`${replica.url}/v1/jobs`, {
      method: 'POST',
      body: JSON.stringify({ spec: 'exact-match', samples: jobSamples(2) }),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(202);
  } finally {
    await replica.close();
  }
});

describe('jobs on Redis', () => {
  let redis: RedisService;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(() => redis?.stop());
  const jobs = (prefix: string) => ({ redisUrl: redis.url, chunkSize: 4, concurrency: 2, lockMs: 1000, prefix });

  it('one job spreads across two replicas; the results come back in input order, each sample once', async () => {
    const prefix = `rk${randomUUID().slice(0, 8)}`;
    // Each with a worker pool of its own (one scoring thread), as separate machines would have.
    const replica = () => inProcessReplica({ workers: 1, jobs: jobs(prefix) });
    const [a, b] = await Promise.all([replica(), replica()]);
    try {
      const posted = await call(`${a.url}/v1/jobs`, 'POST', { spec: 'sleep', samples: jobSamples(48) });
      // Read from the other replica: the job lives in Redis, not in the one that took it.
      const job = await waitJob(b.url, posted.body.job_id);
      expectInOrder(job.results, 48);
      expect(job.results.every((r: any) => r.status === 'scored' && r.score === 1)).toBe(true);
      const [byA, byB] = await Promise.all([samplesScored(a.url, 'sleep'), samplesScored(b.url, 'sleep')]);
      expect(byA + byB).toBe(48);
      expect(byA).toBeGreaterThan(0);
      expect(byB).toBeGreaterThan(0);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('a job asking for lean answers gets them from whichever replica scores its chunks', async () => {
    const prefix = `rk${randomUUID().slice(0, 8)}`;
    const a = await inProcessReplica({ jobs: jobs(prefix) });
    try {
      const samples = jobSamples(10);
      const full = await waitJob(
        a.url,
        (await call(`${a.url}/v1/jobs`, 'POST', { spec: 'exact-match', samples })).body.job_id,
      );
      const leanId = (await call(`${a.url}/v1/jobs`, 'POST', { spec: 'exact-match', samples, details: false })).body
        .job_id;
      const lean = await waitJob(a.url, leanId);
      expect(full.results.every((r: any) => r.details !== undefined)).toBe(true);
      expect(lean.results).toEqual(full.results.map(({ details: _, ...rest }: any) => rest));
    } finally {
      await a.close();
    }
  });

  it('a replica killed mid-job loses nothing: its chunks return to the queue and are scored into the results once', async () => {
    const prefix = `rk${randomUUID().slice(0, 8)}`;
    const a = await processReplica({ jobs: jobs(prefix) }, { REWARDKIT_REDIS_URL: redis.url });
    const probe = new Redis(redis.url);
    let b: Replica | undefined;
    try {
      const posted = await call(`${a.url}/v1/jobs`, 'POST', { spec: 'sleep', samples: jobSamples(40) });
      const id = posted.body.job_id;
      for (let seen = 0; seen < 1; ) seen = (await call(`${a.url}/v1/jobs/${id}`)).body.progress.chunks_done;
      a.child.kill('SIGKILL');
      await new Promise((r) => a.child.once('exit', r));
      // The kill landed mid-chunk: chunks sit in BullMQ's active list under a lock nobody renews.
      expect(await probe.llen(`${prefix}:chunks:active`)).toBeGreaterThan(0);
      b = await inProcessReplica({ jobs: jobs(prefix) });
      const job = await waitJob(b.url, id);
      expect(job.status).toBe('done');
      expectInOrder(job.results, 40);
      expect(job.progress).toMatchObject({ scored: 40, chunks_done: 10 });
    } finally {
      probe.disconnect();
      await b?.close();
      await a.close();
    }
  });

  it('DELETE cancels a queued job on every replica: its waiting chunks leave the queue, no results appear', async () => {
    const prefix = `rk${randomUUID().slice(0, 8)}`;
    const a = await inProcessReplica({ jobs: jobs(prefix) });
    const probe = new Redis(redis.url);
    try {
      const posted = await call(`${a.url}/v1/jobs`, 'POST', { spec: 'sleep', samples: jobSamples(80) });
      const cancelled = await call(`${a.url}/v1/jobs/${posted.body.job_id}`, 'DELETE');
      expect(cancelled.body.status).toBe('cancelled');
      await new Promise((r) => setTimeout(r, 700));
      const later = await call(`${a.url}/v1/jobs/${posted.body.job_id}`);
      expect(later.body.status).toBe('cancelled');
      expect(later.body.results).toBeUndefined();
      expect(later.body.progress.scored).toBe(0);
      expect(await probe.llen(`${prefix}:chunks:wait`)).toBe(0);
    } finally {
      probe.disconnect();
      await a.close();
    }
  });

  it('Redis restarting under load: clear 503s while it is away, then every job completes', async () => {
    const prefix = `rk${randomUUID().slice(0, 8)}`;
    const [a, b] = await Promise.all([
      inProcessReplica({ jobs: jobs(prefix) }),
      inProcessReplica({ jobs: jobs(prefix) }),
    ]);
    try {
      const before = await call(`${a.url}/v1/jobs`, 'POST', { spec: 'sleep', samples: jobSamples(40) });
      await new Promise((r) => setTimeout(r, 200));
      const restarted = redis.restart(1500);
      await new Promise((r) => setTimeout(r, 300));
      const refused = await call(`${b.url}/v1/jobs`, 'POST', { spec: 'sleep', samples: jobSamples(4) });
      expect(refused.status).toBe(503);
      expect(refused.body.error.code).toBe('unavailable');
      expect(refused.body.error.message).toContain(`Redis at redis://127.0.0.1:${redis.port}`);
      const notReady = await call(`${a.url}/ready`);
      expect(notReady.status).toBe(503);
      expect(notReady.body.reason).toContain('Redis');
      await restarted;
      const job = await waitJob(b.url, before.body.job_id, 45_000);
      expectInOrder(job.results, 40);
      const after = await call(`${b.url}/v1/jobs`, 'POST', { spec: 'exact-match', samples: jobSamples(9) });
      expect(after.status).toBe(202);
      expectInOrder((await waitJob(a.url, after.body.job_id)).results, 9);
      expect((await call(`${a.url}/ready`)).status).toBe(200);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
