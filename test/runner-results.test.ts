// The runner's result contract, with tiny test-only kinds: which keys a result carries, per-node details,
// how thrown and malformed outcomes become results, references, budgets and the contexts rewards see.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createRegistry } from '../src/catalog.js';
import { RewardError } from '../src/core/codes.js';
import {
  type Capabilities,
  type CompositeDefinition,
  defineComposite,
  defineReward,
  type LeafDefinition,
  RULE,
  type ScoreContext,
  type Services,
} from '../src/core/define.js';
import { failed, scored } from '../src/core/outcome.js';
import { Runner } from '../src/core/runner.js';
import { parseSample } from '../src/core/sample-schema.js';
import { compileSpec } from '../src/core/spec.js';
import type { RewardResult, Sample } from '../src/core/types.js';

type Score = LeafDefinition<unknown, any>['score'];
const leaf = (kind: string, score: Score, caps: Partial<Capabilities> = {}, reference?: z.ZodType) =>
  defineReward<unknown, any>({
    kind,
    description: 'test only',
    params: z.object({}),
    capabilities: { ...RULE, ...caps },
    ...(reference ? { reference } : {}),
    score,
  });
const composite = (kind: string, run: CompositeDefinition<unknown>['run']) =>
  defineComposite<unknown>({
    kind,
    description: 'test only',
    params: z.object({}),
    capabilities: RULE,
    slots: { terms: 'many' },
    run,
  });
// Runs every term, then scores 1 per sample.
const all = composite('test-all', async (samples, children) => {
  for (const term of children.terms ?? []) await term.run(samples);
  return samples.map(() => scored(1));
});

const score = (defs: Array<LeafDefinition<any, any> | CompositeDefinition<any>>, reward: unknown) => {
  const root = compileSpec({ reward }, createRegistry(defs), { file: 't' }).root;
  return (samples: Sample[], runner = new Runner()) => runner.score(root, samples);
};
const s = (response: string, reference?: unknown): Sample => ({ prompt: 'q', response, reference });

describe('result keys', () => {
  it('carries only the keys the reward gave, plus components', async () => {
    const bare = leaf('test-bare', () => ({ status: 'unscorable' }));
    expect(await score([bare], { kind: 'test-bare' })([s('x')])).toStrictEqual([
      { status: 'unscorable', components: { 'test-bare': null } },
    ]);
    const full = leaf('test-full', () => scored(2, { rule: 'r' }, [0.5, 1]));
    expect(await score([full], { kind: 'test-full' })([s('x')])).toStrictEqual([
      { status: 'scored', score: 2, components: { 'test-full': 2 }, steps: [0.5, 1], details: { rule: 'r' } },
    ]);
    const err = leaf('test-err', () => failed('model-error', 'down'));
    const [r] = await score([err], { kind: 'test-err' })([s('x')]);
    expect(r).toStrictEqual({
      status: 'error',
      components: { 'test-err': null },
      code: 'model-error',
      message: 'down',
    });
  });
});

describe('per-node details', () => {
  const plain = leaf('test-plain', () => scored(1));
  const detailed = leaf('test-detailed', () => scored(1, { why: 'd' }));
  const broken = leaf('test-broken', () => failed('model-error', 'down', { tries: 3 }));
  const bare = leaf('test-bare', () => ({ status: 'error' }));

  it('adds no nodes when every child scored without details, nor for the root alone', async () => {
    const [r] = await score([all, plain], { kind: 'test-all', terms: [{ kind: 'test-plain' }] })([s('x')]);
    expect(r).toStrictEqual({ status: 'scored', score: 1, components: { 'test-all': 1, 'test-plain': 1 } });
    const [own] = await score([detailed], { kind: 'test-detailed' })([s('x')]);
    expect(own?.details).toStrictEqual({ why: 'd' });
  });

  it('has one entry per child with details or a failure, with what it gave', async () => {
    const terms = [{ kind: 'test-plain' }, { kind: 'test-detailed' }, { kind: 'test-broken' }, { kind: 'test-bare' }];
    const [r] = await score([all, plain, detailed, broken, bare], { kind: 'test-all', terms })([s('x')]);
    expect(r?.details).toStrictEqual({
      nodes: {
        'test-detailed': { status: 'scored', details: { why: 'd' } },
        'test-broken': { status: 'error', code: 'model-error', message: 'down', details: { tries: 3 } },
        'test-bare': { status: 'error' },
      },
    });
  });

  it("drops the root's own entry and keeps its details beside the children's", async () => {
    const rootFails = composite('test-root-fails', async (samples, children) => {
      for (const term of children.terms ?? []) await term.run(samples);
      return samples.map(() => failed('child-failed', 'nope', { mine: true }));
    });
    const [r] = await score([rootFails, broken], { kind: 'test-root-fails', terms: [{ kind: 'test-broken' }] })([
      s('x'),
    ]);
    expect(r?.details).toStrictEqual({
      mine: true,
      nodes: { 'test-broken': { status: 'error', code: 'model-error', message: 'down', details: { tries: 3 } } },
    });
  });
});

