import { afterAll, describe, expect, it } from 'vitest';
import { CasPool } from './pool.js';
import type { Answer } from './structure.js';

const expr = (tex: string): Answer => ({ type: 'expr', tex, percent: false });
const options = { lists: 'set', percent: 'exact', chains: 'strict', tolerance: 1e-9, rounding: 'exact' } as const;

describe('CAS worker pool', () => {
  const pool = new CasPool({ size: 2 });
  afterAll(() => pool.close());

  it('answers requests in worker threads, in parallel, each with its own verdict', async () => {
    const outcomes = await Promise.all([
      pool.run({ gold: expr('120'), pred: expr('5!'), options }, 10_000),
      pool.run({ gold: expr('121'), pred: expr('5!'), options }, 10_000),
      pool.run({ gold: expr('2i'), pred: expr('(1+i)^2'), options }, 10_000),
    ]);
    expect(outcomes.map((o) => (o.kind === 'verdict' ? o.verdict?.equal : o.kind))).toEqual([true, false, true]);
    expect(pool.spawned).toBeLessThanOrEqual(2);
  });

  it('drops a queued task when its signal aborts', async () => {
    const controller = new AbortController();
    const busy = [1, 2].map(() =>
      pool.run({ gold: expr('\\ln 3'), pred: expr('\\sum_{n=1}^{100000} \\frac{1}{n^2}'), options }, 200),
    );
    const queued = pool.run({ gold: expr('6'), pred: expr('3!'), options }, 10_000, controller.signal);
    controller.abort();
    expect(await queued).toEqual({ kind: 'failed', message: 'cancelled' });
    expect((await Promise.all(busy)).map((o) => o.kind)).toEqual(['timeout', 'timeout']);
  });

  it('fails cleanly once closed', async () => {
    const closed = new CasPool({ size: 1 });
    await closed.close();
    expect(await closed.run({ gold: expr('1'), pred: expr('1'), options }, 1000)).toMatchObject({ kind: 'failed' });
  });
});
