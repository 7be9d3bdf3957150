// Reward integrity tools: attack a spec before training (probe), compare two specs on the same data
// (diff), and re-score stored traffic (rescore, via the diff accumulator).
export { DiffAccumulator, type DiffReport, type Disagreement, type Flip, flipOf } from './diff.js';
export { type AttackPair, buildPairs, type ProbeSeed, wrongAnswerFor } from './families.js';
export {
  FAMILIES,
  type Family,
  type Material,
  materialSchema,
  type NonFinite,
  nonFiniteSchema,
  parseFamilies,
  type UserAttacks,
  userAttacksSchema,
  withUserAttacks,
} from './material.js';
export { type FamilyReport, type ProbeInput, type ProbeRecord, type ProbeReport, runProbe, seedOf } from './probe.js';
