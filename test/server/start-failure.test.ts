// A worker that fails to start stops `createRewardServer` with its error, after fastify has been built
// alongside it: nothing is left listening or running (the pools and the app are closed).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WorkerScorer } from '../../src/server/scoring/worker-pool.js';
import { testServer } from './helpers.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('server start-up', () => {
  it('rejects with the error of a worker that could not start, and closes its pools', async () => {
    const closed = vi.spyOn(WorkerScorer.prototype, 'close');
    vi.spyOn(WorkerScorer.prototype, 'ready').mockRejectedValueOnce(new Error('worker could not compile spec x'));
    await expect(testServer({ workers: 1 })).rejects.toThrow('worker could not compile spec x');
    expect(closed).toHaveBeenCalled();
  });

  it('starts and answers when every worker is ready', async () => {
    const server = await testServer({ workers: 1 });
    const res = await server.app.inject({
      method: 'POST',
      url: '/v1/score',
      payload: { spec: 'exact-match', samples: [{ prompt: 'q', response: 'Paris', reference: 'paris' }] },
    });
    expect(res.json()).toMatchObject({ results: [{ status: 'scored', score: 1 }] });
    await server.close();
  });
});
