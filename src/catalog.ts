import { AGENT_REWARD_DEFINITIONS } from './agent-rewards/index.js';
import { codeReward } from './code/code-reward.js';
import { gate } from './compose/gate.js';
import { weightedSum } from './compose/weighted-sum.js';
import type { Definition } from './core/define.js';
import { Registry } from './core/registry.js';
import { headReward } from './heads/index.js';
import { JUDGE_DEFINITIONS } from './judges/index.js';
import { mathReward } from './math/reward.js';
import { MODEL_REWARD_DEFINITIONS } from './model-rewards/index.js';
import { contains } from './rewards/contains.js';
import { exactMatch } from './rewards/exact-match.js';
import { format } from './rewards/format.js';
import { jsonSchema } from './rewards/json-schema.js';
import { jsonValid } from './rewards/json-valid.js';
import { lengthReward } from './rewards/length.js';
import { multipleChoice } from './rewards/multiple-choice.js';
import { numericMatch } from './rewards/numeric-match.js';
import { regex } from './rewards/regex.js';
import { tokenF1 } from './rewards/token-f1.js';
import { SHAPING_DEFINITIONS } from './shaping/index.js';
import { TEXT_DEFINITIONS } from './text/rewards/index.js';
import { toolCallReward } from './tools/tool-call-reward.js';
import { VISION_DEFINITIONS } from './vision-rewards/index.js';

/** Every built-in kind. A new reward family adds its definitions here, nowhere else. */
export const BUILTIN_DEFINITIONS: readonly Definition[] = [
  // composition
  weightedSum,
  gate,
  // rule-based rewards
  exactMatch,
  contains,
  regex,
  numericMatch,
  multipleChoice,
  tokenF1,
  format,
  jsonValid,
  jsonSchema,
  lengthReward,
  // reward shaping and composition (docs/shaping.md)
  ...SHAPING_DEFINITIONS,
  // math answer verification (docs/math.md)
  mathReward,
  // sandboxed code execution (docs/sandbox.md) and tool-call rewards (docs/tool-rewards.md)
  codeReward,
  toolCallReward,
  // reference-based text metrics: BLEU, chrF, TER, ROUGE, edit similarity (docs/text-metrics.md)
  ...TEXT_DEFINITIONS,
  // model backends: reward models and log-prob rewards (docs/backends.md)
  ...MODEL_REWARD_DEFINITIONS,
  // LLM judges, rubric and checklist rewards (docs/judges.md)
  ...JUDGE_DEFINITIONS,
  // reward heads trained by rewardkit train-head (docs/preference.md)
  headReward,
  // agent, retrieval and self-supervised rewards (docs/agent-rewards.md)
  ...AGENT_REWARD_DEFINITIONS,
  // vision, puzzle and embedding rewards (docs/vision-rewards.md)
  ...VISION_DEFINITIONS,
];

/** A registry holding every built-in kind; pass extra definitions to add your own. */
export function createRegistry(extra: Iterable<Definition> = []): Registry {
  return new Registry([...BUILTIN_DEFINITIONS, ...extra]);
}
