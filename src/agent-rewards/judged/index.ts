export { sentences, trmFaithfulness } from './faithfulness.js';
export { pprStepJudge, slateStepJudge, webrlOutcome } from './step-judges.js';
