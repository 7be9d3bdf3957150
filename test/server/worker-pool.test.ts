// The worker pool with real threads: stuck rewards are stopped, their samples time out, nothing else changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistry } from '../../src/catalog.js';
import { Runner } from '../../src/core/runner.js';
import { chunkIndices } from '../../src/server/scoring/chunks.js';
import { loadSpecSet, type NamedSpec } from '../../src/server/scoring/spec-set.js';
import { WorkerScorer } from '../../src/server/scoring/worker-pool.js';
import { lateSpin, sleep, spin } from './fixtures/test-kinds.js';
import { emSample, SPEC_DIR, TEST_KINDS } from './helpers.js';

describe('chunkIndices', () => {
  it('packs samples into chunks of about the size, never splitting a group', () => {
    const samples = ['a', 'b', undefined, 'a', 'c', undefined, 'b', 'a'].map((group) =>
      group === undefined ? { prompt: '', response: '' } : { prompt: '', response: '', group },
    );
    const chunks = chunkIndices(samples, 3);
    expect(chunks.flat().sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    for (const group of ['a', 'b']) {
      const members = samples.flatMap((s, i) => (s.group === group ? [i] : []));
      expect(chunks.filter((c) => members.some((m) => c.includes(m)))).toHaveLength(1);
    }
    expect(chunks).toEqual([
      [0, 3, 7],
      [1, 6, 2],
      [4, 5],
    ]);
    expect(chunkIndices([], 4)).toEqual([]);
    expect(
      chunkIndices(
        [
          { prompt: '', response: '', group: 1 },
          { prompt: '', response: '', group: '1' },
        ],
        1,
      ),
    ).toEqual([[0], [1]]);
  });
});

const registry = createRegistry([spin, sleep, lateSpin]);
const specs = await loadSpecSet({ dirs: [SPEC_DIR] }, registry);

// Normal batches run under the default budgets, so a slow, loaded machine cannot time them out.
describe('WorkerScorer', () => {
  let restarts = 0;
  let pool: WorkerScorer;
  beforeAll(async () => {
    pool = new WorkerScorer({
      specs,
      threads: 2,
      chunkSize: 8,
      extraModules: [TEST_KINDS],
      onWorkerRestart: () => restarts++,
    });
    await pool.ready();
  });
  afterAll(() => pool.close());

  it('scores like the in-process runner across chunks', async () => {
    const samples = Array.from({ length: 50 }, (_, i) => ({ ...emSample(i), group: i % 7 }));
    const out = await pool.score('em-sum', samples);
    const direct = await new Runner().score((specs.get('em-sum') as NamedSpec).root, samples);
    expect(out.results).toEqual(direct);
    expect(out.timings.strict).toHaveLength(50);
    expect(out.timings.loose?.every((ms) => ms >= 0)).toBe(true);
  });

  it('scores a body the worker parses itself (groups reordered) exactly like score, ids first, in body order', async () => {
    const samples = Array.from({ length: 8 }, (_, i) => ({ ...emSample(i), id: `s${i}`, group: i % 3 }));
    const raw = JSON.stringify({ spec: 'em-sum', samples });
    const out = await pool.scoreBody('em-sum', samples, raw);
    const direct = await pool.score('em-sum', samples);
    expect(out.wire).toBeDefined();
    expect(out.wire?.json).toBe(JSON.stringify(direct.results.map((r, i) => ({ id: samples[i]?.id, ...r }))));
    expect(out.wire?.statuses).toEqual({ scored: 8 });
    expect(out.timings.strict).toHaveLength(8);
  });

  it('replaced no worker while scoring them', () => expect(restarts).toBe(0));
});

// A budget of its own for the stuck rewards: long enough that the samples beside a stuck one and a 300 ms
// sleep finish well inside it on a loaded machine, short enough that a stuck worker is replaced quickly.
const BUDGET_MS = 1000;

describe('WorkerScorer with stuck rewards', () => {
  let restarts = 0;
  let pool: WorkerScorer;
  beforeAll(async () => {
    pool = new WorkerScorer({
      specs,
      threads: 2,
      chunkSize: 8,
      timeoutMs: BUDGET_MS,
      extraModules: [TEST_KINDS],
      onWorkerRestart: () => restarts++,
    });
    await pool.ready();
  });
  afterAll(() => pool.close());

  it('stops a worker stuck past its budget, reports only its sample as timeout, and keeps serving', async () => {
    const responses = ['a', 'bb', 'spin', 'dddd', 'eeeee', 'spin', 'g'];
    const before = restarts;
    const out = await pool.score(
      'spin',
      responses.map((response) => ({ prompt: 'p', response })),
    );
    expect(restarts - before).toBe(2);
    out.results.forEach((r, i) => {
      if (responses[i] === 'spin') {
        expect(r).toMatchObject({ status: 'error', code: 'timeout', components: { 'test-spin': null } });
        expect(r.message).toContain(`test-spin overran its ${BUDGET_MS} ms budget`);
      } else {
        expect(r).toMatchObject({ status: 'scored', score: responses[i]?.length });
      }
    });
    const again = await pool.score('em-sum', [emSample(1)]);
    expect(again.results[0]?.status).toBe('scored');
  });

  it('leaves other batches running in parallel untouched', async () => {
    const stuck = pool.score('spin', [{ prompt: 'p', response: 'spin' }]);
    const samples = Array.from({ length: 20 }, (_, i) => emSample(i));
    const [a, b] = await Promise.all([stuck, pool.score('exact-match', samples)]);
    expect(a.results[0]?.code).toBe('timeout');
    expect(b.results.every((r) => r.status === 'scored')).toBe(true);
  });

  it('replaces a worker whose event loop stalls outside any heartbeat; its task times out, nothing hangs', async () => {
    const before = restarts;
    const [stalled, other] = await Promise.all([
      pool.score('late-spin', [
        { prompt: 'p', response: 'ok' },
        { prompt: 'p', response: 'spin' },
      ]),
      pool.score('exact-match', [emSample(1)]),
    ]);
    expect(restarts - before).toBeGreaterThanOrEqual(1);
    for (const r of stalled.results) {
      expect(r).toMatchObject({ status: 'error', code: 'timeout' });
      expect(r.message).toContain(`stalled for over ${BUDGET_MS} ms`);
    }
    expect(other.results[0]?.status).toBe('scored');
  });

  it('lets the runner time out an async reward, with no worker restart', async () => {
    const before = restarts;
    const [fast, slow] = await Promise.all([
      pool.score('sleep', [{ prompt: 'p', response: 'r' }]),
      pool.score('sleep-long', [{ prompt: 'p', response: 'r' }]),
    ]);
    expect(fast.results[0]).toMatchObject({ status: 'scored', score: 1 });
    expect(slow.results[0]).toMatchObject({ status: 'error', code: 'timeout' });
    expect(restarts).toBe(before);
  });
});
