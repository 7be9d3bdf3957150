// Test helpers for shaping nodes: compile a node against the built-in registry and score samples.
import { expect } from 'vitest';
import { createRegistry } from '../../src/catalog.js';
import { Runner } from '../../src/core/runner.js';
import { compileNode, type NodeSpec } from '../../src/core/spec.js';
import type { RewardResult, Sample } from '../../src/core/types.js';

export const registry = createRegistry();

/** Scores samples with one node tree. */
export async function run(node: NodeSpec, samples: Sample[]): Promise<RewardResult[]> {
  const root = compileNode(node, registry, { file: 'test' });
  return new Runner({ concurrency: 8 }).score(root, samples);
}

/** A leaf that scores `metadata.score`. */
export const input = (name?: string, field = 'score'): NodeSpec => ({
  kind: 'score-input',
  ...(name ? { name } : {}),
  params: { field },
});

/** A sample whose `score-input` value is `score`, with optional group, steps and extra metadata. */
export function withScore(score: number, extra: Partial<Sample> & { meta?: Record<string, unknown> } = {}): Sample {
  const { meta, ...rest } = extra;
  return { prompt: 'q', response: 'a', ...rest, metadata: { score, ...meta } };
}

/** Scores of the results (null where not scored). */
export const scores = (results: RewardResult[]) =>
  results.map((r) => (r.status === 'scored' ? (r.score as number) : null));

/** Asserts each value is within 1e-12 of the expected one (null for not scored). */
export function expectClose(
  actual: ReadonlyArray<number | null | undefined>,
  expected: readonly number[],
  digits = 12,
) {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((e, i) => {
    expect(actual[i]).toBeCloseTo(e, digits);
  });
}
