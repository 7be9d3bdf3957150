import { describe, expect, it } from 'vitest';
import { BUILTIN_DEFINITIONS } from '../../src/catalog.js';
import type { Definition } from '../../src/core/define.js';
import { Registry } from '../../src/core/registry.js';
import { kindsIn, loadSpec, parseSpec } from '../../src/core/spec.js';
import { FAMILY_LOADERS } from '../../src/kinds/families.js';
import { builtInKinds, createLazyRegistry } from '../../src/kinds/lazy.js';

const REGENERATE = 'the kind manifest is stale: run `npm run gen:kinds`';

describe('the kind manifest', () => {
  it('lists each family exactly as its loader defines it (run `npm run gen:kinds` after changing a kind)', async () => {
    for (const [family, load] of Object.entries(FAMILY_LOADERS)) {
      const defs = await load();
      const listed = builtInKinds().filter((e) => e.family === family);
      const loaded = defs.map((d) => ({
        kind: d.kind,
        family,
        type: d.type,
        description: d.description,
        source: d.source ?? null,
      }));
      expect(listed, REGENERATE).toEqual(loaded.sort((a, b) => a.kind.localeCompare(b.kind)));
    }
  });

  it('holds every built-in kind once, loading the same definition objects as the eager catalog', async () => {
    const lazy = createLazyRegistry();
    await lazy.loadAll();
    expect(lazy.kinds()).toEqual(BUILTIN_DEFINITIONS.map((d) => d.kind).sort((a, b) => a.localeCompare(b)));
    for (const def of BUILTIN_DEFINITIONS) expect(lazy.get(def.kind)).toBe(def);
    expect(new Set(builtInKinds().map((e) => e.kind)).size).toBe(builtInKinds().length);
  });
});

describe('a registry with declared kinds', () => {
  const leaf = (kind: string): Definition =>
    ({ kind, type: 'leaf', description: kind, params: {} }) as unknown as Definition;

  it('knows declared kinds by name, refuses to hand one out before it is loaded, then hands it out', async () => {
    let loads = 0;
    const def = leaf('lazy-a');
    const registry = new Registry().declare({
      name: 'fam',
      kinds: ['lazy-a'],
      load: async () => {
        loads++;
        return [def];
      },
    });
    expect(registry.has('lazy-a')).toBe(true);
    expect(registry.kinds()).toEqual(['lazy-a']);
    expect(() => registry.get('lazy-a')).toThrow(/declared but not loaded/);
    expect(() => registry.list()).toThrow(/loadAll/);
    await Promise.all([registry.load(['lazy-a', 'unknown-kind']), registry.load(['lazy-a'])]);
    expect(registry.get('lazy-a')).toBe(def);
    expect(registry.get('unknown-kind')).toBeUndefined();
    expect(loads).toBe(1);
  });

  it('rejects a family that loads other kinds than it declares, and a declared kind registered twice', async () => {
    const registry = new Registry([leaf('taken')]).declare({
      name: 'liar',
      kinds: ['said'],
      load: async () => [leaf('said'), leaf('unsaid')],
    });
    await expect(registry.load(['said'])).rejects.toThrow(/family "liar" declares and loads different kinds: unsaid/);
    expect(() => registry.declare({ name: 'dup', kinds: ['taken'], load: async () => [] })).toThrow(/twice/);
    expect(() => registry.declare({ name: 'dup', kinds: ['Bad Name'], load: async () => [] })).toThrow(/invalid/);
  });
});

describe('loading a spec on a lazy registry', () => {
  const SPEC = `
reward:
  kind: gate
  when: { kind: format, params: { pattern: '^x' } }
  reward:
    kind: weighted-sum
    terms:
      - { kind: exact-match }
      - { kind: bleu, weight: 2 }
`;

  it('imports every family the tree names, nested ones included, and compiles it', async () => {
    const registry = createLazyRegistry();
    expect(() => parseSpec(SPEC, 'spec.yaml', registry)).toThrow(/declared but not loaded/);
    const { root } = await loadSpec(SPEC, 'spec.yaml', registry);
    expect(root.kind).toBe('gate');
    expect(registry.get('bleu')?.kind).toBe('bleu');
    expect(() => registry.get('math')).toThrow(/not loaded/);
  });

  it('reports an unknown kind with a suggestion, and bad YAML with its line, as the eager path does', async () => {
    const registry = createLazyRegistry();
    await expect(loadSpec('reward:\n  kind: exact-mach\n', 'a.yaml', registry)).rejects.toThrow(
      /a\.yaml:2: reward\.kind.*unknown reward kind "exact-mach"; did you mean "exact-match"/s,
    );
    await expect(loadSpec('reward: [\n', 'b.yaml', registry)).rejects.toThrow(/b\.yaml:\d+:\d+/);
  });

  it('collects kinds from objects and lists at any depth, through shared references, once each', () => {
    const shared = { kind: 'exact-match' };
    const raw = { reward: { kind: 'gate', when: shared, reward: [shared, { kind: 'math', params: { kind: 7 } }] } };
    expect([...kindsIn(raw)].sort()).toEqual(['exact-match', 'gate', 'math']);
    const loop: Record<string, unknown> = { kind: 'gate' };
    loop.self = loop;
    expect([...kindsIn(loop)]).toEqual(['gate']);
  });
});
