import type { Definition } from '../../core/define.js';
import { bleuReward } from './bleu.js';
import { bleuberiReward } from './bleuberi.js';
import { chrfReward } from './chrf.js';
import { editSimilarityReward } from './edit-similarity.js';
import { rougeReward } from './rouge.js';
import { terReward } from './ter.js';

/** Reference-based text metrics (docs/text-metrics.md). */
export const TEXT_DEFINITIONS: readonly Definition[] = [
  bleuReward,
  bleuberiReward,
  chrfReward,
  terReward,
  rougeReward,
  editSimilarityReward,
];
