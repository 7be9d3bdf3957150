import type { Definition } from '../core/define.js';

/**
 * How each family of built-in kinds is imported. Which kinds a family holds is in manifest.ts, generated from
 * these loaders (`npm run gen:kinds`); hosts import a family only when a spec names one of its kinds.
 * A family is one module where importing it costs little beside the kind, else a folder's index.
 */
export const FAMILY_LOADERS: Readonly<Record<string, () => Promise<readonly Definition[]>>> = {
  // composition
  'weighted-sum': async () => [(await import('../compose/weighted-sum.js')).weightedSum],
  gate: async () => [(await import('../compose/gate.js')).gate],
  // rule-based rewards (docs/rewards.md)
  'exact-match': async () => [(await import('../rewards/exact-match.js')).exactMatch],
  contains: async () => [(await import('../rewards/contains.js')).contains],
  regex: async () => [(await import('../rewards/regex.js')).regex],
  'numeric-match': async () => [(await import('../rewards/numeric-match.js')).numericMatch],
  'multiple-choice': async () => [(await import('../rewards/multiple-choice.js')).multipleChoice],
  'token-f1': async () => [(await import('../rewards/token-f1.js')).tokenF1],
  format: async () => [(await import('../rewards/format.js')).format],
  'json-valid': async () => [(await import('../rewards/json-valid.js')).jsonValid],
  'json-schema': async () => [(await import('../rewards/json-schema.js')).jsonSchema],
  length: async () => [(await import('../rewards/length.js')).lengthReward],
  // reward shaping (docs/shaping.md)
  shaping: async () => (await import('../shaping/index.js')).SHAPING_DEFINITIONS,
  // math answer verification (docs/math.md)
  math: async () => [(await import('../math/reward.js')).mathReward],
  // sandboxed code (docs/sandbox.md) and tool calls (docs/tool-rewards.md)
  code: async () => [(await import('../code/code-reward.js')).codeReward],
  tools: async () => [(await import('../tools/tool-call-reward.js')).toolCallReward],
  // BLEU, chrF, TER, ROUGE, edit similarity (docs/text-metrics.md)
  text: async () => (await import('../text/rewards/index.js')).TEXT_DEFINITIONS,
  // reward models and log-prob rewards (docs/backends.md)
  'model-rewards': async () => (await import('../model-rewards/index.js')).MODEL_REWARD_DEFINITIONS,
  // LLM judges, rubrics and checklists (docs/judges.md)
  judges: async () => (await import('../judges/index.js')).JUDGE_DEFINITIONS,
  // reward heads from `rewardkit train-head` (docs/preference.md)
  heads: async () => [(await import('../heads/head-reward.js')).headReward],
  // agent, retrieval and self-supervised rewards (docs/agent-rewards.md)
  agent: async () => (await import('../agent-rewards/index.js')).AGENT_REWARD_DEFINITIONS,
  // vision, puzzle and embedding rewards (docs/vision-rewards.md)
  vision: async () => (await import('../vision-rewards/index.js')).VISION_DEFINITIONS,
};
