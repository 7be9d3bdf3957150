import { describe, expect, it } from 'vitest';
import { createRegistry } from '../src/catalog.js';
import { parseSpec } from '../src/core/spec.js';
import { specErrorOf } from './helpers/spec-error.js';

const registry = createRegistry();
const errorOf = specErrorOf;

describe('spec files', () => {
  it('compiles a weighted sum of leaves with component paths and default params', () => {
    const { root } = parseSpec(
      `reward:\n  kind: weighted-sum\n  terms:\n    - kind: exact-match\n      weight: 0.7\n    - kind: exact-match\n      name: em_case\n      params: {lowercase: false}\n`,
      'x.yaml',
      registry,
    );
    expect(root.kind).toBe('weighted-sum');
    expect(root.slots.terms?.map((t) => [t.path, t.weight])).toEqual([
      ['exact-match', 0.7],
      ['em_case', undefined],
    ]);
    expect(root.slots.terms?.[0]?.params).toMatchObject({ lowercase: true, stripArticles: true });
  });

  it('names the file, line and path of a bad param', () => {
    const err = errorOf(
      'reward:\n  kind: weighted-sum\n  terms:\n    - kind: exact-match\n    - kind: exact-match\n      params:\n        lowercase: "yes"\n',
    );
    expect(err.code).toBe('invalid-spec');
    expect(err.message).toMatch(/^specs\/x\.yaml:7: reward\.terms\[1\]\.params\.lowercase: .*boolean/);
  });

  it('rejects unknown kinds with a hint, unknown keys, and missing slots', () => {
    expect(errorOf('reward: {kind: exact}').message).toMatch(/unknown reward kind "exact"; did you mean "exact-match"/);
    expect(errorOf('reward: {kind: exact-match, tolerance: 1}').message).toMatch(/reward\.tolerance: unknown key/);
    expect(errorOf('reward: {kind: gate, when: {kind: exact-match}}').message).toMatch(
      /reward\.reward: expected a node/,
    );
    expect(errorOf('reward: {kind: weighted-sum, terms: []}').message).toMatch(/at least one node/);
    expect(errorOf('rewards: {kind: exact-match}').message).toMatch(/unknown top-level key/);
    expect(errorOf('reward: [1, 2').message).toMatch(/^specs\/x\.yaml:1:\d+: not valid YAML/);
  });

  it('accepts JSON spec text', () => {
    const { root } = parseSpec('{"reward": {"kind": "exact-match"}}', 'x.json', registry);
    expect(root.path).toBe('exact-match');
  });

  it('renames duplicate sibling names so component keys stay unique', () => {
    const { root } = parseSpec(
      'reward:\n  kind: weighted-sum\n  terms: [{kind: exact-match}, {kind: exact-match}]\n',
      'x',
      registry,
    );
    expect(root.slots.terms?.map((t) => t.path)).toEqual(['exact-match', 'exact-match-2']);
  });
});
