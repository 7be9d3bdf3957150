import type { Definition } from '../core/define.js';
import { endogenous } from './endogenous.js';
import { followUpLikelihoodReward } from './follow-up-likelihood.js';
import { gEval } from './g-eval.js';
import { implicitPrmModel } from './implicit-prm-model.js';
import { ordinalLogprob } from './ordinal-logprob.js';
import { rewardModel } from './reward-model.js';

/** Rewards scored by a model backend: reward models and log-prob rewards (docs/backends.md). */
export const MODEL_REWARD_DEFINITIONS: readonly Definition[] = [
  rewardModel,
  ordinalLogprob,
  gEval,
  followUpLikelihoodReward,
  implicitPrmModel,
  endogenous,
];

export { endogenousTokenRewards } from './endogenous.js';
export { stepEnds } from './implicit-prm-model.js';
export { moments, preferenceProbability, ratingDistribution, spanLogprobs } from './logprob-math.js';
