// The contract every reward must pass: finite scores, declared bounds hold, pure rewards are
// deterministic, failures come back as results (never throw or hang), results survive JSON.
import { describe, expect, it } from 'vitest';
import { createRegistry } from '../src/catalog.js';
import { CODES } from '../src/core/codes.js';
import type { Definition } from '../src/core/define.js';
import type { Registry } from '../src/core/registry.js';
import { DEFAULT_BUDGET_MS, Runner, type RunnerOptions } from '../src/core/runner.js';
import { compileNode, type NodeSpec } from '../src/core/spec.js';
import type { RewardResult, Sample } from '../src/core/types.js';

/** Inputs every reward must survive without throwing: empty, huge, odd types, chat messages. */
export const HOSTILE_SAMPLES: Sample[] = [
  { prompt: '', response: '' },
  { prompt: 'q', response: '', reference: '' },
  { prompt: 'q', response: '   \n\t ', reference: 'x' },
  { prompt: 'q', response: 'x'.repeat(200_000), reference: 'x' },
  { prompt: 'q', response: '\u0000\uFFFF\uD800 emoji 🎉 <answer></answer> \\boxed{', reference: '1' },
  { prompt: 'q', response: 'answer', reference: { unexpected: ['shape'] } },
  { prompt: 'q', response: 'answer', reference: 42 },
  { prompt: 'q', response: 'answer', reference: ['a', 'b'] },
  {
    prompt: [{ role: 'user', content: 'q' }],
    response: [{ role: 'assistant', content: 'The answer is 4' }],
    reference: '4',
  },
  {
    prompt: 'q',
    response: [{ role: 'assistant', content: null, tool_calls: [{ function: { name: 'f', arguments: '{' } }] }],
  },
];

export interface ContractOptions {
  /** The node to test (defaults to `{kind: def.kind}`). */
  node?: NodeSpec;
  /** Typical samples for this reward; at least one should score. */
  samples: Sample[];
  registry?: Registry;
  /** Runner options (model rewards pass `services` with backends on a scripted server). */
  runnerOptions?: RunnerOptions;
}

function expectWellFormed(def: Definition, result: RewardResult): void {
  expect(['scored', 'unscorable', 'error']).toContain(result.status);
  if (result.status === 'scored') {
    expect(typeof result.score).toBe('number');
    expect(Number.isFinite(result.score)).toBe(true);
    const bounds = def.capabilities.bounds;
    if (bounds) {
      expect(result.score).toBeGreaterThanOrEqual(bounds[0]);
      expect(result.score).toBeLessThanOrEqual(bounds[1]);
    }
  } else {
    expect(result.code && Object.hasOwn(CODES, result.code)).toBe(true);
    expect(CODES[result.code as keyof typeof CODES].status).toBe(result.status);
    expect(typeof result.message).toBe('string');
  }
  for (const value of Object.values(result.components ?? {})) {
    expect(value === null || Number.isFinite(value)).toBe(true);
  }
  expect(JSON.parse(JSON.stringify(result))).toEqual(result);
}

/** Registers the shared contract tests for one reward kind. */
export function contractSuite(def: Definition, options: ContractOptions): void {
  const registry = options.registry ?? createRegistry();
  describe(`contract: ${def.kind}`, () => {
    const root = compileNode(options.node ?? { kind: def.kind }, registry, { file: 'contract' });
    const runner = new Runner({ concurrency: 8, ...options.runnerOptions });

    it('is registered and described', () => {
      expect(registry.get(def.kind)).toBe(def);
      expect(def.description.length).toBeGreaterThan(10);
      expect(registry.describe().find((d) => d.kind === def.kind)?.params).toBeTypeOf('object');
      // Shared code reads these fields and never the kind, so each must be declared.
      const caps = def.capabilities;
      for (const flag of ['needsReference', 'callsModel', 'stepLevel', 'groupLevel', 'pure'] as const)
        expect(caps[flag]).toBeTypeOf('boolean');
      expect(Object.keys(DEFAULT_BUDGET_MS)).toContain(caps.cost);
      if (def.type === 'composite')
        for (const arity of Object.values(def.slots)) expect(['one', 'optional', 'many']).toContain(arity);
    });

    it('gives well-formed results on typical samples, and scores at least one', async () => {
      const results = await runner.score(root, options.samples);
      expect(results).toHaveLength(options.samples.length);
      for (const r of results) expectWellFormed(def, r);
      expect(results.some((r) => r.status === 'scored')).toBe(true);
    });

    it('turns hostile input into results, never a throw', async () => {
      const results = await runner.score(root, HOSTILE_SAMPLES);
      expect(results).toHaveLength(HOSTILE_SAMPLES.length);
      for (const r of results) expectWellFormed(def, r);
    });

    // Registered only where they apply, so no test shows up as skipped.
    if (def.capabilities.pure)
      it('is deterministic', async () => {
        const all = [...options.samples, ...HOSTILE_SAMPLES];
        const first = await runner.score(root, all);
        const second = await new Runner({ ...options.runnerOptions, concurrency: 1 }).score(root, all);
        expect(second).toEqual(first);
      });

    if (def.capabilities.needsReference)
      it('reports a missing reference as unscorable, not 0', async () => {
        const sample = options.samples[0] as Sample;
        const { reference: _r, ...bare } = sample;
        const [result] = await runner.score(root, [bare]);
        expect(result?.status).not.toBe('scored');
      });
  });
}
