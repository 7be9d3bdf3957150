// The Python clients' keep-alive pools against a server that closes idle connections fast.
import { describe, expect, it } from 'vitest';
import { CLIENT_DIR, replay, trainerServerForFile } from './helpers.js';

const live = trainerServerForFile({ limits: { idleTimeoutMs: 200 } });

describe('rewardkit_client connections', () => {
  it('reuses pooled connections and sends again on one the server closed', async () => {
    const r = await replay('client_check.py', [CLIENT_DIR, live.url]);
    expect(r.sync).toEqual([1, 1, 1]);
    expect(r.sync_pool).toBe(1);
    expect(r.async_batches).toBe(3000);
    expect(r.async_one).toEqual(Array.from({ length: 50 }, (_, i) => (i % 5 === 4 ? 1 : 0)));
    expect(r.async_error).toEqual([404, 'not-found']);
  });
});
