// The server listens while its worker threads start; one that fails to start stops the server (pools and app
// closed, nothing left listening) and `started` rejects with its error.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WorkerScorer } from '../../src/server/scoring/worker-pool.js';
import { testServer } from './helpers.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('server start-up', () => {
  it('rejects `started` with the error of a worker that could not start, and closes its pools and app', async () => {
    const closed = vi.spyOn(WorkerScorer.prototype, 'close');
    vi.spyOn(WorkerScorer.prototype, 'ready').mockRejectedValueOnce(new Error('worker could not compile spec x'));
    const server = await testServer({ workers: 1 });
    const url = await server.listen();
    await expect(server.started).rejects.toThrow('worker could not compile spec x');
    expect(closed).toHaveBeenCalled();
    expect(server.app.server.listening).toBe(false);
    await expect(fetch(`${url}/health`)).rejects.toThrow();
  });

  it('answers specs scored on its own thread before the worker threads are up', async () => {
    let workersUp = false;
    const ready = WorkerScorer.prototype.ready;
    vi.spyOn(WorkerScorer.prototype, 'ready').mockImplementation(async function (this: WorkerScorer) {
      await new Promise((r) => setTimeout(r, 300));
      await ready.call(this);
      workersUp = true;
    });
    const server = await testServer({ workers: 1 });
    try {
      const res = await server.app.inject({
        method: 'POST',
        url: '/v1/score',
        payload: { spec: 'exact-match', samples: [{ prompt: 'q', response: 'Paris', reference: 'paris' }] },
      });
      expect(res.json()).toMatchObject({ results: [{ status: 'scored', score: 1 }] });
      expect(workersUp).toBe(false);
      await server.started;
      expect(workersUp).toBe(true);
    } finally {
      await server.close();
    }
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
