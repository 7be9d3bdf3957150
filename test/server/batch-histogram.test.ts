import fc from 'fast-check';
import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { BatchHistogram } from '../../src/server/metrics/batch-histogram.js';

const BUCKETS = [1e-5, 1e-4, 1e-3, 0.01, 0.1, 1, 5];

/** The exposition text of prom-client's own Histogram and of BatchHistogram fed the same batches. */
async function both(batches: Array<{ spec: string; values: number[] }>): Promise<[string, string]> {
  const ref = new Registry();
  const h = new Histogram({
    name: 'x_seconds',
    help: 'h',
    labelNames: ['spec', 'component'],
    buckets: BUCKETS,
    registers: [ref],
  });
  const ours = new Registry();
  const b = new BatchHistogram('x_seconds', 'h', ['spec', 'component'], BUCKETS, ours);
  for (const { spec, values } of batches) {
    for (const v of values) h.observe({ spec, component: 'c' }, v / 1000);
    b.observeMany({ spec, component: 'c' }, values, 1000);
  }
  return [await ref.metrics(), await ours.metrics()];
}

describe('BatchHistogram', () => {
  it('exposes exactly what prom-client would for the same observations, bucket edges included', async () => {
    const [ref, ours] = await both([
      { spec: 'a', values: [0.01, 0.1, 1, 10, 100, 1000, 5000, 9999, 0] },
      { spec: 'b', values: [0.5, 0.5, 2] },
      { spec: 'a', values: [1e-3] },
    ]);
    expect(ours).toBe(ref);
    expect(ours).toContain('x_seconds_bucket{le="0.001",spec="a",component="c"} 5');
  });

  it('matches prom-client on random batches', async () => {
    const value = fc.oneof(
      fc.double({ min: 0, max: 10_000, noNaN: true }),
      fc.constantFrom(...BUCKETS.map((b) => b * 1000)),
    );
    const batch = fc.record({ spec: fc.constantFrom('a', 'b', 'c'), values: fc.array(value, { maxLength: 20 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(batch, { maxLength: 6 }), async (batches) => {
        const [ref, ours] = await both(batches);
        expect(ours).toBe(ref);
      }),
      { seed: 21, numRuns: 200 },
    );
  });

  it('drops non-finite values and clears on reset', async () => {
    const registry = new Registry();
    const b = new BatchHistogram('y', 'h', ['spec'], [1], registry);
    b.observeMany({ spec: 's' }, [Number.NaN, Number.POSITIVE_INFINITY, 0.5]);
    expect(await registry.metrics()).toContain('y_count{spec="s"} 1');
    b.reset();
    expect(await registry.metrics()).not.toContain('y_count');
  });
});
