import { gate } from './compose/gate.js';
import { weightedSum } from './compose/weighted-sum.js';
import type { Definition } from './core/define.js';
import { Registry } from './core/registry.js';
import { codeReward } from './code/code-reward.js';
import { exactMatch } from './rewards/exact-match.js';
import { SHAPING_DEFINITIONS } from './shaping/index.js';

/** Every built-in kind. A new reward family adds its definitions here, nowhere else. */
export const BUILTIN_DEFINITIONS: readonly Definition[] = [
  // composition
  weightedSum,
  gate,
  // rule-based rewards
  exactMatch,
  // reward shaping and composition (docs/shaping.md)
  ...SHAPING_DEFINITIONS,
  // sandboxed code execution
  codeReward,
];

/** A registry holding every built-in kind; pass extra definitions to add your own. */
export function createRegistry(extra: Iterable<Definition> = []): Registry {
  return new Registry([...BUILTIN_DEFINITIONS, ...extra]);
}
