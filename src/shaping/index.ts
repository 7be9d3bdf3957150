import type { Definition } from '../core/define.js';
import { maxNode, meanNode, minNode, productNode } from './combinators.js';
import { fineGrainedSegments } from './fine-grained.js';
import { cGrpo, trlMultiObjective } from './group-mix.js';
import { drGrpoNode, grpoNormalizeNode, rankNormalizeNode, rlooNode } from './group-nodes.js';
import { curriculumWeightNode, groupZscoreMix } from './group-weighting.js';
import {
  dapoOverlongNode,
  openrlhfOverlongNode,
  targetLengthPenaltyNode,
  trlSoftOverlongNode,
} from './length-nodes.js';
import { logSigmoidCentered, logSigmoidSum } from './log-sigmoid.js';
import { openaiMulti, openaiStringCheck } from './openai-graders.js';
import { scoreInput, stepInput } from './step-input.js';
import {
  firstErrorNode,
  implicitPrmNode,
  renormNode,
  stepAggregate,
  stepClipDeltaNode,
  stepClipNode,
  stepDeltaNode,
} from './step-nodes.js';
import { templateNode } from './template.js';
import { affine, clip, klPenalty, referenceBias, threshold } from './transforms.js';

/** Every reward-shaping and composition kind (docs/shaping.md). */
export const SHAPING_DEFINITIONS: readonly Definition[] = [
  // inputs supplied by the trainer
  scoreInput,
  stepInput,
  // transforms of one reward
  affine,
  clip,
  threshold,
  logSigmoidCentered,
  klPenalty,
  referenceBias,
  // length shaping
  dapoOverlongNode,
  openrlhfOverlongNode,
  trlSoftOverlongNode,
  targetLengthPenaltyNode,
  // step-level
  stepClipNode,
  stepDeltaNode,
  stepClipDeltaNode,
  stepAggregate,
  implicitPrmNode,
  renormNode,
  fineGrainedSegments,
  firstErrorNode,
  // group-level
  grpoNormalizeNode,
  drGrpoNode,
  rlooNode,
  rankNormalizeNode,
  trlMultiObjective,
  cGrpo,
  groupZscoreMix,
  curriculumWeightNode,
  // combinators and OpenAI graders
  meanNode,
  minNode,
  maxNode,
  productNode,
  logSigmoidSum,
  openaiMulti,
  openaiStringCheck,
  templateNode,
];
