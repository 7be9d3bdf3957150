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
export {
  type OpenRubric,
  QUOTE_WORDS,
  RUBRIC_LIMITS,
  type RubricLimits,
  type RubricSources,
  readRubric,
} from './read-rubric.js';
