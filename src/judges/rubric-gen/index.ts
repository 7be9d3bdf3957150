// OpenRubrics contrastive rubric generation + preference-label consistency filter (docs/judges.md).
export {
  generateRubric,
  RUBRIC_TEMPLATE,
  type RubricFailure,
  RubricGenerator,
  type RubricGenOptions,
  type RubricOutcome,
  type RubricPair,
  type RubricTemplate,
  type RubricTry,
} from './generate.js';
export { type OpenRubric, RUBRIC_LIMITS, type RubricLimits, readRubric } from './read-rubric.js';
