// The model-call cache shared in Redis: identical calls from two replicas go out once, a third replica hits.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ScriptedServer } from '../backends/scripted-server.js';
import { call, inProcessReplica } from './helpers.js';
import { type RedisService, startRedis } from './services.js';

const model = new ScriptedServer();
let redis: RedisService;
const dir = mkdtempSync(join(tmpdir(), 'rk-shared-cache-'));

beforeAll(async () => {
  [redis] = await Promise.all([startRedis(), model.start()]);
  model.script((req) =>
    req.path === '/pooling'
      ? {
          delayMs: 300,
          body: {
            object: 'list',
            data: [{ index: 0, object: 'pooling', data: [0.5 + JSON.stringify(req.body).length / 10000] }],
          },
        }
      : undefined,
  );
  writeFileSync(
    join(dir, 'rm.yaml'),
    `backends:\n  rm: {api: vllm-pooling, baseUrl: "${model.url}", retries: 0}\nreward:\n  kind: reward-model\n`,
  );
});
afterAll(async () => {
  await Promise.all([redis?.stop(), model.close()]);
});

it('identical calls in flight on two replicas reach the model once; a replica with an empty local cache reads the shared one', async () => {
  const replica = (name: string, workers: number) =>
    inProcessReplica({
      specDirs: [dir],
      workers,
      cache: { enabled: true, path: join(dir, `${name}.sqlite`) },
      jobs: { redisUrl: redis.url, prefix: 'cachetest' },
    });
  // One scores in a worker thread (its own Redis client there), one on the main thread.
  const [a, b] = await Promise.all([replica('a', 1), replica('b', 0)]);
  const samples = Array.from({ length: 4 }, (_, i) => ({ id: `c${i}`, prompt: `p${i}`, response: `r${i}` }));
  try {
    const [ra, rb] = await Promise.all([
      call(`${a.url}/v1/score`, 'POST', { spec: 'rm', samples }),
      call(`${b.url}/v1/score`, 'POST', { spec: 'rm', samples }),
    ]);
    expect(ra.body.results.map((r: any) => r.status)).toEqual(['scored', 'scored', 'scored', 'scored']);
    expect(rb.body.results.map((r: any) => r.score)).toEqual(ra.body.results.map((r: any) => r.score));
    expect(model.seen).toHaveLength(4);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
  const c = await replica('c', 0);
  try {
    const rc = await call(`${c.url}/v1/score`, 'POST', { spec: 'rm', samples });
    expect(rc.body.results.every((r: any) => r.status === 'scored')).toBe(true);
    expect(model.seen).toHaveLength(4);
  } finally {
    await c.close();
  }
  expect(model.unplanned).toEqual([]);
});
