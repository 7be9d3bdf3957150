import type { Definition } from '../core/define.js';
import { oniIntrinsic } from './intrinsic/index.js';
import {
  carrRubricJudge,
  drmDimensions,
  pprStepJudge,
  r3Rag,
  searchR2Density,
  slateStepJudge,
  trmFaithfulness,
  webrlOutcome,
} from './judged/index.js';
import { carrRubric } from './retrieval/index.js';
import { coReward, majorityVote, mrRlvrFill, mrRlvrReorder } from './self-supervised/index.js';

/** Agent, retrieval and self-supervised rewards (docs/agent-rewards.md). */
export const AGENT_REWARD_DEFINITIONS: readonly Definition[] = [
  majorityVote,
  coReward,
  mrRlvrFill,
  mrRlvrReorder,
  carrRubric,
  carrRubricJudge,
  trmFaithfulness,
  oniIntrinsic,
  pprStepJudge,
  slateStepJudge,
  webrlOutcome,
  r3Rag,
  searchR2Density,
  drmDimensions,
];
