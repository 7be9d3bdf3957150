// Light reward heads: losses, training, saved-head format, probing and the `head` reward kind (docs/preference.md).
export { DEFAULT_HASHED_NGRAMS, type HashedNgramConfig, hashedNgrams } from './features/hashed-ngrams.js';
export { headInputText } from './features/input-text.js';
export {
  type Featuriser,
  type Head,
  type HeadFile,
  headFileSchema,
  loadHead,
  outputsFor,
  preferenceOf,
  type ReadOptions,
  rewardOf,
} from './head-model.js';
export { headAt, headReward } from './head-reward.js';
export { ordinalExpectation, ordinalPairLoss, ordinalPreference, tieProbability } from './math/ordinal.js';
export { btLoss, marginBtLoss, scaledBtLoss, smoothedBtLoss, tieBtLoss } from './math/pairwise-losses.js';
export { palPairLoss } from './math/pal.js';
export { type Calibration, calibration } from './metrics.js';
export { OBJECTIVES, type Objective, type PairExample, type RatedExample, unusableReason } from './objectives.js';
export { bceLoss, type ProbeResult, probeDimensions } from './probe.js';
export { evaluate, type TrainOptions, type TrainReport, trainHead } from './train.js';
