import type { Definition } from '../core/define.js';
import { Registry } from '../core/registry.js';
import { FAMILY_LOADERS } from './families.js';
import { KIND_MANIFEST, type KindEntry } from './manifest.js';

/**
 * A registry that knows every built-in kind by name and imports a family on first use (`await registry.load`,
 * or `loadSpec` from core/spec.ts). Hosts use it so start-up costs only the families their specs name.
 */
export function createLazyRegistry(extra: Iterable<Definition> = []): Registry {
  const registry = new Registry(extra);
  const byFamily = new Map<string, string[]>();
  for (const entry of KIND_MANIFEST) byFamily.set(entry.family, [...(byFamily.get(entry.family) ?? []), entry.kind]);
  for (const [name, kinds] of byFamily) {
    const load = FAMILY_LOADERS[name];
    if (!load) throw new Error(`kind manifest names family "${name}" with no loader: run npm run gen:kinds`);
    registry.declare({ name, kinds, load });
  }
  return registry;
}

/** Every built-in kind's name, type, description and source, without importing any family. */
export function builtInKinds(): readonly KindEntry[] {
  return KIND_MANIFEST;
}
