// Threads are shared between requests in turn: a small request is not stuck behind every chunk of a big one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistry } from '../../src/catalog.js';
import { loadSpecSet } from '../../src/server/scoring/spec-set.js';
import { WorkerScorer } from '../../src/server/scoring/worker-pool.js';
import { lateSpin, sleep, spin } from './fixtures/test-kinds.js';
import { SPEC_DIR, TEST_KINDS } from './helpers.js';

describe('fair sharing between requests', () => {
  let pool: WorkerScorer;
  beforeAll(async () => {
    const specs = await loadSpecSet({ dirs: [SPEC_DIR] }, createRegistry([spin, sleep, lateSpin]));
    pool = new WorkerScorer({ specs, threads: 1, chunkSize: 2, extraModules: [TEST_KINDS] });
    await pool.ready();
  });
  afterAll(() => pool.close());

  it('finishes a one-sample request arriving behind a 20-chunk request before the big one', async () => {
    const order: string[] = [];
    const sample = (i: number) => ({ prompt: 'q', response: `r${i}` });
    const big = pool
      .score(
        'sleep',
        Array.from({ length: 40 }, (_, i) => sample(i)),
      )
      .then(() => order.push('big'));
    await new Promise((r) => setTimeout(r, 50));
    const small = pool.score('sleep', [sample(99)]).then(() => order.push('small'));
    await Promise.all([big, small]);
    expect(order).toEqual(['small', 'big']);
  });
});
