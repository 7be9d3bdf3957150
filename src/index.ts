// rewardkit's public API: the contract, the registry of built-in kinds, specs and the runner.
export { BUILTIN_DEFINITIONS, createRegistry } from './catalog.js';
export { CODES, type Code, httpStatusOf, isCode, RewardError, toRewardError } from './core/codes.js';
export {
  type Capabilities,
  type CompositeDefinition,
  type Definition,
  defineComposite,
  defineReward,
  type LeafDefinition,
  type NodeHandle,
  RULE,
  type ScoreContext,
} from './core/define.js';
export { failed, fromCode, scored, unscorable } from './core/outcome.js';
export { Registry } from './core/registry.js';
export { DEFAULT_BUDGET_MS, Runner, type RunnerOptions } from './core/runner.js';
export { parseSample, sampleSchema } from './core/sample-schema.js';
export { type CompiledNode, compileNode, compileSpec, type NodeSpec, parseSpec, type Spec } from './core/spec.js';
export { messageText, promptText, referenceStrings, responseText } from './core/text.js';
export type { Message, RewardResult, Sample, Status } from './core/types.js';
