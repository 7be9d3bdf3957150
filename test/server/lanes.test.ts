// Lanes by cost class: specs of trivial rules score on their own thread, so slow work cannot queue in front of them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_DEFINITIONS, createRegistry } from '../../src/catalog.js';
import { parseSpec } from '../../src/core/spec.js';
import { InlineFastScorer, textWithin } from '../../src/server/scoring/inline-fast.js';
import { inlineSafe, LaneScorer, laneOf, splitLanes } from '../../src/server/scoring/lanes.js';
import { InlineScorer, type Scorer } from '../../src/server/scoring/scorer.js';
import { loadSpecSet, type NamedSpec } from '../../src/server/scoring/spec-set.js';
import { WorkerScorer } from '../../src/server/scoring/worker-pool.js';
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
    let general: WorkerScorer;
    let fast: WorkerScorer;
    let lanes: LaneScorer;
    beforeAll(async () => {
      const specs = await loadSpecSet({ dirs: [SPEC_DIR] }, createRegistry([spin, sleep, lateSpin]));
      const pick = (names: string[]) => new Map([...specs].filter(([n]) => names.includes(n)));
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

  it('splits a spec set by lane', async () => {
    const specs = await loadSpecSet({ dirs: [SPEC_DIR] }, createRegistry([spin, sleep, lateSpin]));
    const { fast, general } = splitLanes(specs as ReadonlyMap<string, NamedSpec>);
    expect(fast.has('exact-match')).toBe(true);
    expect(general.size + fast.size).toBe(specs.size);
  });
});

describe('inline fast lane', () => {
  it('scores small built-in trivial requests on the HTTP thread, big ones and other specs in a worker', async () => {
    const specs = await loadSpecSet({ dirs: [SPEC_DIR] }, createRegistry([spin, sleep, lateSpin]));
    const shipped = new Set<unknown>(BUILTIN_DEFINITIONS);
    const builtIn = (def: unknown) => shipped.has(def);
    // exact-match ships with rewardkit; test-spin declares itself trivial but comes from a module, and may loop.
    expect(inlineSafe((specs.get('exact-match') as NamedSpec).root, builtIn)).toBe(true);
    expect(inlineSafe((specs.get('spin') as NamedSpec).root, builtIn)).toBe(false);
    expect(textWithin([emSample(1)], 1_000)).toBe(true);
    expect(textWithin([{ prompt: 'q', response: 'x'.repeat(2_000) }], 1_000)).toBe(false);
    // Which thread scored: the inline scorer counts its calls; the pool is a worker scorer.
    const pool = new WorkerScorer({ specs, threads: 1, extraModules: [TEST_KINDS], timeoutMs: 1500 });
    await pool.ready();
    const inline = new InlineScorer({ specs });
    let inlineCalls = 0;
    const counted: Scorer = {
      score(spec, samples) {
        inlineCalls++;
        return inline.score(spec, samples);
      },
      queued: 0,
      threads: 0,
      close: () => inline.close(),
    };
    const scorer = new InlineFastScorer(counted, new Set(['exact-match']), pool, 1_000);
    try {
      const small = JSON.stringify({ spec: 'exact-match', samples: [emSample(1)] });
      const direct = await scorer.scoreBody('exact-match', [emSample(1)], small);
      expect(inlineCalls).toBe(1);
      const big = { prompt: 'q', response: 'x'.repeat(2_000), reference: 'x' };
      const viaPool = await scorer.score('exact-match', [big]);
      expect(inlineCalls).toBe(1);
      expect(viaPool.results[0]?.status).toBe('scored');
      await scorer.score('spin', [{ prompt: 'q', response: 'ab' }]);
      expect(inlineCalls).toBe(1);
      // Same answers either way.
      const pooled = await pool.score('exact-match', [emSample(1)]);
      expect(direct.results).toEqual(pooled.results);
    } finally {
      await scorer.close();
    }
  });
});
