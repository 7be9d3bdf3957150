export { carrRubricJudge, readEntities, readSupport } from './carr-judge.js';
export { DRM_DIMENSIONS, drmDimensions, readDimensions } from './drm.js';
export { sentences, trmFaithfulness } from './faithfulness.js';
export { passagesPerCall, r3Rag, searchR2Density } from './retrieval-judged.js';
export { pprStepJudge, slateStepJudge, webrlOutcome } from './step-judges.js';
