import { z } from 'zod';
import type { Definition } from './define.js';

/** Kinds known by name whose module is imported on first use (src/kinds): a host loads only what its specs name. */
export interface LazyFamily {
  readonly name: string;
  readonly kinds: readonly string[];
  load(): Promise<readonly Definition[]>;
}

const KIND_NAME = /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)*$/;

/** Maps a kind to its definition. Kinds are unique; registration order does not matter. */
export class Registry {
  readonly #defs = new Map<string, Definition>();
  /** Declared kinds not loaded yet, each with its family. */
  readonly #pending = new Map<string, LazyFamily>();
  readonly #loading = new Map<LazyFamily, Promise<void>>();

  constructor(defs: Iterable<Definition> = []) {
    for (const def of defs) this.register(def);
  }

  register(def: Definition): this {
    this.#claim(def.kind);
    this.#defs.set(def.kind, def);
    return this;
  }

  /** Declares a family's kinds by name; `load` imports them when a spec names one of them. */
  declare(family: LazyFamily): this {
    for (const kind of family.kinds) this.#claim(kind);
    for (const kind of family.kinds) this.#pending.set(kind, family);
    return this;
  }

  #claim(kind: string): void {
    if (!KIND_NAME.test(kind)) throw new Error(`invalid kind name "${kind}"`);
    if (this.has(kind)) throw new Error(`kind "${kind}" is registered twice`);
  }

  /** The definition of a loaded kind; a declared kind must be loaded first (`await load([kind])`). */
  get(kind: string): Definition | undefined {
    const def = this.#defs.get(kind);
    if (def === undefined && this.#pending.has(kind)) {
      throw new Error(`kind "${kind}" is declared but not loaded: await registry.load(["${kind}"]) first`);
    }
    return def;
  }

  has(kind: string): boolean {
    return this.#defs.has(kind) || this.#pending.has(kind);
  }

  /** Every kind name, loaded or not, sorted. */
  kinds(): string[] {
    return [...this.#defs.keys(), ...this.#pending.keys()].sort((a, b) => a.localeCompare(b));
  }

  /** Imports the families of the named kinds that are not loaded yet; names it does not know are left alone. */
  async load(kinds: Iterable<string>): Promise<void> {
    const families = new Set<LazyFamily>();
    for (const kind of kinds) {
      const family = this.#pending.get(kind);
      if (family) families.add(family);
    }
    await Promise.all([...families].map((family) => this.#loadFamily(family)));
  }

  /** Imports every declared family. */
  loadAll(): Promise<void> {
    return this.load([...this.#pending.keys()]);
  }

  #loadFamily(family: LazyFamily): Promise<void> {
    let loading = this.#loading.get(family);
    if (!loading) {
      loading = family.load().then((defs) => {
        const loaded = defs.map((d) => d.kind);
        const odd = [
          ...loaded.filter((k) => !family.kinds.includes(k)),
          ...family.kinds.filter((k) => !loaded.includes(k)),
        ];
        if (odd.length > 0) throw new Error(`family "${family.name}" declares and loads different kinds: ${odd}`);
        for (const def of defs) {
          this.#pending.delete(def.kind);
          this.#defs.set(def.kind, def);
        }
      });
      this.#loading.set(family, loading);
    }
    return loading;
  }

  /** Every definition; all must be loaded (`await loadAll()`). */
  list(): Definition[] {
    if (this.#pending.size > 0) throw new Error('some kinds are not loaded: await registry.loadAll() first');
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
