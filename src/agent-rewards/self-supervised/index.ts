export { coReward } from './co-reward.js';
export { majorityVote } from './majority-vote.js';
export { mrRlvrFill, mrRlvrReorder } from './mr-rlvr.js';
export { majority } from './votes.js';