describe('composite failures', () => {
  it('refuses a result list of the wrong length, per sample, naming the kind', async () => {
    const short = composite('test-short', async () => []);
    const results = await score([short, leaf('test-plain', () => scored(1))], {
      kind: 'test-short',
      terms: [{ kind: 'test-plain' }],
    })([s('a'), s('b')]);
    expect(results).toHaveLength(2);
    for (const r of results) {
      expect(r).toMatchObject({ status: 'error', code: 'reward-failed' });
      expect(r.message).toMatch(/^test-short failed: .*returned 0 results for 1 sample/);
    }
  });

  it('fails a one-sample batch once, without a retry, naming the kind and the error', async () => {
    let runs = 0;
    const boom = composite('test-boom', async () => {
      runs++;
      throw new Error('kaput');
    });
    const [r] = await score([boom, leaf('test-plain', () => scored(1))], {
      kind: 'test-boom',
      terms: [{ kind: 'test-plain' }],
    })([s('a')]);
    expect(r).toStrictEqual({
      status: 'error',
      components: { 'test-boom': null },
      code: 'reward-failed',
      message: 'test-boom failed: kaput',
    });
    expect(runs).toBe(1);
  });

  it('retries a failed batch sample by sample, and fails only the sample that still throws', async () => {
    const picky = composite('test-picky', async (samples) => {
      if (samples.some((x) => x.response === 'bad')) throw new Error(`bad among ${samples.length}`);
      return samples.map((x) => scored(x.response.length));
    });
    const results = await score([picky, leaf('test-plain', () => scored(1))], {
      kind: 'test-picky',
      terms: [{ kind: 'test-plain' }],
    })([s('ab'), s('bad'), s('abcd')]);
    expect(results.map((r) => r.score)).toEqual([2, undefined, 4]);
    expect(results[1]).toMatchObject({
      status: 'error',
      code: 'reward-failed',
      message: 'test-picky failed: bad among 1',
    });
  });
});

