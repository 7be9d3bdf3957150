// Shutdown: the annotation queue drains (bounded) when the host closes its backends, so finished labels reach
// the response cache and the next host serves them at once.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { guardedFetch, ScriptedServer } from '../../../test/backends/scripted-server.js';
import { runCliAsync } from '../../../test/helpers/run-cli.js';
import { chat, judgeBackends, score } from '../../../test/judges/scripted-judge.js';
import { closeBackends, SqliteCache } from '../../backends/index.js';
import type { Sample } from '../../core/types.js';
import { parseConfig } from '../../server/config.js';
import { createRewardServer } from '../../server/server.js';
import { AnnotationQueue } from './annotation-queue.js';
import { oniIntrinsic, oniQueue } from './oni.js';

const server = new ScriptedServer();
const refused: string[] = [];
const judge = (delayMs: number) =>
  server.script((req) => {
    const user = String(req.body.messages?.[1]?.content ?? '');
    return { body: chat(JSON.stringify({ reasoning: 'r', met: /key/.test(user) })), delayMs };
  });
beforeAll(() => server.start());
afterAll(() => server.close());
afterEach(() => {
  expect(server.unplanned.splice(0)).toEqual([]);
  expect(refused.splice(0)).toEqual([]);
});

const dir = mkdtempSync(join(tmpdir(), 'rk-oni-drain-'));
const obs = (observation: string): Sample => ({ prompt: 'open the door', response: 'go', metadata: { observation } });
const node = { kind: 'oni-intrinsic' };
const defaults = oniIntrinsic.params.parse({});

describe('AnnotationQueue.drain', () => {
  it('finishes queued and in-flight annotations within the bound, then takes no new ones', async () => {
    const q = new AnnotationQueue(async (o) => o.length, { maxPending: 10, cacheSize: 10, concurrency: 1 });
    for (const o of ['a', 'bb', 'ccc']) q.lookup(o);
    expect(await q.drain(10_000)).toEqual({ finished: 3, failed: 0, abandoned: 0 });
    expect(q.lookup('bb')).toEqual({ state: 'labelled', label: 2 });
    expect(q.lookup('new').state).toBe('closed');
    expect(q.size.pending).toBe(0);
  });

  it('past the bound it aborts the calls in flight and drops the waiting ones (counted, never hung)', async () => {
    const signals: AbortSignal[] = [];
    const q = new AnnotationQueue(
      (_o, signal) =>
        new Promise((_, reject) => {
          signals.push(signal);
          signal.addEventListener('abort', () => reject(signal.reason));
        }),
      { maxPending: 10, cacheSize: 10, concurrency: 2 },
    );
    for (const o of ['a', 'b', 'c', 'd']) q.lookup(o);
    expect(await q.drain(20)).toEqual({ finished: 0, failed: 0, abandoned: 4 });
    expect(signals).toHaveLength(2);
    expect(signals.every((s) => s.aborted)).toBe(true);
    expect(q.failures).toBe(0); // aborted at shutdown is not a judge failure
  });
});

describe('closeBackends drains oni-intrinsic', () => {
  it('labels finished during the drain are in the cache: a restarted host serves them with no new call', async () => {
    judge(30);
    const path = join(dir, 'restart.sqlite');
    const first = judgeBackends(server, refused, {}, new SqliteCache(path));
    const samples = [obs('you see a key'), obs('a wall'), obs('another key')];
    const before = await score(node, samples, first);
    expect(before.map((r) => r.details?.state)).toEqual(['queued', 'queued', 'queued']);
    await closeBackends(first, 10_000);
    expect(server.seen).toHaveLength(3);
    const second = judgeBackends(server, refused, {}, new SqliteCache(path));
    const after = await score(node, samples, second);
    expect(after.map((r) => [r.score, r.details?.source])).toEqual([
      [1, 'label'],
      [0, 'label'],
      [1, 'label'],
    ]);
    expect(server.seen).toHaveLength(3); // served from the response cache
    await closeBackends(second);
  });

  it('a judge slower than the bound does not hold the close: its call is aborted and nothing is cached', async () => {
    judge(3_000);
    const path = join(dir, 'slow.sqlite');
    const backends = judgeBackends(server, refused, {}, new SqliteCache(path));
    await score(node, [obs('a slow key')], backends);
    const queue = oniQueue({ services: { backends } }, defaults);
    expect(queue.size.pending).toBe(1);
    await closeBackends(backends, 30);
    expect(queue.size.pending).toBe(0);
    const again = judgeBackends(server, refused, {}, new SqliteCache(path));
    judge(0);
    const [r] = await score(node, [obs('a slow key')], again);
    expect(r?.details?.state).toBe('queued'); // not labelled: annotated again when next seen
    await closeBackends(again);
  });

  it('rewardkit score drains before it exits: the second run serves the labels the first one queued', async () => {
    judge(300);
    const input = join(dir, 'samples.jsonl');
    writeFileSync(input, `${[obs('you pick up a key'), obs('a wall')].map((s) => JSON.stringify(s)).join('\n')}\n`);
    const cache = join(dir, 'cli.sqlite');
    const env = { OPENAI_BASE_URL: `${server.url}/v1`, REWARDKIT_JUDGE_MODEL: 'judge' };
    const args = ['score', '--reward', 'oni-intrinsic', '--in', input, '--cache', cache, '--quiet'];
    const scores = (stdout: string) =>
      stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l).score);
    const first = await runCliAsync(args, env);
    expect(first.code).toBe(0);
    expect(scores(first.stdout)).toEqual([0, 0]);
    const second = await runCliAsync(args, env);
    expect(scores(second.stdout)).toEqual([1, 0]);
    expect(server.seen).toHaveLength(2);
  });

  it('the server (workers: 0) drains on close: labels queued by a request are cached when close resolves', async () => {
    judge(300);
    writeFileSync(join(dir, 'oni.yaml'), 'reward:\n  kind: oni-intrinsic\n');
    const cache = join(dir, 'server.sqlite');
    const rs = await createRewardServer({
      config: parseConfig({
        specs: { oni: join(dir, 'oni.yaml') },
        workers: 0,
        traces: { enabled: false },
        logLevel: 'silent',
        cache: { path: cache },
      }),
      baseDir: dir,
      file: 'rewardkit.yaml',
      env: { OPENAI_BASE_URL: `${server.url}/v1`, REWARDKIT_JUDGE_MODEL: 'judge' },
      fetch: guardedFetch(() => [server.url], refused),
    });
    const samples = [obs('the key is here'), obs('a wall')];
    const res = await rs.app.inject({ method: 'POST', url: '/v1/score', payload: { spec: 'oni', samples } });
    expect(res.json().results.map((r: { score: number }) => r.score)).toEqual([0, 0]);
    await rs.close();
    const after = judgeBackends(server, refused, { model: 'judge' }, new SqliteCache(cache));
    const again = await score(node, samples, after);
    expect(again.map((r) => [r.score, r.details?.source])).toEqual([
      [1, 'label'],
      [0, 'label'],
    ]);
    expect(server.seen).toHaveLength(2);
    await closeBackends(after);
  });
});
