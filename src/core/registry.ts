import { z } from 'zod';
import type { Definition } from './define.js';

/** Maps a kind to its definition. Kinds are unique; registration order does not matter. */
export class Registry {
  readonly #defs = new Map<string, Definition>();

  constructor(defs: Iterable<Definition> = []) {
    for (const def of defs) this.register(def);
  }

  register(def: Definition): this {
    if (!/^[a-z][a-z0-9-]*(\.[a-z0-9-]+)*$/.test(def.kind)) throw new Error(`invalid kind name "${def.kind}"`);
    if (this.#defs.has(def.kind)) throw new Error(`kind "${def.kind}" is registered twice`);
    this.#defs.set(def.kind, def);
    return this;
  }

  get(kind: string): Definition | undefined {
    return this.#defs.get(kind);
  }

  has(kind: string): boolean {
    return this.#defs.has(kind);
  }

  list(): Definition[] {
    return [...this.#defs.values()].sort((a, b) => a.kind.localeCompare(b.kind));
  }

  /** A catalogue entry per kind, as `rewardkit kinds --json` prints it. */
  describe(): Array<{ kind: string; type: string; description: string; params: unknown; source: string | null }> {
    return this.list().map((def) => ({
      kind: def.kind,
      type: def.type,
      description: def.description,
      params: z.toJSONSchema(def.params, { unrepresentable: 'any', io: 'input' }),
      source: def.source ?? null,
    }));
  }
}
