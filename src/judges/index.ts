import type { Definition } from '../core/define.js';
import { judgeChecklist, judgeOpenRubrics, judgePrinciples } from './kinds/checklist.js';
import { judgeCritique } from './kinds/critique.js';
import { hybridVerifier, judgeEnsemble } from './kinds/ensemble.js';
import { judgeGroup, judgeListwise } from './kinds/group.js';
import { judgeBranchRethink, judgeChainOfRubrics, judgePairwise, judgeWebAction } from './kinds/pairwise-kinds.js';
import { judgeContext, judgePointwise } from './kinds/pointwise.js';
import { judgeHealthbench, judgeRubric } from './kinds/rubric.js';
import { judgeTools } from './kinds/tools.js';
import { judgeVerifier } from './kinds/verifier.js';

/** LLM judges, rubric and checklist rewards, ensembles and the hybrid verifier (docs/judges.md). */
export const JUDGE_DEFINITIONS: readonly Definition[] = [
  judgePointwise,
  judgeContext,
  judgePairwise,
  judgeChainOfRubrics,
  judgeBranchRethink,
  judgeWebAction,
  judgeVerifier,
  judgeCritique,
  judgeTools,
  judgePrinciples,
  judgeRubric,
  judgeHealthbench,
  judgeChecklist,
  judgeOpenRubrics,
  judgeListwise,
  judgeGroup,
  judgeEnsemble,
  hybridVerifier,
];

export { type KeyAudit, MASTER_KEYS, masterKeyAudit, truncateToFirstSentence } from './engine/audit.js';
export { masterKey, untrusted, withoutThink } from './engine/harden.js';
export { readJsonObject, repairJson } from './parse/json-repair.js';
export {
  generateRubric,
  type OpenRubric,
  RubricGenerator,
  type RubricGenOptions,
  type RubricOutcome,
  type RubricPair,
  readRubric,
} from './rubric-gen/index.js';
