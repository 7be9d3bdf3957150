import { gate } from './compose/gate.js';
import { weightedSum } from './compose/weighted-sum.js';
import type { Definition } from './core/define.js';
import { Registry } from './core/registry.js';
import { exactMatch } from './rewards/exact-match.js';

/** Every built-in kind. A new reward family adds its definitions here, nowhere else. */
export const BUILTIN_DEFINITIONS: readonly Definition[] = [
  // composition
  weightedSum,
  gate,
  // rule-based rewards
  exactMatch,
];

/** A registry holding every built-in kind; pass extra definitions to add your own. */
export function createRegistry(extra: Iterable<Definition> = []): Registry {
  return new Registry([...BUILTIN_DEFINITIONS, ...extra]);
}
