// Preference-data curation: layouts, ensemble strength, pairing, relabelling, consistency (docs/preference.md).
export { creamConsistency, kendallTauB } from './consistency.js';
export {
  detectLayout,
  HELPSTEER2_ATTRIBUTES,
  LAYOUTS,
  type Layout,
  LayoutError,
  type Pair,
  pairRated,
  type Rated,
  readPair,
  readRated,
  type Turns,
  turnsText,
  writePair,
} from './layouts.js';
export { type BuiltPair, crossPromptPairs, type LabelledItem, pairsOfPrompt, readLabel } from './pairing.js';
export { conditionText, DRS_DEFAULTS, type DrsOptions, drsBeta, relabelTemplates } from './relabel.js';
export { SkipReport } from './skips.js';
export {
  type DecileRow,
  preferenceStrength,
  quantile,
  type Strength,
  type StrengthFlag,
  strengthDeciles,
  strengthFlag,
} from './strength.js';
