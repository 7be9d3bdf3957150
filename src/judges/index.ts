import type { Definition } from '../core/define.js';
import { judgeChecklist, judgeOpenRubrics, judgePrinciples } from './checklist.js';
import { judgeCritique } from './critique.js';
import { hybridVerifier, judgeEnsemble } from './ensemble.js';
import { judgeGroup, judgeListwise } from './group.js';
import { judgeBranchRethink, judgeChainOfRubrics, judgePairwise, judgeWebAction } from './pairwise-kinds.js';
import { judgeContext, judgePointwise } from './pointwise.js';
import { judgeHealthbench, judgeRubric } from './rubric.js';
import { judgeTools } from './tools.js';
import { judgeVerifier } from './verifier.js';

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

export { type KeyAudit, MASTER_KEYS, masterKeyAudit, truncateToFirstSentence } from './audit.js';
export { masterKey, untrusted, withoutThink } from './harden.js';
export { readJsonObject, repairJson } from './parse/json-repair.js';
