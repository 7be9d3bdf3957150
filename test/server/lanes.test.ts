// Lanes by cost class: specs of trivial rules score on their own thread, so slow work cannot queue in front of them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistry } from '../../src/catalog.js';
import { parseSpec } from '../../src/core/spec.js';
import { LaneScorer, laneOf, splitLanes } from '../../src/server/lanes.js';
import { loadSpecSet, type NamedSpec } from '../../src/server/spec-set.js';
import { WorkerScorer } from '../../src/server/worker-pool.js';
import { lateSpin, sleep, spin } from './fixtures/test-kinds.js';
import { emSample, SPEC_DIR, TEST_KINDS } from './helpers.js';

describe('lanes', () => {
  it('puts a spec in the fast lane only when every node is trivial and calls no model', () => {
    const registry = createRegistry();
    const lane = (text: string) => laneOf(parseSpec(text, 's.yaml', registry).root);
    expect(lane('reward: { kind: exact-match }')).toBe('fast');
    expect(lane('reward: { kind: math }')).toBe('general');
    expect(lane('reward: { kind: code }')).toBe('general');
    expect(lane('reward: { kind: weighted-sum, terms: [{ kind: exact-match }, { kind: math }] }')).toBe('general');
  });

  describe('LaneScorer', () => {
    const specs = loadSpecSet({ dirs: [SPEC_DIR] }, createRegistry([spin, sleep, lateSpin]));
    const pick = (names: string[]) => new Map([...specs].filter(([n]) => names.includes(n)));
    let general: WorkerScorer;
    let fast: WorkerScorer;
    let lanes: LaneScorer;
    beforeAll(async () => {
      const common = { timeoutMs: 1500, extraModules: [TEST_KINDS], threads: 1 };
      general = new WorkerScorer({ ...common, specs: pick(['spin']) });
      fast = new WorkerScorer({ ...common, specs: pick(['exact-match']) });
      await Promise.all([general.ready(), fast.ready()]);
      lanes = new LaneScorer(
        new Map<string, WorkerScorer>([
          ['spin', general],
          ['exact-match', fast],
        ]),
      );
    });
    afterAll(() => lanes.close());

    it('answers exact-match while the general lane is blocked', async () => {
      const order: string[] = [];
      const stuck = lanes.score('spin', [{ prompt: 'q', response: 'spin' }]).then((r) => {
        order.push('spin');
        return r;
      });
      await new Promise((r) => setTimeout(r, 100));
      const quick = await lanes.score('exact-match', [emSample(1)]);
      order.push('exact-match');
      expect(quick.results[0]?.status).toBe('scored');
      expect((await stuck).results[0]).toMatchObject({ status: 'error', code: 'timeout' });
      expect(order).toEqual(['exact-match', 'spin']);
      expect(lanes.threads).toBe(2);
    });
  });

  it('splits a spec set by lane', () => {
    const specs = loadSpecSet({ dirs: [SPEC_DIR] }, createRegistry([spin, sleep, lateSpin]));
    const { fast, general } = splitLanes(specs as ReadonlyMap<string, NamedSpec>);
    expect(fast.has('exact-match')).toBe(true);
    expect(general.size + fast.size).toBe(specs.size);
  });
});
