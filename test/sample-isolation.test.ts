// One sample's failure stays with that sample: too-deep samples are refused at parse time with the depth,
// and a sample the runner cannot serialise or a composite that throws for one sample spares the rest.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createRegistry } from '../src/catalog.js';
import { defineComposite, defineReward, RULE } from '../src/core/define.js';
import { scored } from '../src/core/outcome.js';
import { Runner } from '../src/core/runner.js';
import { MAX_SAMPLE_DEPTH, parseSample, tooDeep } from '../src/core/sample-schema.js';
import { compileSpec } from '../src/core/spec.js';
import type { Sample } from '../src/core/types.js';

function nested(levels: number): unknown {
  let v: unknown = 'x';
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
}

// Fails its whole batch whenever the batch holds a response "poison" (as a buggy composite would).
const poisonous = defineComposite({
  kind: 'test-poisonous',
  description: 'passes its child through; throws for a batch holding a poison sample (test only)',
  params: z.object({}),
  capabilities: RULE,
  slots: { term: 'one' },
  async run(samples, children) {
    if (samples.some((s) => s.response === 'poison')) throw new Error('poisoned batch');
    const [term] = children.term ?? [];
    if (!term) throw new Error('no term');
    return term.run(samples);
  },
});

describe('per-sample failure isolation', () => {
  it('refuses a sample nested past the bound, naming where and the bound', () => {
    const deep = parseSample({ prompt: 'q', response: 'r', reference: nested(20_000) });
    expect(deep).toMatchObject({ ok: false, message: expect.stringMatching(/^reference\.a\.a.*nested more than 64/) });
    expect(parseSample({ prompt: 'q', response: 'r', reference: nested(MAX_SAMPLE_DEPTH - 1) }).ok).toBe(true);
    expect(tooDeep(new Array(1_000_000).fill(1))).toBeUndefined(); // wide is fine
    expect(tooDeep([[[[1]]]], 3)).toBe('[0][0][0]');
    // A flat object (the common sample) is within any bound but 0; one nested value is not flat.
    expect(tooDeep({ prompt: 'q', id: 1, reference: null }, 1)).toBeUndefined();
    expect(tooDeep({ prompt: 'q' }, 0)).toBe('');
    expect(tooDeep({ prompt: 'q', reference: {} }, 1)).toBe('reference');
  });

  it('scores the other samples of a batch when one cannot be serialised', async () => {
    const registry = createRegistry();
    const root = compileSpec({ reward: { kind: 'exact-match' } }, registry, { file: 't' }).root;
    const batch: Sample[] = [
      { prompt: 'q', response: 'paris', reference: 'paris' },
      { prompt: 'q', response: 'rome', reference: 'paris', metadata: { deep: nested(200_000) } },
      { prompt: 'q', response: 'oslo', reference: 'oslo' },
    ];
    const results = await new Runner().score(root, batch);
    expect(results.map((r) => r.score)).toEqual([1, 0, 1]);
  });

  it('retries each sample alone when a composite throws for the batch', async () => {
    const registry = createRegistry([poisonous]);
    const root = compileSpec({ reward: { kind: 'test-poisonous', term: { kind: 'exact-match' } } }, registry, {
      file: 't',
    }).root;
    const results = await new Runner().score(root, [
      { prompt: 'q', response: 'paris', reference: 'paris' },
      { prompt: 'q', response: 'poison', reference: 'paris' },
      { prompt: 'q', response: 'oslo', reference: 'oslo' },
    ]);
    expect(results.map((r) => r.status)).toEqual(['scored', 'error', 'scored']);
    expect(results[1]).toMatchObject({ code: 'reward-failed', message: expect.stringMatching(/poisoned batch/) });
  });
});

describe('budget per sample', () => {
  it('starts when the work starts: time queued behind other samples does not count', async () => {
    // A shared one-at-a-time pool: each sample waits for the one before it, then works 60 ms; budget 100 ms.
    let chain: Promise<void> = Promise.resolve();
    const pooled = defineReward({
      kind: 'test-pooled',
      description: 'waits its turn in a one-slot pool, then works 60 ms (test only)',
      params: z.object({}),
      capabilities: { ...RULE, pure: false },
      async score(_sample, _p, _r, ctx) {
        const turn = chain.then(() => new Promise<void>((r) => setTimeout(r, 0)));
        let release = () => {};
        chain = turn.then(() => new Promise<void>((r) => (release = r)));
        await ctx.queued(turn);
        await new Promise((r) => setTimeout(r, 60));
        release();
        return scored(1);
      },
    });
    const root = compileSpec({ reward: { kind: 'test-pooled' } }, createRegistry([pooled]), { file: 't' }).root;
    const samples = Array.from({ length: 5 }, (_, i) => ({ prompt: 'q', response: `r${i}` }));
    const results = await new Runner({ timeoutMs: 100 }).score(root, samples);
    expect(results.map((r) => r.status)).toEqual(['scored', 'scored', 'scored', 'scored', 'scored']);
  });
});
