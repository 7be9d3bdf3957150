import type { Definition } from '../core/define.js';
import { critiqueSimilarity } from './embeddings/critique-similarity.js';
import { relevanceR3 } from './embeddings/relevance.js';
import { stateGoalSimilarity } from './embeddings/state-goal.js';
import { vlmRm } from './embeddings/vlm-rm.js';
import { mixedBmas } from './mixed-r1/bmas.js';
import { mixedBoxIou } from './mixed-r1/box-iou.js';
import { mixedChart } from './mixed-r1/chart.js';
import { mixedMatching } from './mixed-r1/matching.js';
import { puzzlePatch, puzzleRotation } from './puzzles/choice.js';
import { puzzleJigsaw } from './puzzles/jigsaw.js';
import { puzzleRac } from './puzzles/rac.js';

/** Vision, puzzle and embedding rewards: PC-GRPO, Mixed-R1, VLM-RM, StateFactory, R³, RM-NLHF (docs/vision-rewards.md). */
export const VISION_DEFINITIONS: readonly Definition[] = [
  puzzleJigsaw,
  puzzleRotation,
  puzzlePatch,
  puzzleRac,
  mixedMatching,
  mixedChart,
  mixedBoxIou,
  mixedBmas,
  vlmRm,
  stateGoalSimilarity,
  relevanceR3,
  critiqueSimilarity,
];
