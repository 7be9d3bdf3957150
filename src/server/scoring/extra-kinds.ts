import { pathToFileURL } from 'node:url';
import type { Definition } from '../../core/define.js';

/**
 * Imports modules that export `definitions: Definition[]` (extra reward kinds for this server).
 * Workers import the same modules, so a kind is a module path, never a function sent across threads.
 */
export async function loadExtraDefinitions(modules: readonly string[]): Promise<Definition[]> {
  const out: Definition[] = [];
  for (const spec of modules) {
    const url = /^[a-z]+:/.test(spec) ? spec : pathToFileURL(spec).href;
    const mod = (await import(url)) as { definitions?: unknown };
    if (!Array.isArray(mod.definitions)) throw new Error(`${spec}: expected an export "definitions" (an array)`);
    out.push(...(mod.definitions as Definition[]));
  }
  return out;
}
