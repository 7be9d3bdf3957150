import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { RewardError } from '../../core/codes.js';
import type { Registry } from '../../core/registry.js';
import { type CompiledNode, loadSpec } from '../../core/spec.js';

/** A spec the server serves: its text travels to workers, which compile it themselves. */
export interface NamedSpec {
  name: string;
  file: string;
  text: string;
  description: string | undefined;
  /** The component OpenRLHF's `scores` carries (the spec's top-level `scores`), if named. */
  scores?: string | undefined;
  /** The spec's own `backends:` map, as written (validated when the server builds its backends). */
  backends?: unknown;
  /** `false`: answers leave out `details` unless a request asks for them. */
  details?: boolean | undefined;
  root: CompiledNode;
}

/** Where specs come from: explicit name -> file pairs and folders of spec files. */
export interface SpecSources {
  files?: Record<string, string>;
  dirs?: string[];
}

const SPEC_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new RewardError('invalid-spec', `cannot read spec file: ${(err as Error).message}`, { where: file });
  }
}

/** True when the text parses to an object with a top-level `reward` (config files in the same folder are skipped). */
function looksLikeSpec(text: string): boolean {
  try {
    const raw = parseYaml(text) as unknown;
    return raw !== null && typeof raw === 'object' && 'reward' in raw;
  } catch {
    return true; // let parseSpec report the syntax error with its line
  }
}

/** Compiles a spec file; `declaredWins`: a valid `name` in the file replaces `name` (spec folders). */
async function compileNamed(
  name: string,
  file: string,
  text: string,
  registry: Registry,
  declaredWins = false,
): Promise<NamedSpec> {
  const { spec, root } = await loadSpec(text, file, registry);
  const declared = spec.name;
  return {
    name: declaredWins && typeof declared === 'string' && /^[\w.-]+$/.test(declared) ? declared : name,
    file,
    text,
    description: spec.description,
    scores: spec.scores,
    backends: spec.backends,
    details: spec.details,
    root,
  };
}

/**
 * Loads and compiles every spec, importing the families of kinds they name; a bad spec stops the server at
 * start, naming file, line and path.
 */
export async function loadSpecSet(sources: SpecSources, registry: Registry): Promise<Map<string, NamedSpec>> {
  const specs = new Map<string, NamedSpec>();
  const add = (entry: NamedSpec): void => {
    const existing = specs.get(entry.name);
    if (existing) {
      throw new RewardError('invalid-spec', `spec name "${entry.name}" is also used by ${existing.file}`, {
        where: entry.file,
      });
    }
    specs.set(entry.name, entry);
  };
  // Every spec compiles at once (their families import side by side, so start-up does not wait on each in
  // turn); results and the first error are taken in file order, as if one by one.
  const jobs: Array<Promise<NamedSpec | undefined>> = [];
  /** Runs one step now; what it throws, at once or later, is its outcome (undefined: not a spec). */
  const job = (run: () => Promise<NamedSpec | undefined>): void => {
    try {
      jobs.push(run());
    } catch (err) {
      jobs.push(Promise.reject(err));
    }
  };
  for (const [name, file] of Object.entries(sources.files ?? {}))
    job(() => compileNamed(name, file, readText(file), registry));
  for (const dir of sources.dirs ?? []) {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (err) {
      const message = `cannot read spec folder: ${(err as Error).message}`;
      jobs.push(Promise.reject(new RewardError('invalid-spec', message, { where: dir })));
      break;
    }
    for (const entry of names) {
      const file = join(dir, entry);
      if (!SPEC_EXTENSIONS.has(extname(entry))) continue;
      job(() => {
        if (!statSync(file).isFile()) return Promise.resolve(undefined);
        const text = readText(file);
        if (!looksLikeSpec(text)) return Promise.resolve(undefined);
        return compileNamed(basename(entry, extname(entry)), file, text, registry, true);
      });
    }
  }
  for (const outcome of await Promise.allSettled(jobs)) {
    if (outcome.status === 'rejected') throw outcome.reason;
    if (outcome.value) add(outcome.value);
  }
  return specs;
}

/** Resolves config-relative spec paths against the config file's folder. */
export function resolveSources(sources: SpecSources, baseDir: string): SpecSources {
  return {
    files: Object.fromEntries(Object.entries(sources.files ?? {}).map(([n, f]) => [n, resolve(baseDir, f)])),
    dirs: (sources.dirs ?? []).map((d) => resolve(baseDir, d)),
  };
}

/** Every component key of a compiled tree (root first), as results report them. */
export function componentPaths(root: CompiledNode): string[] {
  const out: string[] = [root.path];
  for (const children of Object.values(root.slots)) for (const child of children) out.push(...componentPaths(child));
  return out;
}

/** True when some node of the tree satisfies `test`. */
export function someNode(node: CompiledNode, test: (node: CompiledNode) => boolean): boolean {
  return test(node) || Object.values(node.slots).some((children) => children.some((c) => someNode(c, test)));
}

/** True when some node of the tree needs a sample reference (clients warn when they have none to send). */
export function needsReference(node: CompiledNode): boolean {
  return someNode(node, (n) => n.def.capabilities.needsReference);
}