describe('references', () => {
  const needs = leaf('test-needs', () => scored(1), { needsReference: true });

  it('makes a null, empty or missing reference unscorable, naming the kind and the likely field', async () => {
    const run = score([needs], { kind: 'test-needs' });
    for (const reference of [undefined, null, '']) {
      const [r] = await run([s('x', reference)]);
      expect(r).toMatchObject({ status: 'unscorable', code: 'no-reference' });
      expect(r?.message).toMatch(/^test-needs needs a reference/);
    }
    const parsed = parseSample({ prompt: 'q', response: 'x', answer: '4' });
    if (!parsed.ok) throw new Error(parsed.message);
    const [hinted] = await run([parsed.sample]);
    expect(hinted?.message).toMatch(/test-needs .*"answer" as "reference"/);
    expect((await run([s('x', 0)]))[0]?.status).toBe('scored'); // 0 is a reference
  });

  it('checks a reference against the schema, names the field and hands the parsed value on', async () => {
    const schema = z.object({ answer: z.string().transform((a) => a.toUpperCase()) });
    const seen: unknown[] = [];
    const typed = leaf(
      'test-typed',
      (_s, _p, ref) => {
        seen.push(ref);
        return scored(1);
      },
      {},
      schema,
    );
    const run = score([typed], { kind: 'test-typed' });
    const bad = { answer: 5 };
    const [r] = await run([s('x', bad)]);
    const zodMessage = schema.safeParse(bad).error?.issues[0]?.message;
    expect(r).toMatchObject({ status: 'error', code: 'invalid-reference' });
    expect(r?.message).toBe(`reference.answer: ${zodMessage} (for test-typed)`);
    expect((await run([s('x', 'plain')]))[0]?.message).toMatch(/^reference: .+ \(for test-typed\)$/);
    expect((await run([s('x', { answer: 'ok' })]))[0]?.status).toBe('scored');
    // No reference and none needed: the schema is not applied, the reward sees undefined.
    expect((await run([s('x')]))[0]?.status).toBe('scored');
    expect(seen).toEqual([{ answer: 'OK' }, undefined]);
  });

  it('keeps a reference schema that throws to its own sample', async () => {
    const throwing = z.string().refine(() => {
      throw new Error('refine blew up');
    });
    const run = score([leaf('test-refine', () => scored(1), { needsReference: true }, throwing)], {
      kind: 'test-refine',
    });
    const results = await run([s('x', 'a'), s('x')]);
    expect(results[0]).toMatchObject({ status: 'error', code: 'reward-failed' });
    expect(results[0]?.message).toMatch(/test-refine: refine blew up/);
    expect(results[1]).toMatchObject({ status: 'unscorable', code: 'no-reference' });
  });

  it('keeps it to its own sample when the sample waited for a free slot too', async () => {
    const parse = z.string().transform((v) => JSON.parse(v) as unknown);
    const slow = leaf(
      'test-json-ref',
      () => new Promise<RewardResult>((r) => setTimeout(() => r(scored(1)), 5)),
      {},
      parse,
    );
    const results = await score([slow], { kind: 'test-json-ref' })(
      [s('a', '1'), s('b', '{not json')],
      new Runner({ concurrency: 1 }),
    );
    expect(results.map((r) => r.status)).toEqual(['scored', 'error']);
    expect(results[1]).toMatchObject({ code: 'reward-failed', message: expect.stringMatching(/^test-json-ref: /) });
  });
});

describe('leaf outcomes', () => {
  const throwsAs = (kind: string, err: unknown) =>
    leaf(kind, () => {
      throw err;
    });

  it('maps a RewardError to its code, internal to reward-failed, and prefixes the kind', async () => {
    const cases: Array<[unknown, Partial<RewardResult>]> = [
      [new RewardError('model-error', 'down'), { status: 'error', code: 'model-error' }],
      [new RewardError('empty-response', 'blank'), { status: 'unscorable', code: 'empty-response' }],
      [new RewardError('internal', 'oops'), { status: 'error', code: 'reward-failed' }],
      ['a string', { status: 'error', code: 'reward-failed' }],
    ];
    for (const [err, want] of cases) {
      const [r] = await score([throwsAs('test-thrower', err)], { kind: 'test-thrower' })([s('x')]);
      expect(r).toMatchObject(want);
      expect(r?.message).toBe(`test-thrower: ${err instanceof Error ? err.message : err}`);
    }
  });

  it('maps a rejected async reward like a thrown one', async () => {
    const rejects = leaf('test-rejects', async () => {
      throw new RewardError('backend-timeout', 'slow backend');
    });
    const [r] = await score([rejects], { kind: 'test-rejects' })([s('x')]);
    expect(r).toMatchObject({ status: 'error', code: 'backend-timeout', message: 'test-rejects: slow backend' });
  });

  it('refuses a non-finite or non-number score, naming the kind and the value', async () => {
    for (const bad of [Number.POSITIVE_INFINITY, '3', undefined]) {
      const odd = leaf('test-odd', () => ({ status: 'scored', score: bad as number }));
      const [r] = await score([odd], { kind: 'test-odd' })([s('x')]);
      expect(r).toMatchObject({ status: 'error', code: 'reward-failed' });
      expect(r?.message).toBe(`test-odd returned a non-finite score (${String(bad)})`);
    }
    const oddComposite = composite('test-odd-sum', async (samples) => samples.map(() => scored(Number.NaN)));
    const [c] = await score([oddComposite, leaf('test-plain', () => scored(1))], {
      kind: 'test-odd-sum',
      terms: [{ kind: 'test-plain' }],
    })([s('x')]);
    expect(c).toMatchObject({ status: 'error', code: 'reward-failed', message: expect.stringMatching(/test-odd-sum/) });
  });

  it('scores a batch where some samples finish synchronously and others not', async () => {
    const mixed = leaf('test-mixed', async () => scored(1), { needsReference: true });
    const results = await score([mixed], { kind: 'test-mixed' })([s('x'), s('x', 'r')]);
    expect(results.map((r) => r.status)).toEqual(['unscorable', 'scored']);
  });

  it('names the kind and the budget when a reward overruns', async () => {
    const stuck = leaf('test-stuck', () => new Promise<RewardResult>(() => {}));
    const [r] = await score([stuck], { kind: 'test-stuck' })([s('x')], new Runner({ timeoutMs: 20 }));
    expect(r).toMatchObject({ status: 'error', code: 'timeout' });
    expect(r?.message).toMatch(/test-stuck.*\b20 ms/);
  });
});

describe('contexts and options', () => {
  it('hands leaves and composites the services given, and {} by default', async () => {
    const seen: ScoreContext[] = [];
    const probe = leaf('test-probe', (_s, _p, _r, ctx) => {
      seen.push(ctx);
      return scored(1);
    });
    const outer = composite('test-outer', async (samples, children, _p, ctx) => {
      seen.push(ctx);
      const [term] = children.terms ?? [];
      if (!term) throw new Error('no term');
      return term.run(samples);
    });
    const run = score([probe, outer], { kind: 'test-outer', terms: [{ kind: 'test-probe' }] });
    const services = { marker: 1 } as Services;
    await run([s('x')], new Runner({ services }));
    await run([s('x')]);
    expect(seen.map((c) => c.services)).toStrictEqual([services, services, {}, {}]);
    expect(seen[0]?.services).toBe(services);
    expect(seen[1]?.services).toBe(services);
  });

  it('gives a composite one lazy signal at its budget (timeoutMs overrides) and a pass-through queued', async () => {
    const states: boolean[] = [];
    const timed = composite('test-timed', async (samples, _children, _p, ctx) => {
      const signal = ctx.signal;
      expect(signal).toBeInstanceOf(AbortSignal);
      expect(ctx.signal).toBe(signal);
      expect(await ctx.queued(Promise.resolve(7))).toBe(7);
      await new Promise((r) => setTimeout(r, 60));
      states.push(signal.aborted);
      return samples.map(() => scored(1));
    });
    const run = score([timed, leaf('test-plain', () => scored(1))], {
      kind: 'test-timed',
      terms: [{ kind: 'test-plain' }],
    });
    expect((await run([s('x')], new Runner({ timeoutMs: 20 })))[0]?.status).toBe('scored');
    expect((await run([s('x')]))[0]?.status).toBe('scored');
    expect(states).toEqual([true, false]); // the trivial default is 5 s
  });
});

describe('once per content per batch', () => {
  let calls = 0;
  const cheap = leaf(
    'test-cheap',
    (x) => {
      calls++;
      return scored(String(x.response).length);
    },
    { cost: 'cheap' },
  );
  const twice = composite('test-twice', async (samples, children) => {
    const [term] = children.terms ?? [];
    if (!term) throw new Error('no term');
    await term.run(samples);
    return term.run(samples);
  });
  const cyclic = (response: string): Sample => {
    const metadata: Record<string, unknown> = {};
    metadata.self = metadata;
    return { prompt: 'q', response, metadata };
  };

  it('scores a cheap child once per content however often its parent runs it', async () => {
    calls = 0;
    const run = score([cheap, twice], { kind: 'test-twice', terms: [{ kind: 'test-cheap' }] });
    const results = await run([s('ab'), s('ab'), cyclic('abc'), cyclic('abcd')]);
    expect(results.map((r) => r.score)).toEqual([2, 2, 3, 4]);
    expect(calls).toBe(3); // one for the equal pair, one for each sample that cannot be serialised
  });
});
